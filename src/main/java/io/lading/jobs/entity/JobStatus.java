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
 * scheduled → queued               (its runAt came: a delayed job)
 *           → cancelled
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
 *
 * <p>A job submitted with a {@code runAt} in the future starts {@link #SCHEDULED}; the retry sweep moves it to
 * {@code queued} when its time comes. Until then it can be cancelled like a queued one.
 */
public enum JobStatus {
    QUEUED, RUNNING, COMPLETED, FAILED, RETRY_SCHEDULED, DEAD, CANCELLED, ROLLING_BACK, ROLLED_BACK, EXPIRED,
    SCHEDULED;

    private static final Map<JobStatus, Set<JobStatus>> NEXT = Map.ofEntries(
            Map.entry(QUEUED, EnumSet.of(RUNNING, CANCELLED, DEAD)),
            Map.entry(RUNNING, EnumSet.of(QUEUED, COMPLETED, FAILED, RETRY_SCHEDULED, DEAD, CANCELLED)),
            Map.entry(RETRY_SCHEDULED, EnumSet.of(QUEUED, CANCELLED)),
            Map.entry(DEAD, EnumSet.of(QUEUED)),
            Map.entry(FAILED, EnumSet.of(QUEUED)),
            Map.entry(CANCELLED, EnumSet.of(QUEUED)),
            Map.entry(COMPLETED, EnumSet.of(ROLLING_BACK, EXPIRED)),
            Map.entry(ROLLING_BACK, EnumSet.of(ROLLED_BACK, COMPLETED)),
            Map.entry(ROLLED_BACK, EnumSet.noneOf(JobStatus.class)),
            Map.entry(EXPIRED, EnumSet.noneOf(JobStatus.class)),
            Map.entry(SCHEDULED, EnumSet.of(QUEUED, CANCELLED)));

    public boolean canMoveTo(JobStatus next) {
        return NEXT.get(this).contains(next);
    }

    /** No further work will happen on its own. */
    public boolean isSettled() {
        return this == COMPLETED || this == FAILED || this == DEAD || this == CANCELLED
                || this == ROLLED_BACK || this == EXPIRED;
    }

    /** Jobs that wait for a node. */
    public static final Set<JobStatus> WAITING = Collections.unmodifiableSet(EnumSet.of(QUEUED, RETRY_SCHEDULED));

    /**
     * Jobs that have yet to run: they count against a tenant's queue limit. Delayed ({@code scheduled}) jobs count
     * too, so a tenant cannot pile up unbounded rows for the sweeps to carry by dating them in the future.
     */
    public static final Set<JobStatus> PENDING = Collections.unmodifiableSet(
            EnumSet.of(QUEUED, RETRY_SCHEDULED, SCHEDULED));

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
