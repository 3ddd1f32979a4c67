package io.lading.jobs.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class JobStatusTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "QUEUED          | RUNNING CANCELLED DEAD",
            "RUNNING         | QUEUED COMPLETED FAILED RETRY_SCHEDULED DEAD CANCELLED",
            "RETRY_SCHEDULED | QUEUED CANCELLED",
            "DEAD            | QUEUED",
            "FAILED          | QUEUED",
            "CANCELLED       | QUEUED",
            "COMPLETED       | ROLLING_BACK EXPIRED",
            "ROLLING_BACK    | ROLLED_BACK COMPLETED",
            "ROLLED_BACK     | ''",
            "EXPIRED         | ''",
            "SCHEDULED       | QUEUED CANCELLED"})
    void eachStatusMovesOnlyToTheDocumentedNextStatuses(JobStatus from, String allowed) {
        Set<JobStatus> expected = EnumSet.noneOf(JobStatus.class);
        for (String name : allowed.isBlank() ? new String[0] : allowed.trim().split("\\s+")) {
            expected.add(JobStatus.valueOf(name));
        }

        Set<JobStatus> actual = EnumSet.noneOf(JobStatus.class);
        for (JobStatus to : JobStatus.values()) {
            if (from.canMoveTo(to)) {
                actual.add(to);
            }
        }

        assertEquals(expected, actual);
    }

    @Test
    void settledStatusesAreTheEndsOfTheMachine() {
        Set<JobStatus> settled = EnumSet.noneOf(JobStatus.class);
        for (JobStatus status : JobStatus.values()) {
            if (status.isSettled()) {
                settled.add(status);
            }
        }

        assertEquals(EnumSet.of(JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.DEAD, JobStatus.CANCELLED,
                JobStatus.ROLLED_BACK, JobStatus.EXPIRED), settled);
    }

    @Test
    void waitingJobsAreTheQueueAndGivenUpOnesAreFailedOrDeadNothingElse() {
        assertEquals(EnumSet.of(JobStatus.QUEUED, JobStatus.RETRY_SCHEDULED), JobStatus.WAITING);
        assertEquals(EnumSet.of(JobStatus.FAILED, JobStatus.DEAD), JobStatus.GAVE_UP);
        assertEquals(Set.of("FAILED", "DEAD"), Set.of(JobStatus.names(JobStatus.GAVE_UP)));
        assertEquals(6, JobStatus.settled().size());
    }

    @Test
    void pendingJobsAreTheWaitingOnesAndTheDelayedOnes() {
        assertEquals(EnumSet.of(JobStatus.QUEUED, JobStatus.RETRY_SCHEDULED, JobStatus.SCHEDULED), JobStatus.PENDING);
    }

    @ParameterizedTest
    @EnumSource(JobStatus.class)
    void apiNameParsesBack(JobStatus status) {
        assertEquals(status.name().toLowerCase(Locale.ROOT), status.apiName());
        assertEquals(status, JobStatus.parse(status.apiName()));
    }

    @Test
    void parseIgnoresCaseAndSpaces() {
        assertEquals(JobStatus.RETRY_SCHEDULED, JobStatus.parse("  Retry_Scheduled "));
    }

    @Test
    void parseOfAnUnknownOrMissingStatusIsNull() {
        assertNull(JobStatus.parse("finished"));
        assertNull(JobStatus.parse(""));
        assertNull(JobStatus.parse(null));
    }

    @Test
    void illegalTransitionSaysWhatWasRefused() {
        IllegalTransitionException e = new IllegalTransitionException(JobStatus.COMPLETED, JobStatus.CANCELLED);

        assertEquals("A completed job cannot become cancelled", e.getMessage());
    }
}
