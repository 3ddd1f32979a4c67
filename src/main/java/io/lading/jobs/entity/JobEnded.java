package io.lading.jobs.entity;

import java.util.UUID;

/**
 * A CDI event: a job settled without completing (cancelled, failed, or dead after its attempts), for whatever its type
 * left half-done outside the database to be cleaned up once the status change has committed.
 */
public record JobEnded(UUID jobId, JobType type, JobStatus status, String fileKey) {
}
