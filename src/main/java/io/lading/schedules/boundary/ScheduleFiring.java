package io.lading.schedules.boundary;

import io.lading.jobs.entity.Job;
import io.lading.schedules.control.CronSchedule;
import io.lading.schedules.control.Schedules;
import io.lading.schedules.entity.Schedule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * One firing of one due schedule, in one transaction: the schedule's row is claimed ({@code FOR UPDATE SKIP
 * LOCKED}), its job submitted and {@code nextRunAt} moved to the first firing after now, so two nodes never fire
 * the same schedule, and firings missed while no node ran become one. The job's idempotency key names the
 * schedule and the firing, so even a firing claimed twice (a commit whose answer was lost) yields one job.
 */
@ApplicationScoped
public class ScheduleFiring {

    private static final Logger LOG = Logger.getLogger(ScheduleFiring.class.getName());

    @Inject
    Schedules schedules;

    @Inject
    ScheduledRequests requests;

    /** A firing that could not create its job; its transaction is rolled back, its row free again. */
    public static class FiringFailed extends RuntimeException {
        private final UUID scheduleId;
        private final Instant due;

        FiringFailed(UUID scheduleId, Instant due, RuntimeException cause) {
            super(cause.getMessage(), cause);
            this.scheduleId = scheduleId;
            this.due = due;
        }
    }

    /** Fires the next due schedule; false when none is due (or all due ones are being fired elsewhere). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean fireNextDue() {
        Schedule schedule = schedules.claimDue().orElse(null);
        if (schedule == null) {
            return false;
        }
        Instant due = schedule.nextRunAt().toInstant();
        Job job;
        try {
            job = requests.submit(schedule.tenantId(), schedule.jobType(), schedule.jobRequest(), schedule.id(),
                    idempotencyKey(schedule.id(), due));
        } catch (RuntimeException e) {
            throw new FiringFailed(schedule.id(), due, e);
        }
        schedule.fired(job.id(), next(schedule));
        LOG.info(() -> "Schedule " + schedule.id() + " fired for " + due + ": job " + job.id());
        return true;
    }

    /** The firing could not create its job (queue full, a file that does not fit): skipped, with the reason. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void skip(FiringFailed failed) {
        schedules.lockedAt(failed.scheduleId, failed.due).ifPresent(schedule -> {
            String reason = failed.getCause().getMessage();
            schedule.missed(reason == null ? failed.getCause().getClass().getSimpleName() : reason, next(schedule));
            LOG.warning(() -> "Schedule " + schedule.id() + " skipped its firing of " + failed.due + ": " + reason);
        });
    }

    /** The first firing after now: firings missed while no node ran collapse into the one just made. */
    private static Instant next(Schedule schedule) {
        Instant due = schedule.nextRunAt().toInstant();
        Instant now = Instant.now();
        return CronSchedule.parse(schedule.cron(), schedule.timeZone()).nextAfter(now.isAfter(due) ? now : due);
    }

    static String idempotencyKey(UUID scheduleId, Instant due) {
        return "schedule:" + scheduleId + ":" + due;
    }
}
