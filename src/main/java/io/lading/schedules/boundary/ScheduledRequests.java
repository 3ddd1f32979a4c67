package io.lading.schedules.boundary;

import io.lading.exports.boundary.RecordExportsResource.ExportRequest;
import io.lading.exports.control.ExportService;
import io.lading.imports.boundary.RecordImportsResource.ImportRequest;
import io.lading.imports.control.ImportService;
import io.lading.jobs.entity.Job;
import io.lading.jobs.entity.JobType;
import io.lading.platform.JsonbConfiguration;
import io.lading.platform.ProblemException;
import io.lading.records.control.RecordKind;
import io.lading.records.control.RecordKinds;
import io.lading.storage.control.TenantFiles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.bind.JsonbException;
import java.util.UUID;

/**
 * The job a schedule creates, read from the request it keeps (JSON as {@code POST /api/contacts/import} and
 * {@code /export} take it) through the same records and the same services, so a scheduled job is checked and
 * queued exactly as one sent by hand.
 */
@ApplicationScoped
public class ScheduledRequests {

    @Inject
    ImportService imports;

    @Inject
    ExportService exports;

    @Inject
    RecordKinds kinds;

    /** What a schedule's jobs import or export: contacts (a schedule keeps no other entity). */
    private RecordKind contacts() {
        return kinds.plural("contacts");
    }

    /** The job type a schedule names ({@code import} or {@code export}). */
    public static JobType type(String name) {
        JobType type = name == null ? null : JobType.parse(name);
        if (type != JobType.IMPORT && type != JobType.EXPORT) {
            throw ProblemException.invalidField("job.type", "INVALID_SCHEDULE_JOB", "job.type must be import or export");
        }
        return type;
    }

    /**
     * Checks a request before it is kept: its options as a submission checks them, no {@code runAt} (the schedule
     * says when), an import by a {@code fileKey} of the tenant's, an export's format and columns.
     */
    public void check(UUID tenantId, JobType type, JsonObject request) {
        if (request == null) {
            throw ProblemException.invalidField("job.request", "INVALID_SCHEDULE_JOB", "job.request is required");
        }
        if (request.get("options") instanceof JsonObject options && options.containsKey("runAt")) {
            throw ProblemException.invalidField("runAt", "INVALID_OPTION",
                    "runAt has no place in a schedule's request: the schedule says when");
        }
        if (type == JobType.IMPORT) {
            ImportRequest body = read(request, ImportRequest.class);
            body.command(null, null);
            TenantFiles.ownedKey(tenantId, body.fileKey() == null ? null : body.fileKey().trim());
        } else {
            exports.check(tenantId, contacts(), read(request, ExportRequest.class).command(null, null));
        }
    }

    /** Submits the firing's job: the key makes a second submission of the same firing return the first job. */
    public Job submit(UUID tenantId, JobType type, String request, UUID scheduleId, String idempotencyKey) {
        JsonObject json = JsonbConfiguration.jsonb().fromJson(request, JsonObject.class);
        if (type == JobType.IMPORT) {
            return imports.submit(tenantId, contacts(), read(json, ImportRequest.class).command(idempotencyKey, scheduleId));
        }
        return exports.submit(tenantId, contacts(), read(json, ExportRequest.class).command(idempotencyKey, scheduleId));
    }

    private static <T> T read(JsonObject request, Class<T> type) {
        try {
            return JsonbConfiguration.jsonb().fromJson(request.toString(), type);
        } catch (JsonbException e) {
            throw ProblemException.invalidField("job.request", "INVALID_SCHEDULE_JOB",
                    "job.request does not read as a " + type.getSimpleName() + ": " + e.getMessage());
        }
    }
}
