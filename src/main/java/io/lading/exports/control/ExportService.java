package io.lading.exports.control;

import io.lading.exports.entity.ExportParameters;
import io.lading.jobs.control.EngineSettings;
import io.lading.jobs.control.JobSubmissions;
import io.lading.jobs.control.JobTiming;
import io.lading.jobs.entity.Job;
import io.lading.jobs.entity.JobPriority;
import io.lading.jobs.entity.JobStatus;
import io.lading.jobs.entity.JobType;
import io.lading.platform.JsonbConfiguration;
import io.lading.platform.ProblemException;
import io.lading.records.control.RecordKind;
import io.lading.storage.control.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.Response;
import java.net.URL;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/** Accepts exports (the whole request is checked before anything is queued) and hands out their downloads. */
@ApplicationScoped
public class ExportService {

    static final Duration DOWNLOAD_VALIDITY = Duration.ofMinutes(5);

    @Inject
    JobSubmissions submissions;

    @Inject
    @ConfigProperties
    EngineSettings engine;

    @Inject
    ObjectStore store;

    @Inject
    @ConfigProperties
    ExportSettings settings;

    /** An export request as the API takes it. */
    public record ExportCommand(String format, List<String> selectColumns, JsonValue filter,
                                List<ExportParameters.Order> orderBy, String priority, Integer maxAttempts,
                                String idempotencyKey, JobTiming timing, UUID scheduleId) {
    }

    public record Download(URL downloadUrl, OffsetDateTime expiresAt) {
    }

    public Job submit(UUID tenantId, RecordKind kind, ExportCommand command) {
        String idempotencyKey = JobSubmissions.idempotencyKey(command.idempotencyKey());
        var earlier = submissions.earlier(tenantId, JobType.EXPORT, idempotencyKey);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        ExportParameters parameters = parameters(command);
        ExportQuery query = ExportQuery.of(kind, tenantId, parameters);
        JobPriority priority = engine.priority(command.priority());
        int maxAttempts = engine.maxAttempts(command.maxAttempts());
        Job job = Job.submitted(JobType.EXPORT, tenantId, priority, maxAttempts, idempotencyKey, null)
                .forEntity(kind.name());
        command.timing().applyTo(job);
        job.createdBy(command.scheduleId());
        String ext = query.format.extension();
        job.attachFile(kind.plural() + "-" + job.id() + "." + ext,
                settings.prefix() + "/" + tenantId + "/" + job.id() + "." + ext, null);
        job.format(query.format.apiName());
        // Stored as checked, with the columns' canonical names.
        job.parameters(JsonbConfiguration.jsonb().toJson(new ExportParameters(query.format.apiName(),
                query.selected.stream().map(c -> c.apiName()).toList(), parameters.filter(), parameters.orderBy())));
        return submissions.submit(job);
    }

    /** Checks a request as {@link #submit} does, without submitting it (a schedule keeps it for later). */
    public void check(UUID tenantId, RecordKind kind, ExportCommand command) {
        ExportQuery.of(kind, tenantId, parameters(command));
    }

    private static ExportParameters parameters(ExportCommand command) {
        if (command.format() == null || command.format().isBlank()) {
            throw ProblemException.invalidField("format", "UNSUPPORTED_FORMAT", "format is required: csv, json, jsonl or xlsx");
        }
        return new ExportParameters(command.format().trim().toLowerCase(java.util.Locale.ROOT),
                command.selectColumns(),
                command.filter() == null || command.filter().getValueType() == JsonValue.ValueType.NULL ? null
                        : command.filter().toString(),
                command.orderBy());
    }

    /** A presigned link to a finished export's file, valid for five minutes. */
    public Download download(Job export) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (export.status() == JobStatus.EXPIRED
                || export.status() == JobStatus.COMPLETED && export.file().expiresAt() != null && export.file().expiresAt().isBefore(now)) {
            throw new ProblemException(Response.Status.GONE, "EXPORT_EXPIRED",
                    "The file of export " + export.id() + " expired" + (export.file().expiresAt() == null ? ""
                            : " at " + export.file().expiresAt()) + "; export again");
        }
        if (export.status() != JobStatus.COMPLETED) {
            throw ProblemException.badRequest("EXPORT_NOT_READY",
                    "Export " + export.id() + " is " + export.status().apiName() + "; its file is ready once it is completed");
        }
        return new Download(store.presignedGet(export.file().key(), DOWNLOAD_VALIDITY, export.file().name()),
                now.plus(DOWNLOAD_VALIDITY));
    }
}
