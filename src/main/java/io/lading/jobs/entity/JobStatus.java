package io.lading.jobs.entity;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one state machine of every job. A failed attempt is not a resting state: it goes on at once to
 * {@link #RETRY_SCHEDULED} when retrying may help and attempts are left, to {@link #FAILED} when retrying
 * cannot help (the failure is permanent: an unreadable file, a mapping the file does not fit), and to
 * {@link #DEAD} when a failure that may pass used up the attempts. Both wait for a person: a failed job
 * needs its input fixed, a dead one may just need another try.
 *
 * <pre>
 * queued → running → completed
 *                  → retry_scheduled → queued ...
 *                  → failed          → queued (manual retry)
 *                  → dead            → queued (manual retry)
 *                  → cancelled
 *                  → queued          (its node stopped: resumes from the checkpoint)
 * completed → rolling_back → rolled_back   (imports)
 * completed → expired                      (exports)
 * </pre>
 *
 * <p>There is no {@code running → running}: a job taken over from a node that stopped is first put back in
 * the queue (with its checkpoint kept), then started like any other, so every start is one transition and one
 * timeline event.
 */
public enum JobStatus {
    QUEUED, RUNNING, COMPLETED, FAILED, RETRY_SCHEDULED, DEAD, CANCELLED, ROLLING_BACK, ROLLED_BACK, EXPIRED;

    private static final Map<JobStatus, Set<JobStatus>> NEXT = Map.of(
            QUEUED, EnumSet.of(RUNNING, CANCELLED, DEAD),
            RUNNING, EnumSet.of(QUEUED, COMPLETED, FAILED, RETRY_SCHEDULED, DEAD, CANCELLED),
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

    /** Jobs that wait for a node: they count against a tenant's queue limit. */
    public static final Set<JobStatus> WAITING = Collections.unmodifiableSet(EnumSet.of(QUEUED, RETRY_SCHEDULED));

    /** Jobs that ended without doing their work and wait for a person (a retry, a fixed file). */
    public static final Set<JobStatus> GAVE_UP = Collections.unmodifiableSet(EnumSet.of(FAILED, DEAD));

    /** The names as stored, to bind as a SQL array ({@code status = any(?)}) rather than spell in the SQL. */
    public static String[] names(Set<JobStatus> statuses) {
        return statuses.stream().map(Enum::name).toArray(String[]::new);
    }

    /** Settled statuses, as {@link #isSettled()} says. */
    public static Set<JobStatus> settled() {
        EnumSet<JobStatus> settled = EnumSet.noneOf(JobStatus.class);
        for (JobStatus status : values()) {
            if (status.isSettled()) {
                settled.add(status);
            }
        }
        return settled;
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
