package io.lading.imports.control;

import io.lading.imports.entity.ImportParameters;
import io.lading.jobs.control.EngineSettings;
import io.lading.jobs.control.JobSubmissions;
import io.lading.jobs.control.JobTiming;
import io.lading.jobs.entity.Job;
import io.lading.jobs.entity.JobPriority;
import io.lading.jobs.entity.JobType;
import io.lading.platform.JsonbConfiguration;
import io.lading.platform.ProblemException;
import io.lading.records.control.RecordKind;
import io.lading.records.control.RecordKinds;
import io.lading.records.entity.RecordField;
import io.lading.storage.control.ObjectStore;
import io.lading.storage.control.TenantFiles;
import io.lading.tenancy.control.UploadLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import io.lading.jobs.control.JobFailure;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Accepts imports: checks the request, stores an uploaded body in S3, and queues the job. */
@ApplicationScoped
public class ImportService {

    private static final int HEADER_BYTES = 256 * 1024;
    private static final int SNIFF_BYTES = 8 * 1024;

    @Inject
    JobSubmissions submissions;

    @Inject
    ObjectStore store;

    @Inject
    @ConfigProperties
    EngineSettings engine;

    @Inject
    ImportErrors errors;

    @Inject
    UploadLimits uploadLimits;

    @Inject
    RecordKinds kinds;

    /** An import request as the API takes it, from JSON or from query parameters. */
    public record ImportCommand(String fileName, String fileKey, String fileUrl, Map<String, String> fieldMapping,
                                String dedupe, Boolean dryRun, String delimiter, String encoding, String sheet,
                                String priority, Integer maxAttempts, String idempotencyKey, JobTiming timing,
                                UUID scheduleId) {
    }

    /** Queues an import of a file already in S3 ({@code fileKey} or {@code fileUrl}). */
    public Job submit(UUID tenantId, RecordKind kind, ImportCommand command) {
        String idempotencyKey = JobSubmissions.idempotencyKey(command.idempotencyKey());
        var earlier = submissions.earlier(tenantId, JobType.IMPORT, idempotencyKey);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        String key;
        if (command.fileKey() != null && !command.fileKey().isBlank()) {
            key = TenantFiles.ownedKey(tenantId, command.fileKey().trim());
        } else if (command.fileUrl() != null && !command.fileUrl().isBlank()) {
            key = TenantFiles.ownedKeyOfUrl(tenantId, command.fileUrl(), store.bucket());
        } else {
            throw ProblemException.invalidField("fileKey", "MISSING_FILE",
                    "Give fileKey (from POST /api/" + kind.plural()
                            + "/uploads) or fileUrl, or send the file as the request body");
        }
        String fileName = command.fileName() != null && !command.fileName().isBlank() ? command.fileName().trim()
                : key.substring(key.lastIndexOf('/') + 1);
        ImportParameters parameters = parameters(kind, command);
        checkSize(tenantId, key);
        checkHeader(kind, key, fileName, parameters);
        return queue(tenantId, kind, command, idempotencyKey, fileName, key, null, parameters);
    }

    /**
     * A file already in S3 over the tenant's limit is refused before a job is queued. One not uploaded yet is
     * left to the job, whose reader checks the same limit.
     */
    private void checkSize(UUID tenantId, String key) {
        long maxBytes = uploadLimits.maxBytes(tenantId);
        store.head(key).filter(file -> file.size() > maxBytes).ifPresent(file -> {
            throw fileTooLarge(file.size(), maxBytes);
        });
    }

    /** 413 FILE_TOO_LARGE, with the size when it is known. */
    public static ProblemException fileTooLarge(Long size, long maxBytes) {
        return new ProblemException(413, "FILE_TOO_LARGE", "Content Too Large",
                (size == null ? "The file" : "The file (" + size + " bytes)") + " is larger than the limit of "
                        + maxBytes + " bytes", null);
    }

