package io.lading.jobs.entity;

/**
 * A synchronous CDI event: a job's status change (or an action on it) was just recorded in its timeline, inside
 * the transaction that makes the change. Observers that write rows in the same transaction (the webhook outbox)
 * commit or roll back with the change itself; the job is the managed entity as it is at that moment.
 */
public record JobStatusRecorded(Job job) {
}
