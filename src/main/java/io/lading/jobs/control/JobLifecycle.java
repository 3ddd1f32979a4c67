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
    JobRows rows;

    @Inject
    Event<JobEnded> ended;

    public enum Decision { START, SKIP, DEFER }

    public record Claim(Decision decision, Job job, String reason) {
    }

    /** Saves a new job and puts it on the queue: both or neither. */
    public Job submit(Job job) {
        long waiting = em.createQuery("select count(j) from Job j where j.tenantId = :t and j.status in :s", Long.class)
                .setParameter("t", job.tenantId())
                .setParameter("s", List.of(JobStatus.QUEUED, JobStatus.RETRY_SCHEDULED))
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

    public Optional<Job> byIdempotencyKey(UUID tenantId, String key) {
        return em.createQuery("select j from Job j where j.tenantId = :t and j.idempotencyKey = :k", Job.class)
                .setParameter("t", tenantId).setParameter("k", key)
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
            record(job, "node " + previous + " stopped beating; resuming after row " + job.checkpointRow());
            log(job, "recover", "from node " + previous + " after row " + job.checkpointRow());
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
        record(job, resuming ? "resumed on " + node.id() + " after row " + job.checkpointRow()
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
                rows.settleTotals(jobId);
                em.refresh(job);
                job.complete();
                record(job, "completed");
            }
            case CANCELLED -> {
                job.markCancelled();
                record(job, "cancelled after row " + job.checkpointRow());
            }
            case TIMED_OUT -> {
                job.fail("TIMEOUT", "The job ran longer than its limit of " + detail, true, backoff);
                record(job, job.failureReason());
            }
            case INTERRUPTED -> {
                job.releaseForResume();
                dispatcher.dispatch(job);
                record(job, "stopped by server shutdown after row " + job.checkpointRow() + "; queued to resume");
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
        if (job.status() == JobStatus.CANCELLED || job.status() == JobStatus.DEAD) {
            ended.fire(new JobEnded(job.id(), job.type(), job.status(), job.fileKey()));
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
                        select id from jobs where status = 'RETRY_SCHEDULED' and next_attempt_at <= now()
                        order by next_attempt_at limit 100 for update skip locked""")
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
                        select id from jobs where status = 'RUNNING'
                           and (coalesce(heartbeat_at, updated_at) < ?1
                                or (node_id = ?2 and coalesce(heartbeat_at, updated_at) < ?3))
                         limit 100 for update skip locked""")
                .setParameter(1, staleBefore).setParameter(2, node.id()).setParameter(3, node.startedAt())
                .getResultList();
        for (UUID id : orphans) {
            Job job = em.find(Job.class, id);
            String previous = job.nodeId();
            job.releaseForResume();
            record(job, "node " + previous + " stopped beating; queued to resume after row " + job.checkpointRow());
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
                job.status().apiName(), ran.toSeconds(), job.processedRows(), extra).trim());
    }
}
