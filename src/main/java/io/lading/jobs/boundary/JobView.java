package io.lading.jobs.boundary;

import io.lading.jobs.entity.Job;
import io.lading.jobs.entity.JobType;
import io.lading.jobs.entity.RowError;
import io.lading.platform.JsonbConfiguration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

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
        UUID parentId,
        int progress,
        Long totalRows,
        long processedRows,
        long createdRows,
        long updatedRows,
        long skippedRows,
        long failedRows,
        long duplicateRows,
        List<String> ignoredColumns,
        List<RowError> errors,
        boolean errorReportAvailable,
        String fileName,
        Long fileSize,
        int attempts,
        int maxAttempts,
        OffsetDateTime nextAttemptAt,
        boolean cancelRequested,
        String node,
        String failureCode,
        String failureReason,
        OffsetDateTime createdAt,
        OffsetDateTime startedAt,
        OffsetDateTime completedAt,
        OffsetDateTime updatedAt,
        String format,
        Long rowCount,
        String sha256,
        OffsetDateTime expiresAt,
        OffsetDateTime runAt,
        UUID scheduleId,
        BackoffView backoff,
        Integer timeoutMinutes) {

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
                job.runAt(), job.scheduleId(),
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
