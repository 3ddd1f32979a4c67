package io.lading.jobs.entity;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One action someone took on a job: who (the key's id and role, never the key), what, when, on which job, the
 * job it started if any (a rollback, a retry-failed child) and the HTTP status the server answered.
 */
public record AuditEntry(long id, OffsetDateTime at, @Schema(nullable = true) UUID keyId,
                         @Schema(nullable = true) String role, @Schema(nullable = true) UUID tenantId, String action,
                         @Schema(nullable = true) UUID jobId, @Schema(nullable = true) UUID resultJobId, int outcome,
                         @Schema(nullable = true) String detail) {
}
