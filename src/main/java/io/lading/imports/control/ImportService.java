package io.lading.imports.control;

import io.lading.contacts.entity.ContactField;
import io.lading.imports.entity.ImportSettings;
import io.lading.jobs.control.EngineSettings;
import io.lading.jobs.control.JobLifecycle;
import io.lading.jobs.entity.Job;
import io.lading.jobs.entity.JobPriority;
import io.lading.jobs.entity.JobType;
import io.lading.platform.JsonbConfiguration;
import io.lading.platform.ProblemException;
import io.lading.storage.control.ObjectStore;
import io.lading.storage.control.TenantFiles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Accepts imports: checks the request, stores an uploaded body in S3, and queues the job. */
@ApplicationScoped
public class ImportService {

    @Inject
    JobLifecycle lifecycle;

    @Inject
    ObjectStore store;

    @Inject
    EngineSettings engine;

    @Inject
    @ConfigProperty(name = "lading.import.max.file.bytes", defaultValue = "5368709120")
    long maxFileBytes;

    /** An import request as the API takes it, from JSON or from query parameters. */
    public record ImportCommand(String fileName, String fileKey, String fileUrl, Map<String, String> fieldMapping,
                                String dedupe, Boolean dryRun, String delimiter, String encoding, String priority,
                                Integer maxAttempts, String idempotencyKey) {
    }

    /** Queues an import of a file already in S3 ({@code fileKey} or {@code fileUrl}). */
    public Job submit(UUID tenantId, ImportCommand command) {
        var existing = replay(tenantId, command.idempotencyKey());
        if (existing != null) {
            return existing;
        }
        String key;
        if (command.fileKey() != null && !command.fileKey().isBlank()) {
            key = TenantFiles.ownedKey(tenantId, command.fileKey().trim());
        } else if (command.fileUrl() != null && !command.fileUrl().isBlank()) {
            key = TenantFiles.ownedKeyOfUrl(tenantId, command.fileUrl(), store.bucket());
        } else {
            throw ProblemException.invalidField("fileKey", "MISSING_FILE",
                    "Give fileKey (from POST /api/contacts/uploads) or fileUrl, or send the file as the request body");
        }
        String fileName = command.fileName() != null && !command.fileName().isBlank() ? command.fileName().trim()
                : key.substring(key.lastIndexOf('/') + 1);
        return queue(tenantId, command, fileName, key, null);
    }

    /** Streams the request body to S3 (bounded memory, whatever its size), then queues the import. */
    public Job submitUpload(UUID tenantId, ImportCommand command, InputStream body, String contentType)
            throws IOException {
        var existing = replay(tenantId, command.idempotencyKey());
        if (existing != null) {
            return existing;
        }
        ImportSettings settings = settings(command);
        String fileName = TenantFiles.safeName(command.fileName());
        String key = TenantFiles.uploadKey(tenantId, fileName);
        ObjectStore.StoredObject stored;
        try {
            stored = store.upload(key, body, contentType, maxFileBytes);
        } catch (ObjectStore.FileTooLargeException e) {
            throw new ProblemException(413, "FILE_TOO_LARGE", "Content Too Large",
                    "The file is larger than the limit of " + e.maxBytes() + " bytes", null);
        }
        if (stored.size() == 0) {
            store.delete(key);
            throw ProblemException.badRequest("EMPTY_FILE", "The request body is empty: send the file as the body");
        }
        return queue(tenantId, command, command.fileName() == null ? fileName : command.fileName().trim(), key,
                stored.size(), settings);
    }

    private Job queue(UUID tenantId, ImportCommand command, String fileName, String key, Long size) {
        return queue(tenantId, command, fileName, key, size, settings(command));
    }

    private Job queue(UUID tenantId, ImportCommand command, String fileName, String key, Long size,
                      ImportSettings settings) {
        JobPriority priority = JobPriority.parse(command.priority());
        if (priority == null) {
            throw ProblemException.invalidField("priority", "INVALID_OPTION", "priority must be low, normal or high");
        }
        int maxAttempts = command.maxAttempts() == null ? engine.defaultMaxAttempts() : command.maxAttempts();
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw ProblemException.invalidField("maxAttempts", "INVALID_OPTION", "maxAttempts must be between 1 and 20");
        }
        Job job = Job.submitted(JobType.IMPORT, tenantId, priority, maxAttempts, blankToNull(command.idempotencyKey()),
                null);
        job.attachFile(fileName, key, size);
        job.parameters(JsonbConfiguration.jsonb().toJson(settings));
        try {
            return lifecycle.submit(job);
        } catch (RuntimeException e) {
            // Two requests with one Idempotency-Key raced and the unique index refused the second:
            // the first one's job is the answer.
            var first = replay(tenantId, command.idempotencyKey());
            if (first != null) {
                return first;
            }
            throw e;
        }
    }

    private Job replay(UUID tenantId, String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            return null;
        }
        if (idempotencyKey.length() > 200) {
            throw ProblemException.invalidField("Idempotency-Key", "INVALID_IDEMPOTENCY_KEY",
                    "Idempotency-Key is longer than 200 characters");
        }
        return lifecycle.byIdempotencyKey(tenantId, idempotencyKey.trim()).orElse(null);
    }

    /** Checks the options and the mapping's field names before anything is stored or queued. */
    static ImportSettings settings(ImportCommand command) {
        String dedupe = command.dedupe() == null || command.dedupe().isBlank() ? ImportSettings.UPDATE
                : command.dedupe().trim().toLowerCase(Locale.ROOT);
        if ("create".equals(dedupe)) {
            throw ProblemException.invalidField("dedupe", "INVALID_OPTION",
                    "dedupe=create is not allowed: email is unique per tenant (use update or skip)");
        }
        if (!ImportSettings.UPDATE.equals(dedupe) && !ImportSettings.SKIP.equals(dedupe)) {
            throw ProblemException.invalidField("dedupe", "INVALID_OPTION", "dedupe must be update or skip");
        }
        String delimiter = command.delimiter();
        if (delimiter != null && !delimiter.isEmpty() && delimiter.length() != 1 && !"\\t".equals(delimiter)
                && !"tab".equalsIgnoreCase(delimiter)) {
            throw ProblemException.invalidField("delimiter", "INVALID_OPTION", "delimiter must be one character");
        }
        if (command.encoding() != null && !command.encoding().isBlank()) {
            try {
                Charset.forName(command.encoding().trim());
            } catch (RuntimeException e) {
                throw ProblemException.invalidField("encoding", "INVALID_OPTION",
                        "encoding '" + command.encoding() + "' is not a known charset");
            }
        }
        Map<String, String> mapping = new LinkedHashMap<>();
        if (command.fieldMapping() != null) {
            for (var entry : command.fieldMapping().entrySet()) {
                ContactField field = ContactField.forApiName(entry.getKey()).orElseThrow(() ->
                        ProblemException.invalidField("fieldMapping." + entry.getKey(), "UNKNOWN_FIELD",
                                "'" + entry.getKey() + "' is not a contact field"));
                if (entry.getValue() == null || entry.getValue().isBlank()) {
                    throw ProblemException.invalidField("fieldMapping." + entry.getKey(), "INVALID_MAPPING",
                            "fieldMapping." + entry.getKey() + " names no column");
                }
                mapping.put(field.apiName(), entry.getValue());
            }
        }
        return new ImportSettings(mapping, dedupe, Boolean.TRUE.equals(command.dryRun()), blankToNull(delimiter),
                blankToNull(command.encoding()));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
