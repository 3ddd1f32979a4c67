package io.lading.jobs.control;

import io.lading.jobs.entity.IllegalTransitionException;
import io.lading.jobs.entity.Job;
import io.lading.jobs.entity.JobEvent;
import io.lading.jobs.entity.JobStatus;
import io.lading.jobs.entity.JobType;
import io.lading.platform.NodeIdentity;
import io.lading.platform.ProblemException;
import io.lading.platform.RetryLaterException;
import io.lading.jobs.entity.JobEnded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Every status change of a job, each in its own transaction, with its timeline event, its log line and,
 * where the job goes back to the queue, its message. Rows are locked while they change, so two nodes
 * deciding about the same job (a redelivered message, a sweep) take turns.
 */
@ApplicationScoped
@Transactional
public class JobLifecycle {

    private static final Logger LOG = Logger.getLogger("io.lading.jobs.lifecycle");

    @PersistenceContext
    EntityManager em;

    @Inject
    JobDispatcher dispatcher;

    @Inject
    NodeIdentity node;

    @Inject
    @ConfigProperties
    EngineSettings settings;

    @Inject
    Event<JobEnded> ended;

    public enum Decision { START, SKIP, DEFER }

    public record Claim(Decision decision, Job job, String reason) {
    }

    /**
     * Saves a new job and puts it on the queue: both or neither. A job with an idempotency key that this
     * tenant already used for this type is not saved: the earlier job is returned instead.
     *
     * <p>Submissions of one tenant take turns on a transaction-scoped PostgreSQL advisory lock, so the queue
     * limit is checked and the row inserted as one step on every node: two concurrent submissions cannot both
     * see the last free place, and the second of two with the same key finds the first one's committed job.
     */
    public Job submit(Job job) {
        em.createNativeQuery("select count(*) from (select pg_advisory_xact_lock(?1)) locked")
                .setParameter(1, submissionLock(job.tenantId())).getSingleResult();
        if (job.idempotencyKey() != null) {
            Optional<Job> earlier = byIdempotencyKey(job.tenantId(), job.type(), job.idempotencyKey());
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        long waiting = em.createQuery("select count(j) from Job j where j.tenantId = :t and j.status in :s", Long.class)
                .setParameter("t", job.tenantId())
                .setParameter("s", JobStatus.WAITING)
                .getSingleResult();
        if (waiting >= settings.tenantQueueLimit()) {
            throw new RetryLaterException(429, "QUEUE_FULL", "Too Many Requests",
                    "This tenant has " + waiting + " jobs waiting (limit " + settings.tenantQueueLimit()
                            + "); submit again when some have run", 5);
        }
        em.persist(job);
        em.flush();
        record(job, "submitted");
        dispatcher.dispatch(job);
        log(job, "queued", "");
        return job;
    }

    /** The advisory lock key of a tenant's submissions: its id folded to 64 bits, in a space of its own. */
    static long submissionLock(UUID tenantId) {
        return 0x4C6164696E67L ^ tenantId.getMostSignificantBits() ^ tenantId.getLeastSignificantBits();
    }

    /** The job of this tenant and type that was submitted with this key (keys of other types do not count). */
    public Optional<Job> byIdempotencyKey(UUID tenantId, JobType type, String key) {
        return em.createQuery("""
                        select j from Job j where j.tenantId = :t and j.type = :type and j.idempotencyKey = :k""",
                        Job.class)
                .setParameter("t", tenantId).setParameter("type", type).setParameter("k", key)
                .getResultStream().findFirst();
    }

    /**
     * A node received the job's message and asks whether to run it. Duplicates (redelivery, a sweep that
     * raced) are skipped; a tenant over its fair share waits while others have jobs waiting.
     */
    public Claim claim(UUID jobId) {
        Job job = em.find(Job.class, jobId, LockModeType.PESSIMISTIC_WRITE);
        if (job == null) {
            return new Claim(Decision.SKIP, null, "no such job");
        }
        if (job.status() == JobStatus.RUNNING && job.isOrphaned(node.startedAt(), node.id(), settings.staleAfter())) {
            String previous = job.nodeId();
            job.releaseForResume();
            record(job, "node " + previous + " stopped beating; resuming after row " + job.checkpoint().row());
            log(job, "recover", "from node " + previous + " after row " + job.checkpoint().row());
        }
        if (job.status() != JobStatus.QUEUED) {
            return new Claim(Decision.SKIP, job, "job is " + job.status().apiName());
        }
        if (overFairShare(job)) {
            return new Claim(Decision.DEFER, job, "tenant holds its share of slots while others wait");
        }
        boolean resuming = job.resumePending();
        job.start(node.id());
        em.flush();
        em.createNativeQuery("update jobs set heartbeat_at = now() where id = ?").setParameter(1, job.id())
                .executeUpdate();
        record(job, resuming ? "resumed on " + node.id() + " after row " + job.checkpoint().row()
                : "attempt " + job.attempts() + " started on " + node.id());
        log(job, resuming ? "resume" : "start", "");
        return new Claim(Decision.START, job, null);
    }

    private boolean overFairShare(Job job) {
        long mine = em.createQuery("""
                        select count(j) from Job j where j.tenantId = :t and j.status = :running and j.nodeId = :node""",
                        Long.class)
                .setParameter("t", job.tenantId()).setParameter("running", JobStatus.RUNNING)
                .setParameter("node", node.id()).getSingleResult();
        if (mine < settings.tenantSlots()) {
            return false;
        }
        long othersWaiting = em.createQuery(
                        "select count(j) from Job j where j.tenantId <> :t and j.status = :queued", Long.class)
                .setParameter("t", job.tenantId()).setParameter("queued", JobStatus.QUEUED).getSingleResult();
        return othersWaiting > 0;
    }

    public void deferred(UUID jobId, long delayMillis) {
        Job job = em.find(Job.class, jobId);
        if (job != null && job.status() == JobStatus.QUEUED) {
            dispatcher.dispatchLater(job, delayMillis);
        }
    }

    public void recordExecution(UUID jobId, long executionId) {
        em.find(Job.class, jobId, LockModeType.PESSIMISTIC_WRITE).recordExecution(executionId);
    }

    /** How a batch execution ended, as the runner saw it. */
    public enum Ending { COMPLETED, FAILED, CANCELLED, TIMED_OUT, INTERRUPTED }

    /** Settles a job after its batch execution ended on this node. */
    public Job finish(UUID jobId, Ending ending, String detail) {
        Job job = em.find(Job.class, jobId, LockModeType.PESSIMISTIC_WRITE);
        if (job.status() != JobStatus.RUNNING || !node.id().equals(job.nodeId())) {
            // Another node took it over meanwhile; its outcome is the one that counts.
            return job;
        }
        Duration backoff = RetryBackoff.after(job.attempts(), settings.backoffBase(), settings.backoffMax());
        switch (ending) {
            case COMPLETED -> {
                em.flush();
                // Through the entity manager, not a connection of its own: this transaction holds the row's lock.
                em.createNativeQuery("""
                                update jobs set total_rows = processed_rows, bytes_read = coalesce(file_size, bytes_read)
                                 where id = ?1""")
                        .setParameter(1, jobId).executeUpdate();
                em.refresh(job);
                job.complete();
                record(job, "completed");
            }
            case CANCELLED -> {
                job.markCancelled();
                record(job, "cancelled after row " + job.checkpoint().row());
            }
            case TIMED_OUT -> {
                job.fail("TIMEOUT", "The job ran longer than its limit of " + detail, true, backoff);
                record(job, job.failureReason());
            }
            case INTERRUPTED -> {
                job.releaseForResume();
                dispatcher.dispatch(job);
                record(job, "stopped by server shutdown after row " + job.checkpoint().row() + "; queued to resume");
            }
            case FAILED -> {
                String code = job.failureCode() != null ? job.failureCode() : "JOB_FAILED";
                String reason = job.failureReason() != null ? job.failureReason() : detail;
                job.fail(code, reason, !job.failurePermanent(), backoff);
                record(job, code + ": " + reason);
            }
        }
        log(job, ending.name().toLowerCase(Locale.ROOT), job.failureCode() == null ? "" : "code=" + job.failureCode());
        settleParentOfRollback(job);
        announceIfEndedUnfinished(job);
        return job;
    }

    /** Observers run after the commit (or not at all when it fails). */
    private void announceIfEndedUnfinished(Job job) {
        if (job.status() == JobStatus.CANCELLED || JobStatus.GAVE_UP.contains(job.status())) {
            ended.fire(new JobEnded(job.id(), job.type(), job.status(), job.file().key()));
        }
    }

    /** A rollback job that ended decides its import's fate: rolled back, or completed as it was. */
    private void settleParentOfRollback(Job job) {
        if (job.type() != JobType.ROLLBACK || job.parentId() == null || !job.status().isSettled()) {
            return;
        }
        Job imported = em.find(Job.class, job.parentId(), LockModeType.PESSIMISTIC_WRITE);
        if (imported == null || imported.status() != JobStatus.ROLLING_BACK) {
            return;
        }
        if (job.status() == JobStatus.COMPLETED) {
            imported.rolledBack();
            record(imported, "rolled back by job " + job.id());
        } else {
            imported.rollbackAbandoned();
            record(imported, "rollback " + job.id() + " ended " + job.status().apiName() + "; the import stands");
        }
    }

    /** Cancel from the API: immediate for a waiting job, at the next chunk boundary for a running one. */
    public Job cancel(UUID jobId) {
        Job job = lockedForChange(jobId);
        try {
            boolean done = job.cancel();
            record(job, done ? "cancelled" : "cancel requested");
            settleParentOfRollback(job);
            announceIfEndedUnfinished(job);
            log(job, "cancel", done ? "" : "requested");
        } catch (IllegalTransitionException e) {
            throw ProblemException.conflict("JOB_NOT_CANCELLABLE", e.getMessage());
        }
        return job;
    }

    /**
     * A completed import starts to be rolled back: it becomes {@code rolling_back} and its rollback job is
     * queued, in the caller's transaction, which holds the import's row locked after checking it may.
     */
    public Job beginRollback(Job imported, Job rollback) {
        imported.beginRollback();
        record(imported, "rollback requested: job " + rollback.id());
        log(imported, "rollback", "job=" + rollback.id());
        return submit(rollback);
    }

    /**
     * A completed export whose file was deleted (the caller claimed its row, {@code FOR UPDATE}, in this
     * transaction) ends {@code expired}.
     */
    public void expire(UUID exportId, String note) {
        Job job = em.find(Job.class, exportId, LockModeType.PESSIMISTIC_WRITE);
        job.expire();
        record(job, note);
        log(job, "expire", "");
    }

    /** Manual retry of a dead, failed or cancelled job. */
    public Job revive(UUID jobId) {
        Job job = lockedForChange(jobId);
        try {
            job.revive();
        } catch (IllegalTransitionException e) {
            throw ProblemException.conflict("JOB_NOT_RETRYABLE", e.getMessage());
        }
        record(job, "retry requested");
        dispatcher.dispatch(job);
        log(job, "retry", "manual");
        return job;
    }

    /** The retry sweep: jobs whose backoff is over go back on the queue. Safe on every node at once. */
    public int requeueDueRetries() {
        @SuppressWarnings("unchecked")
        List<UUID> due = em.createNativeQuery("""
                        select id from jobs where status = ?1 and next_attempt_at <= now()
                        order by next_attempt_at limit 100 for update skip locked""")
                .setParameter(1, JobStatus.RETRY_SCHEDULED.name())
                .getResultList();
        for (UUID id : due) {
            Job job = em.find(Job.class, id);
            job.requeue();
            record(job, "retry " + (job.attempts() + 1) + " of " + job.maxAttempts() + " queued");
            dispatcher.dispatch(job);
            log(job, "retry", "attempt " + (job.attempts() + 1));
        }
        return due.size();
    }

    /** The orphan sweep: running jobs whose node stopped beating are queued to resume from their checkpoint. */
    public int releaseOrphans() {
        OffsetDateTime staleBefore = OffsetDateTime.now().minus(settings.staleAfter());
        @SuppressWarnings("unchecked")
        List<UUID> orphans = em.createNativeQuery("""
                        select id from jobs where status = ?4
                           and (coalesce(heartbeat_at, updated_at) < ?1
                                or (node_id = ?2 and coalesce(heartbeat_at, updated_at) < ?3))
                         limit 100 for update skip locked""")
                .setParameter(4, JobStatus.RUNNING.name())
                .setParameter(1, staleBefore).setParameter(2, node.id()).setParameter(3, node.startedAt())
                .getResultList();
        for (UUID id : orphans) {
            Job job = em.find(Job.class, id);
            String previous = job.nodeId();
            job.releaseForResume();
            record(job, "node " + previous + " stopped beating; queued to resume after row " + job.checkpoint().row());
            dispatcher.dispatch(job);
            log(job, "recover", "from node " + previous);
        }
        return orphans.size();
    }

    public List<JobEvent> events(UUID jobId) {
        return em.createQuery("select e from JobEvent e where e.jobId = :id order by e.id", JobEvent.class)
                .setParameter("id", jobId).getResultList();
    }

    private Job lockedForChange(UUID jobId) {
        try {
            return em.find(Job.class, jobId, LockModeType.PESSIMISTIC_WRITE);
        } catch (PersistenceException e) {
            throw new RetryLaterException(409, "JOB_BUSY", "Conflict", "The job is changing right now; try again", 1);
        }
    }

    private void record(Job job, String message) {
        em.persist(new JobEvent(job, message));
    }

    private void log(Job job, String what, String extra) {
        Duration ran = job.startedAt() == null ? Duration.ZERO
                : Duration.between(job.startedAt(), OffsetDateTime.now());
        LOG.info(() -> String.format(Locale.ROOT,
                "job %s %s tenant=%s type=%s attempt=%d/%d status=%s duration=%ds rows=%d %s",
                what, job.id(), job.tenantId(), job.type().apiName(), job.attempts(), job.maxAttempts(),
                job.status().apiName(), ran.toSeconds(), job.rows().processed(), extra).trim());
    }
}
