package io.lading.jobs.entity;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One action someone took on a job: who (the key's id and role, never the key), what, when, on which job, the
 * job it started if any (a rollback, a retry-failed child) and the HTTP status the server answered.
 */
public record AuditEntry(long id, OffsetDateTime at, UUID keyId, String role, UUID tenantId, String action,
                         UUID jobId, UUID resultJobId, int outcome, String detail) {
}
