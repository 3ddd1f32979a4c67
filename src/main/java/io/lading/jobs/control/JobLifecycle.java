package io.lading.jobs.control;

import io.lading.jobs.entity.IllegalTransitionException;
import io.lading.jobs.entity.Job;
import io.lading.jobs.entity.JobStatus;
import io.lading.jobs.entity.JobStatusRecorded;
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

    @Inject
    Event<JobStatusRecorded> recorded;

    @Inject
    JobTimeline timeline;

    public enum Decision { START, SKIP, DEFER }

    /** What a node decided about a job's message; {@code epoch} is the run's owner epoch when it starts. */
    public record Claim(Decision decision, Job job, String reason, long epoch) {
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
                .setParameter("s", JobStatus.PENDING)
                .getSingleResult();
        if (waiting >= settings.tenantQueueLimit()) {
            throw new RetryLaterException(429, "QUEUE_FULL", "Too Many Requests",
                    "This tenant has " + waiting + " jobs waiting (limit " + settings.tenantQueueLimit()
                            + "); submit again when some have run", 5);
        }
        em.persist(job);
        em.flush();
        if (job.status() == JobStatus.SCHEDULED) {
            // Not sent yet: the retry sweep promotes and sends it when its time comes (promoteDueScheduled).
            record(job, "submitted; scheduled to start at " + job.runAt());
            log(job, "scheduled", "runAt=" + job.runAt());
            return job;
        }
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
            return new Claim(Decision.SKIP, null, "no such job", 0);
        }
        if (job.status() == JobStatus.RUNNING && isOrphaned(jobId)) {
            String previous = job.nodeId();
            job.releaseForResume();
            record(job, "node " + previous + " stopped beating; resuming after row " + job.checkpoint().row());
            log(job, "recover", "from node " + previous + " after row " + job.checkpoint().row());
        }
        if (job.status() != JobStatus.QUEUED) {
            return new Claim(Decision.SKIP, job, "job is " + job.status().apiName(), 0);
        }
        if (overFairShare(job)) {
            return new Claim(Decision.DEFER, job, "tenant holds its share of slots while others wait", 0);
        }
        boolean resuming = job.resumePending();
        job.start(node.id());
        em.flush();
        // A new owner epoch fences off whatever an earlier owner of the job still tries to commit.
        long epoch = ((Number) em.createNativeQuery("""
                        update jobs set heartbeat_at = now(), owner_epoch = owner_epoch + 1 where id = ?1
                        returning owner_epoch""").setParameter(1, job.id()).getSingleResult()).longValue();
        record(job, resuming ? "resumed on " + node.id() + " after row " + job.checkpoint().row()
                : "attempt " + job.attempts() + " started on " + node.id());
        log(job, resuming ? "resume" : "start", "epoch=" + epoch);
        return new Claim(Decision.START, job, null, epoch);
    }

    /**
     * Whether a running job's owner is gone, by the database's clock: its heartbeat is older than the stale
     * timeout, or older than its node's latest start (the node restarted, so the run died with it).
     */
    private boolean isOrphaned(UUID jobId) {
        return !em.createNativeQuery("""
                        select 1 from jobs j left join nodes n on n.node_id = j.node_id
                         where j.id = ?1 and j.status = ?2
                           and (coalesce(j.heartbeat_at, j.updated_at) < now() - make_interval(secs => ?3)
                                or coalesce(j.heartbeat_at, j.updated_at) < n.started_at)""")
                .setParameter(1, jobId).setParameter(2, JobStatus.RUNNING.name())
                .setParameter(3, (double) settings.staleAfter().toSeconds())
                .getResultList().isEmpty();
    }

    /**
     * Whether the tenant already runs its share of this node ({@code tenantSlots}) while other tenants wait
     * anywhere in the cluster. Each node gives a tenant at most its slots, so the share holds on any number of
     * nodes without counting which nodes are alive; the tenant's advisory lock makes two claims for one tenant
     * take turns instead of both seeing the last free slot.
     */
    private boolean overFairShare(Job job) {
        em.createNativeQuery("select count(*) from (select pg_advisory_xact_lock(?1)) locked")
                .setParameter(1, submissionLock(job.tenantId())).getSingleResult();
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

    /** How a batch execution ended, as the runner saw it. */
    public enum Ending { COMPLETED, FAILED, CANCELLED, TIMED_OUT, INTERRUPTED }

    /** Settles a job after its batch execution (owner {@code epoch}) ended on this node. */
    public Job finish(UUID jobId, long epoch, Ending ending, String detail) {
        Job job = em.find(Job.class, jobId, LockModeType.PESSIMISTIC_WRITE);
        if (job.status() != JobStatus.RUNNING || job.ownerEpoch() != epoch) {
            // Another node took it over meanwhile; its outcome is the one that counts.
            return job;
        }
        Duration backoff = RetryBackoff.after(job.attempts(), job.backoff(), settings.backoffBase(), settings.backoffMax());
        switch (ending) {
            case COMPLETED -> {
                em.flush();
                // Through the entity manager, not a connection of its own: this transaction holds the row's lock.
                // The entity is not read again for it: its counts are read-only, and a webhook renders the job
                // from a fresh read (WebhookOutbox).
                em.createNativeQuery("""
                                update jobs set total_rows = processed_rows, bytes_read = coalesce(file_size, bytes_read)
                                 where id = ?1""")
                        .setParameter(1, jobId).executeUpdate();
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
            ended.fire(new JobEnded(job.id(), job.type(), job.status(), job.file().key(), job.checkpoint().state()));
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
        List<UUID> due = lockDue(JobStatus.RETRY_SCHEDULED, "next_attempt_at");
        for (UUID id : due) {
            Job job = em.find(Job.class, id);
            job.requeue();
            record(job, "retry " + (job.attempts() + 1) + " of " + job.maxAttempts() + " queued");
            dispatcher.dispatch(job);
            log(job, "retry", "attempt " + (job.attempts() + 1));
        }
        return due.size();
    }

    /**
     * The delayed-job sweep, beside the retry sweep and in the same timer: scheduled jobs whose {@code runAt}
     * (database clock) has come are queued and sent. Safe on every node at once.
     */
    public int promoteDueScheduled() {
        List<UUID> due = lockDue(JobStatus.SCHEDULED, "run_at");
        for (UUID id : due) {
            Job job = em.find(Job.class, id);
            job.promote();
            record(job, "runAt " + job.runAt() + " reached; queued");
            dispatcher.dispatch(job);
            log(job, "queued", "runAt=" + job.runAt());
        }
        return due.size();
    }

    /**
     * Up to 100 jobs in {@code status} whose time in {@code dueColumn} (database clock) has come, earliest first,
     * locked for this transaction: a sweep on another node skips them rather than waiting.
     */
    @SuppressWarnings("unchecked")
    private List<UUID> lockDue(JobStatus status, String dueColumn) {
        return em.createNativeQuery("select id from jobs where status = ?1 and " + dueColumn + " <= now() order by "
                        + dueColumn + " limit 100 for update skip locked")
                .setParameter(1, status.name())
                .getResultList();
    }

    /**
     * The orphan sweep: running jobs whose node stopped beating (by the database's clock, as in {@link #claim})
     * are queued to resume from their checkpoint.
     */
    public int releaseOrphans() {
        @SuppressWarnings("unchecked")
        List<UUID> orphans = em.createNativeQuery("""
                        select j.id from jobs j left join nodes n on n.node_id = j.node_id
                         where j.status = ?1
                           and (coalesce(j.heartbeat_at, j.updated_at) < now() - make_interval(secs => ?2)
                                or coalesce(j.heartbeat_at, j.updated_at) < n.started_at)
                         limit 100 for update of j skip locked""")
                .setParameter(1, JobStatus.RUNNING.name())
                .setParameter(2, (double) settings.staleAfter().toSeconds())
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

    /**
     * The lost-message sweep: a job queued for longer than {@code redispatchAfter} (database clock) whose message
     * is no longer in the broker's queue (it went to the dead-letter address, or a broker lost its journal) is
     * sent again; after {@code redispatchLimit} such sends it ends {@code dead} instead of waiting for ever.
     */
    public int redispatchLost() {
        @SuppressWarnings("unchecked")
        List<UUID> stale = em.createNativeQuery("""
                        select id from jobs where status = ?1
                           and coalesce(dispatched_at, updated_at) < now() - make_interval(secs => ?2)
                         order by dispatched_at limit 50 for update skip locked""")
                .setParameter(1, JobStatus.QUEUED.name())
                .setParameter(2, (double) settings.redispatchAfter().toSeconds())
                .getResultList();
        int sent = 0;
        for (UUID id : stale) {
            Job job = em.find(Job.class, id);
            if (dispatcher.isWaiting(job)) {
                dispatcher.markDispatched(job, 0);
                continue;
            }
            int redispatches = ((Number) em.createNativeQuery(
                            "update jobs set redispatches = redispatches + 1 where id = ?1 returning redispatches")
                    .setParameter(1, id).getSingleResult()).intValue();
            if (redispatches > settings.redispatchLimit()) {
                job.undeliverable("The broker never delivered the job's message; sent " + redispatches + " times");
                record(job, job.failureReason());
                log(job, "undeliverable", "");
                announceIfEndedUnfinished(job);
            } else {
                record(job, "message lost (dead letter or broker); queued again, send " + redispatches);
                dispatcher.dispatch(job);
                log(job, "redispatch", "send=" + redispatches);
                sent++;
            }
        }
        return sent;
    }

    private Job lockedForChange(UUID jobId) {
        try {
            return em.find(Job.class, jobId, LockModeType.PESSIMISTIC_WRITE);
        } catch (PersistenceException e) {
            throw new RetryLaterException(409, "JOB_BUSY", "Conflict", "The job is changing right now; try again", 1);
        }
    }

    /** Every status change passes here; observers of the event (the webhook outbox) write in this transaction. */
    private void record(Job job, String message) {
        timeline.append(job, message);
        recorded.fire(new JobStatusRecorded(job));
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