    /** Streams the request body to S3 (bounded memory, whatever its size), then queues the import. */
    public Job submitUpload(UUID tenantId, RecordKind kind, ImportCommand command, InputStream body,
                            String contentType) throws IOException {
        String idempotencyKey = JobSubmissions.idempotencyKey(command.idempotencyKey());
        var earlier = submissions.earlier(tenantId, JobType.IMPORT, idempotencyKey);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        ImportParameters parameters = parameters(kind, command);
        String fileName = TenantFiles.safeName(command.fileName());
        String key = TenantFiles.uploadKey(tenantId, fileName);
        // The header is checked from the body's first bytes, before anything is stored: a refused mapping leaves
        // no file behind, and S3 is not asked for bytes this request already holds.
        var buffered = new BufferedInputStream(body); // grows up to the mark's limit only if the body is that long
        buffered.mark(HEADER_BYTES);
        byte[] start = buffered.readNBytes(HEADER_BYTES);
        buffered.reset();
        if (start.length == 0) {
            throw ProblemException.badRequest("EMPTY_FILE", "The request body is empty: send the file as the body");
        }
        checkHeader(kind, new ByteArrayInputStream(start), fileName, parameters);
        ObjectStore.StoredObject stored;
        try {
            stored = store.upload(key, buffered, contentType, uploadLimits.maxBytes(tenantId));
        } catch (ObjectStore.FileTooLargeException e) {
            throw fileTooLarge(null, e.maxBytes());
        }
        return queue(tenantId, kind, command, idempotencyKey,
                command.fileName() == null ? fileName : command.fileName().trim(), key, stored.size(), parameters);
    }

    /**
     * Reads the header of a CSV file that is already in S3 and resolves the mapping against it, so a mapping
     * naming a column the file lacks is a 400 before any job runs. A file not uploaded yet is left to the job
     * (a presigned upload may still be on its way); spreadsheets are checked by the job.
     */
    void checkHeader(RecordKind kind, String key, String fileName, ImportParameters parameters) {
        try {
            checkHeader(kind, store.readStart(key, HEADER_BYTES), fileName, parameters);
        } catch (NoSuchKeyException notThereYet) {
            // The job reads the file, and says what is wrong with it.
        } catch (S3Exception e) {
            if (e.statusCode() != 404 && e.statusCode() != 416) {
                throw e;
            }
        }
    }

    /** The same check on the first bytes of a file ({@link #HEADER_BYTES} at most), closed afterwards. */
    private void checkHeader(RecordKind kind, InputStream fileStart, String fileName, ImportParameters parameters) {
        Charset charset = parameters.encoding() == null ? StandardCharsets.UTF_8
                : Charset.forName(parameters.encoding());
        try (var start = new BufferedInputStream(fileStart, SNIFF_BYTES)) {
            start.mark(SNIFF_BYTES);
            byte[] head = start.readNBytes(SNIFF_BYTES);
            start.reset();
            if (ImportFormat.detect(fileName, head, head.length, charset) == ImportFormat.XLSX) {
                return;
            }
            try (var source = new CsvRowSource(start, charset, RecordRowReader.delimiter(parameters.delimiter()))) {
                ColumnMapping.resolve(kind, source.header(), parameters.fieldMapping());
            }
        } catch (JobFailure failure) {
            throw ProblemException.invalidField("fieldMapping", failure.code(), failure.getMessage());
        } catch (IOException unreadable) {
            // The job reads the file, and says what is wrong with it.
        }
    }

    private Job queue(UUID tenantId, RecordKind kind, ImportCommand command, String idempotencyKey, String fileName,
                      String key, Long size, ImportParameters parameters) {
        JobPriority priority = engine.priority(command.priority());
        int maxAttempts = engine.maxAttempts(command.maxAttempts());
        Job job = Job.submitted(JobType.IMPORT, tenantId, priority, maxAttempts, idempotencyKey, null)
                .forEntity(kind.name());
        command.timing().applyTo(job);
        job.createdBy(command.scheduleId());
        job.attachFile(fileName, key, size);
        job.parameters(JsonbConfiguration.jsonb().toJson(parameters));
        return submissions.submit(job);
    }

