/**
 * The job engine, for every job type: the job row and its one state machine ({@link
 * io.lading.jobs.entity.JobStatus}), dispatch through the broker, the runner that owns a Jakarta Batch
 * execution, retries with backoff, cancellation and crash recovery; the audit trail of every action someone takes
 * on a job (part of the job's timeline), and the readiness check of the broker that holds the waiting jobs.
 *
 * <p>A job type is a batch job XML in META-INF/batch-jobs plus its artifacts; the engine knows only
 * {@link io.lading.jobs.entity.JobType#batchJobName()}. Everything the engine knows about a job lives in
 * PostgreSQL or the broker, never only in one node's memory.
 */
package io.lading.jobs;
