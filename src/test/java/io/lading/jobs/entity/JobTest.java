package io.lading.jobs.entity;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobTest {

    private static final String NODE = "node-a";
    private static final Duration BACKOFF = Duration.ofMinutes(5);

    @Test
    void submittedJobIsQueuedWithNoAttempts() {
        UUID tenant = UUID.randomUUID();
        Job job = Job.submitted(JobType.IMPORT, tenant, JobPriority.HIGH, 3, "key-1", null);

        assertAll(
                () -> assertEquals(JobStatus.QUEUED, job.status()),
                () -> assertEquals(0, job.attempts()),
                () -> assertEquals(3, job.maxAttempts()),
                () -> assertEquals(tenant, job.tenantId()),
                () -> assertEquals(JobType.IMPORT, job.type()),
                () -> assertEquals(JobPriority.HIGH, job.priority()),
                () -> assertEquals("key-1", job.idempotencyKey()),
                () -> assertNotNull(job.id()),
                () -> assertNotNull(job.createdAt()),
                () -> assertNull(job.startedAt()),
                () -> assertNull(job.completedAt()));
    }

    @Test
    void eachSubmittedJobGetsItsOwnId() {
        assertFalse(job(3).id().equals(job(3).id()));
    }

    @Test
    void startingAQueuedJobBeginsTheFirstAttemptOnThatNode() {
        Job job = job(3);

        job.start(NODE);

        assertEquals(JobStatus.RUNNING, job.status());
        assertEquals(1, job.attempts());
        assertEquals(NODE, job.nodeId());
        assertNotNull(job.startedAt());
    }

    @Test
    void runningJobCompletes() {
        Job job = running(3);

        job.complete();

        assertEquals(JobStatus.COMPLETED, job.status());
        assertNotNull(job.completedAt());
        assertTrue(job.status().isSettled());
        assertEquals(100, job.progress());
    }

    @Test
    void retryableFailureWithAttemptsLeftSchedulesARetryAfterTheBackoff() {
        Job job = running(3);
        OffsetDateTime before = now();

        job.fail("STORAGE_UNAVAILABLE", "S3 did not answer", true, BACKOFF);

        OffsetDateTime after = now();
        assertEquals(JobStatus.RETRY_SCHEDULED, job.status());
        assertFalse(job.nextAttemptAt().isBefore(before.plus(BACKOFF)), "not before the backoff is over");
        assertFalse(job.nextAttemptAt().isAfter(after.plus(BACKOFF)), "not later than the backoff");
        assertTrue(job.nextAttemptAt().isAfter(after), "in the future");
        assertEquals("STORAGE_UNAVAILABLE", job.failureCode());
        assertEquals("S3 did not answer", job.failureReason());
        assertFalse(job.failurePermanent());
        assertNull(job.completedAt());
        assertFalse(job.status().isSettled());
    }

    @Test
    void retryableFailureOnTheLastAttemptKillsTheJob() {
        Job job = running(1);

        job.fail("STORAGE_UNAVAILABLE", "S3 did not answer", true, BACKOFF);

        assertEquals(JobStatus.DEAD, job.status());
        assertNull(job.nextAttemptAt());
        assertNotNull(job.completedAt());
        assertFalse(job.failurePermanent());
    }

    @Test
    void retriedJobDiesWhenItsLastAttemptFails() {
        Job job = running(2);
        job.fail("STORAGE_UNAVAILABLE", "first", true, BACKOFF);
        job.requeue();
        assertEquals(JobStatus.QUEUED, job.status());
        assertNull(job.nextAttemptAt());

        job.start(NODE);
        assertEquals(2, job.attempts());
        assertNull(job.failureCode(), "a new attempt starts without the last one's failure");
        job.fail("STORAGE_UNAVAILABLE", "second", true, BACKOFF);

        assertEquals(JobStatus.DEAD, job.status());
        assertEquals("second", job.failureReason());
    }

    @Test
    void permanentFailureEndsFailedNotDeadEvenWithAttemptsLeft() {
        Job job = running(5);

        job.fail("UNSUPPORTED_FORMAT", "not CSV", false, BACKOFF);

        assertEquals(JobStatus.FAILED, job.status(), "retrying cannot fix it: failed, not dead");
        assertNotNull(job.completedAt());
        assertTrue(job.failurePermanent());
        assertEquals("UNSUPPORTED_FORMAT", job.failureCode());
        assertNull(job.nextAttemptAt());
        assertTrue(job.status().isSettled());
    }

    @Test
    void cancellingAQueuedJobEndsItAtOnce() {
        Job job = job(3);

        assertTrue(job.cancel());

        assertEquals(JobStatus.CANCELLED, job.status());
        assertNotNull(job.completedAt());
    }

    @Test
    void cancellingAJobWaitingForItsRetryEndsItAtOnce() {
        Job job = running(3);
        job.fail("STORAGE_UNAVAILABLE", "S3 did not answer", true, BACKOFF);

        assertTrue(job.cancel());

        assertEquals(JobStatus.CANCELLED, job.status());
    }

    @Test
    void cancellingARunningJobOnlyAsksItToStop() {
        Job job = running(3);

        assertFalse(job.cancel());

        assertEquals(JobStatus.RUNNING, job.status());
        assertTrue(job.cancelRequested());
        assertNull(job.completedAt());

        job.markCancelled();
        assertEquals(JobStatus.CANCELLED, job.status());
        assertNotNull(job.completedAt());
    }

    @Test
    void cancellingACompletedJobIsRefused() {
        Job job = running(3);
        job.complete();

        IllegalTransitionException refused = assertThrows(IllegalTransitionException.class, job::cancel);

        assertEquals(JobStatus.COMPLETED, refused.from());
        assertEquals(JobStatus.CANCELLED, refused.to());
        assertEquals(JobStatus.COMPLETED, job.status(), "the job is unchanged");
    }

    @Test
    void completingAQueuedJobIsRefused() {
        Job job = job(3);

        IllegalTransitionException refused = assertThrows(IllegalTransitionException.class, job::complete);

        assertEquals(JobStatus.QUEUED, refused.from());
        assertEquals(JobStatus.COMPLETED, refused.to());
        assertEquals(JobStatus.QUEUED, job.status());
        assertNull(job.completedAt());
    }

    @Test
    void failedJobCannotBeCancelledOrCompleted() {
        Job job = running(1);
        job.fail("X", "x", false, BACKOFF);
        assertEquals(JobStatus.FAILED, job.status());

        assertThrows(IllegalTransitionException.class, job::cancel);
        assertThrows(IllegalTransitionException.class, job::complete);
        assertThrows(IllegalTransitionException.class, () -> job.start(NODE));
    }

    @Test
    void aRetryableFailureOnTheLastAttemptEndsDeadNotFailed() {
        Job job = running(1);

        job.fail("STORAGE_UNAVAILABLE", "S3 did not answer", true, BACKOFF);

        assertEquals(JobStatus.DEAD, job.status());
        assertFalse(job.failurePermanent());
        assertNotNull(job.completedAt());
    }

    @Test
    void aRunningJobCannotBeStartedAgainWithoutGoingBackToTheQueue() {
        Job job = running(3);

        IllegalTransitionException refused = assertThrows(IllegalTransitionException.class, () -> job.start("other"));

        assertEquals(JobStatus.RUNNING, refused.to());
        assertEquals(1, job.attempts(), "a refused start counts no attempt");
        job.releaseForResume();
        job.start("other");
        assertEquals(JobStatus.RUNNING, job.status());
        assertEquals(1, job.attempts(), "a resumed attempt is the same attempt");
        assertEquals("other", job.nodeId());
    }

    @Test
    void aFailedJobIsRevivedLikeADeadOne() {
        Job job = running(3);
        job.fail("UNSUPPORTED_FORMAT", "not CSV", false, BACKOFF);

        job.revive();
        job.start(NODE);

        assertEquals(JobStatus.RUNNING, job.status());
        assertNull(job.failureCode());
    }

    @Test
    void completedJobCannotBeRevived() {
        Job job = running(1);
        job.complete();

        assertThrows(IllegalTransitionException.class, job::revive);
    }

    @Test
    void revivingADeadJobQueuesItWithOneMoreAttempt() {
        Job job = running(1);
        job.fail("STORAGE_UNAVAILABLE", "S3 did not answer", true, BACKOFF);
        assertEquals(JobStatus.DEAD, job.status());

        job.revive();

        assertEquals(JobStatus.QUEUED, job.status());
        assertTrue(job.maxAttempts() >= job.attempts() + 1, "max " + job.maxAttempts() + ", used " + job.attempts());
        assertNull(job.completedAt());
        assertNull(job.nextAttemptAt());

        job.start(NODE);
        assertEquals(2, job.attempts());
        job.fail("STORAGE_UNAVAILABLE", "again", true, BACKOFF);
        assertEquals(JobStatus.DEAD, job.status(), "revive grants one attempt, not more");
    }

    @Test
    void revivingDoesNotLowerAGenerousMaxAttempts() {
        Job job = running(5);
        job.fail("UNSUPPORTED_FORMAT", "not CSV", false, BACKOFF);

        job.revive();

        assertEquals(5, job.maxAttempts());
    }

    @Test
    void revivingACancelledJobClearsTheCancelRequest() {
        Job job = running(3);
        job.cancel();
        job.markCancelled();

        job.revive();

        assertEquals(JobStatus.QUEUED, job.status());
        assertFalse(job.cancelRequested());
    }

    @Test
    void resumingAReleasedJobContinuesTheSameAttempt() {
        Job job = running(3);

        job.releaseForResume();
        assertEquals(JobStatus.QUEUED, job.status());
        assertTrue(job.resumePending());

        job.start("node-b");
        assertEquals(JobStatus.RUNNING, job.status());
        assertEquals(1, job.attempts(), "a resume is not a new attempt");
        assertFalse(job.resumePending());
        assertEquals("node-b", job.nodeId());

        job.releaseForResume();
        job.start(NODE);
        assertEquals(1, job.attempts());
    }

    @Test
    void startAfterAResumeCountsAgainWhenTheJobIsRetried() {
        Job job = running(3);
        job.releaseForResume();
        job.start(NODE);
        job.fail("STORAGE_UNAVAILABLE", "S3 did not answer", true, BACKOFF);
        job.requeue();

        job.start(NODE);

        assertEquals(2, job.attempts());
    }

    @Test
    void revivingACancelledJobThatWasWaitingToResumeStartsANewAttempt() {
        Job job = running(1);
        job.releaseForResume();
        assertTrue(job.cancel());
        job.revive();

        job.start(NODE);

        assertEquals(2, job.attempts());
        job.fail("STORAGE_UNAVAILABLE", "S3 did not answer", true, BACKOFF);
        assertEquals(JobStatus.DEAD, job.status(), "revive grants one attempt, not more");
    }

    @Test
    void aJobWhoseMessageCannotBeDeliveredEndsDeadFromTheQueue() {
        Job job = job(3);

        job.undeliverable("sent 3 times, never delivered");

        assertEquals(JobStatus.DEAD, job.status());
        assertEquals("UNDELIVERABLE", job.failureCode());
        assertNotNull(job.completedAt());
    }

    @Test
    void progressFollowsTheFileSizeAndIsZeroWithoutOne() {
        Job job = job(3);
        assertEquals(0, job.progress());

        job.attachFile("contacts.csv", "tenants/t/uploads/u/contacts.csv", 1000L);
        assertEquals(0, job.progress(), "nothing read yet");
        assertEquals("contacts.csv", job.file().name());
        assertEquals(1000L, job.file().size());
    }

    // --- helpers ------------------------------------------------------------------------------------------

    private static Job job(int maxAttempts) {
        return Job.submitted(JobType.IMPORT, UUID.randomUUID(), JobPriority.NORMAL, maxAttempts, null, null);
    }

    private static Job running(int maxAttempts) {
        Job job = job(maxAttempts);
        job.start(NODE);
        return job;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
