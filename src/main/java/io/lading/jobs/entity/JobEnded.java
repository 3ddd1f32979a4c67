package io.lading.jobs.entity;

import java.util.UUID;

/**
 * A CDI event: a job settled without completing (cancelled, failed, or dead after its attempts), for whatever its type
 * left half-done outside the database to be cleaned up once the status change has committed.
 *
 * <p>It carries the job's last committed checkpoint because its observers run after the commit, when the
 * transaction is over but still on the thread: a connection taken from the JTA datasource there is returned twice
 * (IronJacamar's IJ000609), and the pool can hand the same connection to a batch thread that is running another job.
 */
public record JobEnded(UUID jobId, JobType type, JobStatus status, String fileKey, String checkpointState) {
}
