package io.lading.schedules.control;

import io.lading.jobs.entity.JobType;
import io.lading.platform.Cursor;
import io.lading.platform.Page;
import io.lading.platform.ProblemException;
import io.lading.schedules.entity.Schedule;
import io.lading.tenancy.control.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/** A tenant's schedules, and the claim of a due one by the sweep that fires it. */
@ApplicationScoped
@Transactional
public class Schedules {

    @PersistenceContext
    EntityManager em;

    @Inject
    @ConfigProperties
    ScheduleSettings settings;

    /** A change asked for; null parts stay as they are. */
    public record Change(String name, CronSchedule when, JobType jobType, String jobRequest, Boolean paused) {
    }

    public Schedule create(UUID tenantId, String name, CronSchedule when, JobType jobType, String jobRequest,
                           boolean paused) {
        // Creations of one tenant take turns, so the limit holds when two arrive at once.
        em.createNativeQuery("select count(*) from (select pg_advisory_xact_lock(?1)) locked")
                .setParameter(1, tenantId.getMostSignificantBits() ^ tenantId.getLeastSignificantBits() ^ 0x5C4ED).getSingleResult();
        long existing = em.createQuery("select count(s) from Schedule s where s.tenantId = :t", Long.class)
                .setParameter("t", tenantId).getSingleResult();
        if (existing >= settings.tenantLimit()) {
            throw ProblemException.conflict("SCHEDULE_LIMIT",
                    "This tenant has " + existing + " schedules, the most it may have; delete one first");
        }
        Schedule schedule = Schedule.create(tenantId, name, when.expression(), when.zone().getId(), jobType,
                jobRequest, paused, when.nextAfter(Instant.now()));
        em.persist(schedule);
        return schedule;
    }

    /** A page of one tenant's schedules (every tenant's when {@code tenantId} is null: operators), newest first. */
    public Page<Schedule> list(UUID tenantId, String cursor, Integer limit) {
        Cursor after = Cursor.decode(cursor);
        int size = Cursor.limit(limit, 50, 500);
        var query = em.createQuery("select s from Schedule s where "
                        + (tenantId == null ? "1 = 1" : "s.tenantId = :t")
                        + (after == null ? "" : " and (s.createdAt < :at or (s.createdAt = :at and s.id < :id))")
                        + " order by s.createdAt desc, s.id desc", Schedule.class);
        if (tenantId != null) {
            query.setParameter("t", tenantId);
        }
        if (after != null) {
            query.setParameter("at", after.createdAt()).setParameter("id", after.id());
        }
        List<Schedule> rows = query.setMaxResults(size + 1).getResultList();
        return Page.of(rows, size, s -> new Cursor(s.createdAt(), s.id()));
    }

    /** The schedule if the caller may see it; another tenant's answers 404 exactly as an unknown id. */
    public Schedule visible(Caller caller, UUID id) {
        Schedule schedule = em.find(Schedule.class, id);
        if (schedule == null || !caller.canSee(schedule.tenantId())) {
            throw ProblemException.notFound("Schedule " + id);
        }
        return schedule;
    }

    public Schedule change(Caller caller, UUID id, Change change) {
        Schedule schedule = visible(caller, id);
        em.lock(schedule, LockModeType.PESSIMISTIC_WRITE);
        if (change.name() != null) {
            schedule.rename(change.name());
        }
        if (change.jobType() != null) {
            schedule.job(change.jobType(), change.jobRequest());
        }
        if (Boolean.TRUE.equals(change.paused())) {
            schedule.pause();
        }
        CronSchedule when = change.when() != null ? change.when()
                : CronSchedule.parse(schedule.cron(), schedule.timeZone());
        if (Boolean.FALSE.equals(change.paused()) && schedule.paused()) {
            schedule.resume(when.nextAfter(Instant.now()));
        }
        if (change.when() != null) {
            schedule.when(when.expression(), when.zone().getId(), when.nextAfter(Instant.now()));
        }
        return schedule;
    }

    public void delete(Caller caller, UUID id) {
        em.remove(visible(caller, id));
    }

    /**
     * The next due schedule (database clock), locked for the caller's transaction; schedules another node is
     * firing right now are passed over ({@code SKIP LOCKED}), so each firing is claimed once.
     */
    public Optional<Schedule> claimDue() {
        @SuppressWarnings("unchecked")
        List<UUID> due = em.createNativeQuery("""
                        select id from schedules where not paused and next_run_at <= now()
                         order by next_run_at limit 1 for update skip locked""")
                .getResultList();
        return due.stream().findFirst().map(id -> em.find(Schedule.class, id));
    }

    /** The schedule locked, when it still waits for the firing at {@code due}. */
    public Optional<Schedule> lockedAt(UUID id, Instant due) {
        Schedule schedule = em.find(Schedule.class, id, LockModeType.PESSIMISTIC_WRITE);
        return Optional.ofNullable(schedule)
                .filter(s -> s.nextRunAt() != null && s.nextRunAt().toInstant().equals(due));
    }
}
