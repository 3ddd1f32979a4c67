package io.lading.jobs.entity;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one state machine of every job. A failed attempt is not a resting state: it goes on at once to
 * {@link #RETRY_SCHEDULED} while attempts are left, else to {@link #DEAD}; {@link #FAILED} is kept for
 * jobs whose failure is final but should not count as dead (a rollback that could not complete).
 *
 * <pre>
 * queued → running → completed
 *                  → retry_scheduled → queued ...
 *                  → dead            → queued (manual retry)
 *                  → cancelled
 * completed → rolling_back → rolled_back   (imports)
 * completed → expired                      (exports)
 * </pre>
 */
public enum JobStatus {
    QUEUED, RUNNING, COMPLETED, FAILED, RETRY_SCHEDULED, DEAD, CANCELLED, ROLLING_BACK, ROLLED_BACK, EXPIRED;

    private static final Map<JobStatus, Set<JobStatus>> NEXT = Map.of(
            QUEUED, EnumSet.of(RUNNING, CANCELLED),
            RUNNING, EnumSet.of(RUNNING, QUEUED, COMPLETED, FAILED, RETRY_SCHEDULED, DEAD, CANCELLED),
            RETRY_SCHEDULED, EnumSet.of(QUEUED, CANCELLED),
            DEAD, EnumSet.of(QUEUED),
            FAILED, EnumSet.of(QUEUED),
            CANCELLED, EnumSet.of(QUEUED),
            COMPLETED, EnumSet.of(ROLLING_BACK, EXPIRED),
            ROLLING_BACK, EnumSet.of(ROLLED_BACK, COMPLETED),
            ROLLED_BACK, EnumSet.noneOf(JobStatus.class),
            EXPIRED, EnumSet.noneOf(JobStatus.class));

    public boolean canMoveTo(JobStatus next) {
        return NEXT.get(this).contains(next);
    }

    /** No further work will happen on its own. */
    public boolean isSettled() {
        return this == COMPLETED || this == FAILED || this == DEAD || this == CANCELLED
                || this == ROLLED_BACK || this == EXPIRED;
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobStatus parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
