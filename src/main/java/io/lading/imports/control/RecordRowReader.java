package io.lading.imports.control;

import io.lading.imports.entity.ImportRow;
import io.lading.imports.entity.ImportParameters;
import io.lading.jobs.control.JobFailure;
import io.lading.jobs.control.CurrentJob;
import io.lading.jobs.control.JobRows;
import io.lading.jobs.entity.Job;
import io.lading.platform.ServerResource;
import io.lading.records.control.RecordKinds;
import io.lading.storage.control.ObjectStore;
import io.lading.storage.control.TruncatedObjectException;
import io.lading.tenancy.control.UploadLimits;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Streams the import's file from S3, one validated record (of the job's entity) per item, never holding the file: the rows are
 * parsed and validated a few thousand ahead on a thread of their own ({@link RowPrefetch}) while the writer
 * works on the chunk before. The job id is the only job
 * parameter; the file, its parameters and the checkpoint come from the job row, so a retry or a resume on
 * another node reads exactly the same inputs. On restart the reader fast-forwards past the last row
 * whose chunk committed (the job row's checkpoint, written in the same transaction as the rows), after
 * checking that the file is still the one it started on (same ETag).
 */
@Dependent
@Named
public class RecordRowReader extends AbstractItemReader {

    @Inject
    JobContext jobContext;

    @Inject
    CurrentJob current;

    @Inject
    JobRows rows;

    @Inject
    ObjectStore store;

    @Inject
    UploadLimits uploadLimits;

    @Inject
    RecordKinds kinds;

    @Inject
    @ServerResource
    ManagedThreadFactory threads;

    private RowSource source;
    private RowPrefetch prefetch;
    private ImportReading reading;
    private long lastRow;

    @Override
    public void open(Serializable checkpoint) throws Exception {
        UUID jobId = current.id();
        Job job = current.job();
        ImportParameters parameters = current.parameters(ImportParameters.class);
        // One GET: its answer carries the size and ETag the checks need, so no HEAD goes before it.
        ResponseInputStream<GetObjectResponse> in = openObject(job.file().key());
        long size = in.response().contentLength();
        String etag = in.response().eTag();
        try {
            if (job.file().etag() != null && !job.file().etag().equals(etag) && job.checkpoint().row() > 0) {
                throw JobFailure.permanent("FILE_CHANGED", "The file at " + job.file().key()
                        + " changed after the import began; start a new import for the new file");
            }
            long maxBytes = uploadLimits.maxBytes(job.tenantId());
            if (size > maxBytes) {
                // A presigned upload lands after the request that queued its import was checked.
                throw JobFailure.permanent("FILE_TOO_LARGE", "The file (" + size
                        + " bytes) is larger than the tenant's limit of " + maxBytes + " bytes");
            }
            source = ImportFormat.open(job.file().name(), in, parameters);
        } catch (IOException | RuntimeException e) {
            in.abort(); // not drained: the file may be large
            throw e;
        }
        ColumnMapping mapping = ColumnMapping.resolve(kinds.named(job.entity()), source.header(),
                parameters.fieldMapping());
        rows.describeFile(jobId, size, etag, CsvLine.encode(source.header()), mapping.ignoredColumns());
        reading = new ImportReading(mapping);
        jobContext.setTransientUserData(reading);

        // The job row's checkpoint, not the batch runtime's: the writer commits chunks on connections of its own
        // after the runtime's chunk transaction, so the runtime's checkpoint may be ahead of what committed.
        long resumeAfter = job.checkpoint().row();
        lastRow = 1;
        while (lastRow < resumeAfter) {
            var skipped = source.nextRow();
            if (skipped == null) {
                break;
            }
            lastRow = skipped.row();
        }
        prefetch = new RowPrefetch(source, RowValidation::validate, mapping, threads);
    }

    private ResponseInputStream<GetObjectResponse> openObject(String key) {
        try {
            return store.read(key);
        } catch (NoSuchKeyException e) {
            throw new JobFailure("MISSING_FILE", "No file at key " + key + ": upload it, then retry the job", true);
        } catch (S3Exception | SdkClientException e) {
            throw JobFailure.transientFailure("STORAGE_UNAVAILABLE", "S3 did not serve " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Object readItem() throws IOException {
        ImportRow row;
        try {
            row = prefetch.next();
        } catch (TruncatedObjectException e) {
            // the connection to S3 was cut: the next attempt resumes from the checkpoint
            throw JobFailure.transientFailure("STORAGE_UNAVAILABLE", e.getMessage(), e);
        }
        if (row != null) {
            lastRow = row.source().row();
        } else {
            reading.end();
        }
        return row;
    }

    /** The last row read, for the batch runtime's own record; a restart goes by the job row's checkpoint. */
    @Override
    public Serializable checkpointInfo() {
        return lastRow;
    }

    @Override
    public void close() throws IOException {
        if (prefetch != null) {
            prefetch.close();
        }
        if (source != null) {
            source.close();
        }
    }

    private static Charset charset(String encoding) {
        return encoding == null || encoding.isBlank() ? StandardCharsets.UTF_8 : Charset.forName(encoding);
    }

    static Character delimiter(String delimiter) {
        if (delimiter == null || delimiter.isEmpty()) {
            return null;
        }
        return "\\t".equals(delimiter) || "tab".equalsIgnoreCase(delimiter) ? '\t' : delimiter.charAt(0);
    }
}
