package io.lading.jobs.entity;

import io.lading.platform.NullableUuidConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * A background job of any type, and the only owner of its status.
 *
 * <p>Lifecycle: {@link #submitted} creates it {@code queued} (or {@code scheduled}, waiting for its
 * {@link #runAt}, until the retry sweep {@link #promote}s it); the runner {@link #start}s it on a node, which
 * then beats a heartbeat while the batch execution runs; it ends {@link #complete}d, {@link #fail}ed (into
 * {@code retry_scheduled}, {@code failed} or {@code dead}) or {@link #markCancelled cancelled}. A job found {@code running}
 * with a stale heartbeat was orphaned by a crash: it is {@link #releaseForResume released} and started again,
 * continuing the same attempt from its checkpoint.
 *
 * <p>Shape, for every job type and every entity it works on: the engine's columns (status, attempts, priority,
 * ownership, heartbeat, failure) are fields of this class; what a job works on and what it did are grouped in
 * embeddables that mean the same for every type: its {@link JobFile} (an import's source, an export's result),
 * its {@link RowCounts} and its {@link JobCheckpoint} (a row number, or the type's own JSON state). What differs
 * between types lives in {@code parameters}, JSON that the type's capability writes and parses (import mapping
 * and options, export query). A new job type adds a {@link JobType} and its batch job, not columns here; a new
 * entity (companies next to contacts) will be one more engine column, {@code entity}, naming what the rows are.
 *
 * <p>Row counts, the checkpoint and what the batch job learns about the file are written with plain SQL inside
 * each chunk's transaction, so they always match what was written; this entity never writes them back (they are
 * read-only here), and status changes are guarded by {@code @Version}.
 */
@Entity
@Table(name = "jobs")
public class Job {

    /** The entity of jobs that name none (every job before companies). */
    public static final String DEFAULT_ENTITY = "contact";

    @Id
    private UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false) private UUID tenantId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    private JobType type;

    /** What the job's rows are ({@code contact}, {@code company}): the engine is the same for every entity. */
    @Column(nullable = false, updatable = false)
    private String entity = DEFAULT_ENTITY;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private JobStatus status;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private JobPriority priority;

    private int attempts;

    @Column(name = "max_attempts") private int maxAttempts;

    @Column(name = "next_attempt_at") private OffsetDateTime nextAttemptAt;

    @Column(name = "idempotency_key", updatable = false) private String idempotencyKey;

    @Convert(converter = NullableUuidConverter.class)
    @Column(name = "parent_id", updatable = false)
    private UUID parentId;

    @Embedded
    private JobFile file;

    /** Type-specific settings as JSON (import mapping and options, export query). */
    @Column(name = "parameters") private String parameters;

    @Embedded
    private RowCounts rows;

    @Embedded
    private JobCheckpoint checkpoint;

    /** Written by the runner once the batch runtime has started it (JobRows.recordExecution), fenced by the epoch. */
    @Column(name = "batch_execution_id", insertable = false, updatable = false) private Long batchExecutionId;

    @Column(name = "node_id") private String nodeId;

    @Column(name = "heartbeat_at", insertable = false, updatable = false) private OffsetDateTime heartbeatAt;

    /** Incremented at every claim (plain SQL): the chunks of a run commit only while it is still theirs. */
    @Column(name = "owner_epoch", insertable = false, updatable = false) private long ownerEpoch;

    @Column(name = "cancel_requested") private boolean cancelRequested;

    /** Set when a node gave the job back mid-run (shutdown, crash): the next start continues the attempt. */
    @Column(name = "resume_pending") private boolean resumePending;

    @Column(name = "failure_code") private String failureCode;

    @Column(name = "failure_permanent") private boolean failurePermanent;

    @Column(name = "failure_reason") private String failureReason;

    @Column(name = "created_at", nullable = false, updatable = false) private OffsetDateTime createdAt;

    @Column(name = "started_at") private OffsetDateTime startedAt;

    @Column(name = "completed_at") private OffsetDateTime completedAt;

    @Column(name = "updated_at", nullable = false) private OffsetDateTime updatedAt;

    /** When a delayed job was asked to start; it waits {@code scheduled} until then. Kept after it starts. */
    @Column(name = "run_at", updatable = false) private OffsetDateTime runAt;

    /** The schedule whose firing created the job. */
    @Convert(converter = NullableUuidConverter.class)
    @Column(name = "schedule_id", updatable = false)
    private UUID scheduleId;

    /** The job's own backoff between attempts; null: the engine's (LADING_JOBS_BACKOFF_*). */
    @Enumerated(EnumType.STRING)
    @Column(name = "backoff_type", updatable = false)
    private Backoff.Type backoffType;

    @Column(name = "backoff_delay_seconds", updatable = false) private Integer backoffDelaySeconds;

    /** The job's own time limit per attempt; null: its type's (LADING_JOBS_TIMEOUT_*_MINUTES). */
    @Column(name = "timeout_minutes", updatable = false) private Integer timeoutMinutes;

    @Version
    private long version;

    protected Job() {
    }

    public static Job submitted(JobType type, UUID tenantId, JobPriority priority, int maxAttempts,
                                String idempotencyKey, UUID parentId) {
        Job job = new Job();
        job.id = UUID.randomUUID();
        job.type = type;
        job.tenantId = tenantId;
        job.status = JobStatus.QUEUED;
        job.priority = priority;
        job.maxAttempts = maxAttempts;
        job.idempotencyKey = idempotencyKey;
        job.parentId = parentId;
        job.createdAt = now();
        job.updatedAt = job.createdAt;
        return job;
    }

    /** Sets what the rows of this new job are; before it is stored only. */
    public Job forEntity(String entity) {
        this.entity = entity;
        return this;
    }

    /**
     * Before it is saved: a job asked to run later waits {@code scheduled} until {@code at}; one whose time has
     * already come is queued at once like any other.
     */
    public void runAt(OffsetDateTime at) {
        if (at == null) {
            return;
        }
        runAt = at;
        if (at.isAfter(now()) && status == JobStatus.QUEUED && attempts == 0) {
            status = JobStatus.SCHEDULED;
        }
    }

    /** Before it is saved: the job's own retry policy (either may be null: the engine's default). */
    public void retryPolicy(Backoff backoff, Integer timeoutMinutes) {
        if (backoff != null) {
            backoffType = backoff.type();
            backoffDelaySeconds = backoff.delaySeconds();
        }
        this.timeoutMinutes = timeoutMinutes;
    }

    /** Before it is saved: the schedule whose firing creates the job. */
    public void createdBy(UUID scheduleId) {
        this.scheduleId = scheduleId;
    }

    /** A delayed job's time came: it joins the queue. */
    public void promote() {
        moveTo(JobStatus.QUEUED);
    }

    public void attachFile(String fileName, String fileKey, Long fileSize) {
        writableFile().attach(fileName, fileKey, fileSize);
    }

    public void parameters(String json) {
        this.parameters = json;
    }

    /** The format of the file, when the submission fixes it (exports). */
    public void format(String format) {
        writableFile().format(format);
    }

    private JobFile writableFile() {
        if (file == null) {
            file = new JobFile();
        }
        return file;
    }

    /** A node takes the job: a new attempt begins. */
    public void start(String node) {
        moveTo(JobStatus.RUNNING);
        if (resumePending) {
            resumePending = false;
        } else {
            attempts++;
            failureCode = null;
            failureReason = null;
            failurePermanent = false;
        }
        nodeId = node;
        nextAttemptAt = null;
        if (startedAt == null) {
            startedAt = now();
        }
    }

    public void complete() {
        moveTo(JobStatus.COMPLETED);
        completedAt = now();
    }

    /**
     * An attempt failed. A failure that may pass, with attempts left, waits {@code backoff} and runs again; one
     * that retrying cannot fix ends {@code failed}; one that may pass but used up the attempts ends {@code dead}.
     * Both are kept with their reason for inspection.
     */
    public void fail(String code, String reason, boolean retryable, Duration backoff) {
        failureCode = code;
        failureReason = reason;
        failurePermanent = !retryable;
        if (!retryable) {
            moveTo(JobStatus.FAILED);
            completedAt = now();
        } else if (attempts < maxAttempts) {
            moveTo(JobStatus.RETRY_SCHEDULED);
            nextAttemptAt = now().plus(backoff);
        } else {
            moveTo(JobStatus.DEAD);
            completedAt = now();
        }
    }

    /** The broker could not deliver the job's message, however often it was sent: the job gives up. */
    public void undeliverable(String reason) {
        failureCode = "UNDELIVERABLE";
        failureReason = reason;
        failurePermanent = false;
        moveTo(JobStatus.DEAD);
        completedAt = now();
    }

    /** The retry sweep found the backoff over. */
    public void requeue() {
        moveTo(JobStatus.QUEUED);
        nextAttemptAt = null;
    }

    /** An operator or user asks for another try of a dead, failed or cancelled job: one more attempt. */
    public void revive() {
        moveTo(JobStatus.QUEUED);
        maxAttempts = Math.max(maxAttempts, attempts + 1);
        resumePending = false;
        cancelRequested = false;
        completedAt = null;
        nextAttemptAt = null;
    }

    /**
     * Cancel: a job that has not started ends now; a running one is asked to stop at its next chunk
     * boundary and ends {@code cancelled} when it has. Returns whether the job is already cancelled.
     */
    public boolean cancel() {
        if (status == JobStatus.RUNNING) {
            cancelRequested = true;
            touch();
            return false;
        }
        moveTo(JobStatus.CANCELLED);
        resumePending = false;
        completedAt = now();
        return true;
    }

    public void markCancelled() {
        moveTo(JobStatus.CANCELLED);
        completedAt = now();
    }

    /** The node shut down gracefully mid-run: the job waits in the queue and resumes from its checkpoint. */
    public void releaseForResume() {
        moveTo(JobStatus.QUEUED);
        resumePending = true;
    }

    public void beginRollback() {
        moveTo(JobStatus.ROLLING_BACK);
    }

    /** The rollback job of this import completed: its contacts are as they were before it. */
    public void rolledBack() {
        moveTo(JobStatus.ROLLED_BACK);
    }

    /** The rollback job gave up: the import stays completed and can be rolled back again. */
    public void rollbackAbandoned() {
        moveTo(JobStatus.COMPLETED);
    }

    public void expire() {
        moveTo(JobStatus.EXPIRED);
    }

    private void moveTo(JobStatus next) {
        if (!status.canMoveTo(next)) {
            throw new IllegalTransitionException(status, next);
        }
        status = next;
        touch();
    }

    private void touch() {
        updatedAt = now();
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    /** Percentage done, from the bytes of the file read so far (rows are unknown until the end). */
    public int progress() {
        if (status == JobStatus.COMPLETED || status == JobStatus.ROLLED_BACK || status == JobStatus.EXPIRED) {
            return 100;
        }
        Long size = file().size();
        Long total = rows().total();
        if (size == null || size <= 0) {
            return total == null || total <= 0 ? 0 : (int) Math.min(99, rows().processed() * 100 / total);
        }
        return (int) Math.min(99, checkpoint().bytesRead() * 100 / size);
    }

    public UUID id() { return id; }
    public UUID tenantId() { return tenantId; }
    public JobType type() { return type; }
    public String entity() { return entity; }
    public JobStatus status() { return status; }
    public JobPriority priority() { return priority; }
    public int attempts() { return attempts; }
    public int maxAttempts() { return maxAttempts; }
    public OffsetDateTime nextAttemptAt() { return nextAttemptAt; }
    public String idempotencyKey() { return idempotencyKey; }
    public UUID parentId() { return parentId; }
    public String parameters() { return parameters; }
    /** Never null: a job without a file has an empty one. */
    public JobFile file() { return file != null ? file : new JobFile(); }
    public RowCounts rows() { return rows != null ? rows : new RowCounts(); }
    public JobCheckpoint checkpoint() { return checkpoint != null ? checkpoint : new JobCheckpoint(); }
    public Long batchExecutionId() { return batchExecutionId; }
    public String nodeId() { return nodeId; }
    public long ownerEpoch() { return ownerEpoch; }
    public OffsetDateTime heartbeatAt() { return heartbeatAt; }
    public boolean cancelRequested() { return cancelRequested; }
    public boolean resumePending() { return resumePending; }
    public boolean failurePermanent() { return failurePermanent; }
    public String failureCode() { return failureCode; }
    public String failureReason() { return failureReason; }
    public OffsetDateTime createdAt() { return createdAt; }
    public OffsetDateTime startedAt() { return startedAt; }
    public OffsetDateTime completedAt() { return completedAt; }
    public OffsetDateTime updatedAt() { return updatedAt; }
    public OffsetDateTime runAt() { return runAt; }
    public UUID scheduleId() { return scheduleId; }
    /** The job's own backoff, or null when it uses the engine's. */
    public Backoff backoff() { return backoffType == null ? null : new Backoff(backoffType, backoffDelaySeconds); }
    public Integer timeoutMinutes() { return timeoutMinutes; }
}