    /**
     * A child import of just the rows {@code parent} rejected: from a corrected file when one is sent, else
     * from the rejected rows as they came in (with a new mapping, when given).
     */
    public Job retryFailed(Job parent, Map<String, String> newMapping, InputStream correctedFile, String contentType)
            throws IOException {
        RecordKind kind = kinds.named(parent.entity());
        ImportParameters previous = JsonbConfiguration.jsonb().fromJson(parent.parameters(), ImportParameters.class);
        ImportCommand command = new ImportCommand("retry-of-" + parent.file().name(), null, null,
                newMapping == null || newMapping.isEmpty() ? previous.fieldMapping() : newMapping, previous.dedupe(),
                false, correctedFile == null ? "," : previous.delimiter(), correctedFile == null ? null : previous.encoding(),
                correctedFile == null ? null : previous.sheet(), parent.priority().name(), parent.maxAttempts(), null,
                JobTiming.retryPolicyOf(parent), null);
        ImportParameters parameters = parameters(kind, command);
        String key = TenantFiles.uploadKey(parent.tenantId(), "retry-" + TenantFiles.safeName(parent.file().name()));
        ObjectStore.StoredObject stored;
        if (correctedFile != null) {
            try {
                stored = store.upload(key, correctedFile, contentType, uploadLimits.maxBytes(parent.tenantId()));
            } catch (ObjectStore.FileTooLargeException e) {
                throw fileTooLarge(null, e.maxBytes());
            }
        } else {
            if (parent.rows().failed() == 0) {
                throw ProblemException.conflict("NOTHING_TO_RETRY", "The import rejected no rows");
            }
            // Spooled to disk, not memory: a million rejected rows is a file like any other.
            Path spool = Files.createTempFile("lading-retry-", ".csv");
            try {
                try (OutputStream out = Files.newOutputStream(spool)) {
                    errors.writeRejectedRows(parent.id(), parent.file().header(), out);
                }
                try (InputStream in = Files.newInputStream(spool)) {
                    stored = store.upload(key, in, "text/csv", Long.MAX_VALUE);
                }
            } finally {
                Files.deleteIfExists(spool);
            }
        }
        checkHeader(kind, key, key, parameters);
        Job child = Job.submitted(JobType.IMPORT, parent.tenantId(), parent.priority(), parent.maxAttempts(), null,
                parent.id()).forEntity(kind.name());
        command.timing().applyTo(child);
        child.attachFile(command.fileName(), key, stored.size());
        child.parameters(JsonbConfiguration.jsonb().toJson(parameters));
        return submissions.submit(child);
    }

    /** Checks the options and the mapping's field names before anything is stored or queued. */
    static ImportParameters parameters(RecordKind kind, ImportCommand command) {
        String dedupe = command.dedupe() == null || command.dedupe().isBlank() ? ImportParameters.UPDATE
                : command.dedupe().trim().toLowerCase(Locale.ROOT);
        if ("create".equals(dedupe)) {
            throw ProblemException.invalidField("dedupe", "INVALID_OPTION",
                    "dedupe=create is not allowed: " + kind.key().apiName() + " is unique per tenant (use update or skip)");
        }
        if (!ImportParameters.UPDATE.equals(dedupe) && !ImportParameters.SKIP.equals(dedupe)) {
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
                RecordField field = kind.forApiName(entry.getKey()).orElseThrow(() ->
                        ProblemException.invalidField("fieldMapping." + entry.getKey(), "UNKNOWN_FIELD",
                                "'" + entry.getKey() + "' is not a " + kind.name() + " field"));
                if (entry.getValue() == null || entry.getValue().isBlank()) {
                    throw ProblemException.invalidField("fieldMapping." + entry.getKey(), "INVALID_MAPPING",
                            "fieldMapping." + entry.getKey() + " names no column");
                }
                mapping.put(field.apiName(), entry.getValue());
            }
        }
        return new ImportParameters(mapping, dedupe, Boolean.TRUE.equals(command.dryRun()), blankToNull(delimiter),
                blankToNull(command.encoding()), blankToNull(command.sheet()));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
