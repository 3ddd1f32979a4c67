package io.lading.exports.control;

import io.lading.exports.entity.ExportCheckpoint;
import io.lading.exports.entity.ExportParameters;
import io.lading.jobs.control.JobFailure;
import io.lading.jobs.control.CurrentJob;
import io.lading.records.control.RecordKinds;
import io.lading.jobs.control.JobRows;
import io.lading.jobs.entity.Job;
import io.lading.storage.control.MultipartUploadStream;
import io.lading.storage.control.ObjectStore;
import io.lading.platform.LadingDatabase;
import io.lading.platform.ServerResource;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.security.DigestOutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Streams the export's file to S3 as one multipart upload; nothing of it is held beyond one part in memory, nor
 * written to local disk.
 *
 * <p>A chunk is one page of rows, which the encoder writes, or for CSV one range of rows, which PostgreSQL's COPY
 * writes ({@link CsvCopy}), whose last row's sort key tells the reader where the next range starts.
 *
 * <p>Restart: for CSV and JSON, parts end only at chunk boundaries and are stored in the background while the next
 * chunk is written; each chunk records in the job row, in its transaction, the parts S3 has acknowledged so far:
 * the upload id, the parts (number, ETag, size), the bytes and rows they hold and the sort key of their last row
 * ({@link ExportCheckpoint}). A restarted export (on any node) checks
 * with S3 that the upload still holds those parts, continues it with the next part number and has the reader
 * start after that key: rows buffered but not yet stored when the node died are simply read again, so none is
 * lost or written twice. A part stored by a chunk whose transaction then rolled back is overwritten by the
 * restart (same part number). An XLSX file is one zip stream whose state cannot be carried over: a restarted
 * XLSX export, or one whose upload S3 no longer holds, aborts the old upload and starts over from the first row.
 *
 * <p>When the reader has seen the last row, {@link #close} writes the file's end, completes the upload and
 * records its size, its SHA-256 and when it expires. A cancelled export's upload is aborted.
 */
@Dependent
@Named
public class RecordExportWriter extends AbstractItemWriter {

    private static final Logger LOG = Logger.getLogger(RecordExportWriter.class.getName());

    @Inject
    JobContext jobContext;

    @Inject
    StepContext stepContext;

    @Inject
    CurrentJob current;

    @Inject
    JobRows jobRows;

    @Inject
    ObjectStore store;

    @Inject
    RecordKinds kinds;

    @Inject
    @LadingDatabase
    DataSource dataSource;

    /**
     * Makes the thread that stores each part while the next is written ({@link MultipartUploadStream#inBackground}):
     * one per running export, not the shared executor, whose threads long-lived event streams may all hold.
     */
    @Inject
    @ServerResource
    ManagedThreadFactory threads;

    @Inject
    @ConfigProperties
    ExportSettings settings;

    private UUID jobId;
    private ExportQuery query;
    private ExportRun run;
    private MultipartUploadStream upload;
    private MessageDigest digest;
    private OutputStream out;
    private ExportEncoder encoder;
    private ExportCheckpoint checkpoint;
    private long rowsWritten;
    private boolean chunkFailed;
    private final Deque<CutPart> cutParts = new ArrayDeque<>();
    private ExecutorService uploader;

    @Override
    public void open(Serializable ignored) throws Exception {
        jobId = current.id();
        Job job = current.job();
        query = ExportQuery.of(kinds.named(job.entity()), job.tenantId(), current.parameters(ExportParameters.class));
        run = ExportRun.of(jobContext);
        boolean resumable = query.format.resumable();
        ExportCheckpoint previous = ExportCheckpoint.fromJson(jobRows.checkpointState(jobId));
        try {
            if (previous != null && resumable && previous.hasParts()) {
                upload = store.resumeMultipart(job.file().key(), previous.uploadId(), previous.parts().stream()
                        .map(p -> new MultipartUploadStream.Part(p.number(), p.etag(), p.size())).toList(), true)
                        .orElse(null);
            }
            if (upload != null) {
                checkpoint = previous;
                rowsWritten = previous.rows();
                run.startAfter(query.parseKey(previous.lastKey()));
                LOG.info(() -> "Export " + jobId + " continues upload " + previous.uploadId() + " after part "
                        + previous.parts().size() + " (" + previous.rows() + " rows)");
            } else {
                if (previous != null) {
                    store.abortMultipart(job.file().key(), previous.uploadId());
                }
                upload = store.startMultipart(job.file().key(), query.format.contentType(), resumable);
                checkpoint = ExportCheckpoint.started(upload.uploadId());
                rowsWritten = 0;
                run.startAfter(null);
                digest = sha256();
                jobRows.advance(jobId, current.ownerEpoch(), checkpoint.toJson(), 0);
            }
        } catch (SdkException e) {
            throw JobFailure.transientFailure("STORAGE_UNAVAILABLE", "S3 refused the export's upload: " + e.getMessage(), e);
        }
        uploader = Executors.newSingleThreadExecutor(threads);
        upload.inBackground(uploader);
        out = digest == null ? upload : new DigestOutputStream(upload, digest);
        String plural = query.kind.plural();
        encoder = ExportEncoder.of(query.format, query.selected, out,
                Character.toUpperCase(plural.charAt(0)) + plural.substring(1));
        encoder.begin(rowsWritten);
    }

    @Override
    public void writeItems(List<Object> items) throws Exception {
        chunkFailed = true;
        for (Object item : items) {
            if (item instanceof ExportChunk.Range range) {
                copy(range);
            } else {
                write((ExportChunk.Rows) item);
            }
        }
        jobRows.advance(jobId, current.ownerEpoch(), checkpoint == null ? null : checkpoint.toJson(), rowsWritten);
        chunkFailed = false;
    }

    private void write(ExportChunk.Rows page) throws IOException {
        for (ExportItem row : page.rows()) {
            encoder.row(row.values());
        }
        rowsWritten += page.rows().size();
        encoder.flush();
        partMayEnd(page.rows().get(page.rows().size() - 1).key());
    }

    private void copy(ExportChunk.Range range) throws IOException, SQLException {
        encoder.flush();
        CsvCopy.Copied copied;
        try (Connection c = dataSource.getConnection()) {
            copied = CsvCopy.copy(c, query, range, out);
        }
        rowsWritten += copied.rows();
        if (copied.lastKey() != null) {
            run.startAfter(copied.lastKey());
            partMayEnd(copied.lastKey());
        }
        if (copied.rows() < range.size()) {
            run.exhausted(true);
        }
    }

    /**
     * After whole rows, the last of which has the sort key {@code lastKey}: a part may end here. The checkpoint
     * moves to the last part S3 has acknowledged, with the rows and key noted when that part was cut.
     */
    private void partMayEnd(List<Object> lastKey) throws IOException {
        if (!query.format.resumable()) {
            return;
        }
        if (upload.boundary()) {
            cutParts.add(new CutPart(upload.partsCut(), rowsWritten, ExportQuery.formatKey(lastKey)));
        }
        List<MultipartUploadStream.Part> stored = upload.parts();
        CutPart last = null;
        while (!cutParts.isEmpty() && cutParts.peek().number() <= stored.size()) {
            last = cutParts.poll();
        }
        if (last != null) {
            checkpoint = new ExportCheckpoint(upload.uploadId(), stored.stream()
                    .map(p -> new ExportCheckpoint.Part(p.number(), p.etag(), p.size())).toList(),
                    upload.uploadedBytes(), last.rows(), last.lastKey());
        }
    }

    /** A part cut at a chunk's end: its number, and the rows up to its end and the last one's sort key. */
    private record CutPart(int number, long rows, List<String> lastKey) {
    }

    @Override
    public Serializable checkpointInfo() {
        return checkpoint;
    }

    @Override
    public void close() throws Exception {
        if (upload == null) {
            return;
        }
        try {
            end();
        } finally {
            if (uploader != null) {
                uploader.shutdown();
            }
        }
    }

    private void end() throws IOException {
        if (run.exhausted() && !chunkFailed && stepContext.getException() == null) {
            finish();
        } else if (jobRows.cancelRequested(jobId)) {
            upload.abort();
            jobRows.advance(jobId, current.ownerEpoch(), null, rowsWritten);
        } else {
            // A failure, a server shutdown: the upload stays for the next attempt to continue
            upload.settle();
        }
    }

    private void finish() throws IOException {
        encoder.end();
        ObjectStore.StoredObject stored;
        try {
            stored = upload.complete();
        } catch (SdkException e) {
            throw JobFailure.transientFailure("STORAGE_UNAVAILABLE", "S3 did not complete the export: " + e.getMessage(), e);
        }
        String sha256 = digest != null ? HexFormat.of().formatHex(digest.digest()) : digestOfStored(stored.key());
        jobRows.fileWritten(jobId, rowsWritten, stored.size(), sha256, settings.keptFor());
    }

    /** A continued upload's digest: the bytes stored before the restart are not at hand, so read the file back. */
    private String digestOfStored(String key) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = store.read(key)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
