package io.lading.jobs.entity;

import java.time.OffsetDateTime;

/**
 * One line of a job's timeline: a status change or attempt, with the node and a message. Rows of
 * {@code job_events}, appended and read by the engine's {@code JobTimeline}; never changed once written.
 */
public record JobEvent(OffsetDateTime at, JobStatus status, int attempt, String nodeId, String message) {
}
