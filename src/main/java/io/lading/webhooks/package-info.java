/**
 * Webhooks: endpoints that tenants (their own jobs) and operators (every tenant's jobs) register for job events,
 * and the delivery of those events as signed POSTs, at least once. A delivery row is written in the transaction
 * of the job's status change (an outbox fed by {@link io.lading.jobs.entity.JobStatusRecorded}); a worker on
 * every node claims due rows with {@code FOR UPDATE SKIP LOCKED} and a lease, sends them off the job's threads with
 * a timeout, and retries with exponential backoff for up to a day. The address policy keeps the server from
 * calling internal addresses.
 */
package io.lading.webhooks;
