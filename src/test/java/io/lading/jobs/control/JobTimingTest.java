package io.lading.jobs.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lading.jobs.entity.Backoff;
import io.lading.jobs.entity.Job;
import io.lading.jobs.entity.JobPriority;
import io.lading.jobs.entity.JobStatus;
import io.lading.jobs.entity.JobType;
import io.lading.platform.ProblemException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobTimingTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2030-06-01T12:00:00Z"), ZoneOffset.UTC);

    private static Job newJob() {
        return Job.submitted(JobType.EXPORT, UUID.randomUUID(), JobPriority.NORMAL, 3, null, null);
    }

    @Test
    void runAtIsReadWithItsOffsetAndKeptInUtc() {
        JobTiming timing = JobTiming.of("2030-06-02T08:00:00+02:00", null, null, NOW);

        assertEquals(OffsetDateTime.parse("2030-06-02T06:00:00Z"), timing.runAt());
    }

    @Test
    void aJobWithAFutureRunAtWaitsScheduledAndOneWithAPastRunAtIsQueued() {
        Job later = newJob();
        JobTiming.of(Instant.now().plusSeconds(600).toString(), null, null).applyTo(later);
        Job past = newJob();
        JobTiming.of("2020-01-01T00:00:00Z", null, null).applyTo(past);

        assertEquals(JobStatus.SCHEDULED, later.status());
        assertEquals(JobStatus.QUEUED, past.status());
        assertEquals(OffsetDateTime.parse("2020-01-01T00:00:00Z"), past.runAt());
    }

    @Test
    void aScheduledJobIsPromotedToTheQueueOrCancelled() {
        Job promoted = newJob();
        JobTiming.of(Instant.now().plusSeconds(600).toString(), null, null).applyTo(promoted);
        Job cancelled = newJob();
        JobTiming.of(Instant.now().plusSeconds(600).toString(), null, null).applyTo(cancelled);

        promoted.promote();
        boolean ended = cancelled.cancel();

        assertEquals(JobStatus.QUEUED, promoted.status());
        assertEquals(JobStatus.CANCELLED, cancelled.status());
        assertEquals(true, ended);
    }

    @Test
    void theRetryPolicyIsSetOnTheJob() {
        Job job = newJob();
        JobTiming.of(null, new JobTiming.BackoffRequest("Fixed", 30), 45, NOW).applyTo(job);

        assertEquals(new Backoff(Backoff.Type.FIXED, 30), job.backoff());
        assertEquals(45, job.timeoutMinutes());
        assertEquals(JobStatus.QUEUED, job.status());
    }

    @Test
    void noOptionsMeanTheEngineDefaults() {
        Job job = newJob();
        JobTiming.NONE.applyTo(job);

        assertNull(job.backoff());
        assertNull(job.timeoutMinutes());
        assertNull(job.runAt());
    }

    @ParameterizedTest(name = "runAt={0} backoff={1}/{2} timeout={3}: 400 on {4}")
    @CsvSource(nullValues = "null", value = {
            "tomorrow,             null,        null,  null,  runAt",
            "2030-06-02T08:00:00,  null,        null,  null,  runAt",   // no offset: whose 08:00?
            "2031-06-03T12:00:00Z, null,        null,  null,  runAt",   // more than 366 days ahead
            "null,                 linear,      10,    null,  backoff.type",
            "null,                 null,        10,    null,  backoff.type",
            "null,                 fixed,       0,     null,  backoff.delaySeconds",
            "null,                 exponential, 86401, null,  backoff.delaySeconds",
            "null,                 fixed,       null,  null,  backoff.delaySeconds",
            "null,                 null,        null,  0,     timeoutMinutes",
            "null,                 null,        null,  10081, timeoutMinutes"})
    void outOfRangeOptionsAreInvalidOptionNamingTheField(String runAt, String type, Integer delay, Integer timeout,
                                                         String field) {
        JobTiming.BackoffRequest backoff = type == null && delay == null ? null : new JobTiming.BackoffRequest(type, delay);

        ProblemException e = assertThrows(ProblemException.class, () -> JobTiming.of(runAt, backoff, timeout, NOW));

        assertEquals("INVALID_OPTION", e.code());
        assertEquals(field, e.field());
    }

    @Test
    void aYearAheadIsStillAccepted() {
        assertEquals(OffsetDateTime.parse("2031-06-01T12:00:00Z"),
                JobTiming.of("2031-06-01T12:00:00Z", null, null, NOW).runAt());
    }
}
