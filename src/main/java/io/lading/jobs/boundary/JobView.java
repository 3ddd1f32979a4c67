package io.lading.jobs.boundary;

import io.lading.jobs.entity.Job;
import io.lading.jobs.entity.JobType;
import io.lading.jobs.entity.RowError;
import io.lading.platform.JsonbConfiguration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A job as the API shows it (see API.md); type-specific parts are null where they do not apply. Exports add
 * {@code format}, {@code rowCount} (= processedRows), {@code sha256} and {@code expiresAt}.
 */
public record JobView(
        UUID id,
        String type,
        String status,
        String priority,
        UUID tenantId,
        @Schema(nullable = true) UUID parentId,
        int progress,
        @Schema(nullable = true) Long totalRows,
        long processedRows,
        long createdRows,
        long updatedRows,
        long skippedRows,
        long failedRows,
        long duplicateRows,
        List<String> ignoredColumns,
        @Schema(nullable = true) List<RowError> errors,
        boolean errorReportAvailable,
        @Schema(nullable = true) String fileName,
        @Schema(nullable = true) Long fileSize,
        int attempts,
        int maxAttempts,
        @Schema(nullable = true) OffsetDateTime nextAttemptAt,
        boolean cancelRequested,
        @Schema(nullable = true) String node,
        @Schema(nullable = true) String failureCode,
        @Schema(nullable = true) String failureReason,
        OffsetDateTime createdAt,
        @Schema(nullable = true) OffsetDateTime startedAt,
        @Schema(nullable = true) OffsetDateTime completedAt,
        OffsetDateTime updatedAt,
        @Schema(nullable = true) String format,
        @Schema(nullable = true) Long rowCount,
        @Schema(nullable = true) String sha256,
        @Schema(nullable = true) OffsetDateTime expiresAt,
        String entity,
        @Schema(nullable = true) OffsetDateTime runAt,
        @Schema(nullable = true) UUID scheduleId,
        @Schema(nullable = true) BackoffView backoff,
        @Schema(nullable = true) Integer timeoutMinutes) {

    /** A job's own retry backoff ({@code options.backoff}); null when it uses the engine's. */
    public record BackoffView(String type, int delaySeconds) {
    }

    public static JobView of(Job job) {
        return of(job, null);
    }

    public static JobView of(Job job, List<RowError> errors) {
        return new JobView(job.id(), job.type().apiName(), job.status().apiName(), job.priority().apiName(),
                job.tenantId(), job.parentId(), job.progress(), job.rows().total(), job.rows().processed(),
                job.rows().created(), job.rows().updated(), job.rows().skipped(), job.rows().failed(), job.rows().duplicates(),
                job.file().ignoredColumns() == null ? List.of()
                        : List.of(JsonbConfiguration.jsonb().fromJson(job.file().ignoredColumns(), String[].class)), errors,
                job.rows().failed() > 0, job.file().name(), job.file().size(), job.attempts(), job.maxAttempts(),
                job.nextAttemptAt(), job.cancelRequested(), job.nodeId(), job.failureCode(), job.failureReason(),
                job.createdAt(), job.startedAt(), job.completedAt(), job.updatedAt(), job.file().format(),
                job.type() == JobType.EXPORT ? job.rows().processed() : null, job.file().sha256(), job.file().expiresAt(),
                job.entity(), job.runAt(), job.scheduleId(),
                job.backoff() == null ? null : new BackoffView(job.backoff().type().apiName(), job.backoff().delaySeconds()),
                job.timeoutMinutes());
    }

    /**
     * The id alone, as in {@link io.lading.contacts.boundary.ContactView#hashCode()}: JSON-B hashes every view it
     * writes, and the generated hash walked all its components each time.
     */
    @Override
    public int hashCode() {
        return Objects.hashCode(id);
    }
}
