package io.lading.storage.control;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * An S3 object written as a stream: bytes are buffered and uploaded as parts of a multipart upload, the upload
 * is completed on {@link #close} and aborted when a part cannot be stored, so memory stays bounded by a part
 * whatever the object's size and nothing touches local disk.
 *
 * <p>Two ways of cutting parts. By default a part is uploaded each time the buffer holds
 * {@link ObjectStore#PART_SIZE} bytes. With {@code partsAtBoundaries}, parts end only where the writer says one
 * may ({@link #boundary()}, e.g. after a whole number of rows), once the buffer holds at least a part: then every
 * uploaded part ends on a row, and a writer that records which rows its parts hold can resume the same upload
 * after a crash ({@link ObjectStore#resumeMultipart}). The buffer then holds a part plus what is written between
 * two boundaries.
 *
 * <p>{@link #inBackground}: a part cut at a boundary is stored by another thread while the writer fills the next
 * one, so reading and uploading overlap; at most one part is in flight (a boundary waits for the previous part),
 * which bounds memory to two buffers. {@link #parts()} lists only parts S3 has acknowledged, in order; a part that
 * fails aborts the upload and the next call on the stream throws.
 */
public final class MultipartUploadStream extends OutputStream {

    /** A part already stored in S3. */
    public record Part(int number, String etag, long size) {
    }

    private final S3Client client;
    private final String bucket;
    private final String key;
    private final String uploadId;
    private final boolean partsAtBoundaries;
    private final List<Part> parts;
    private long uploadedBytes;
    private byte[] buffer = new byte[ObjectStore.PART_SIZE];
    private int buffered;
    private boolean closed;
    private Executor background;
    private CompletableFuture<Part> inFlight;
    private byte[] spare;

    MultipartUploadStream(S3Client client, String bucket, String key, String uploadId, List<Part> done,
                          boolean partsAtBoundaries) {
        this.client = client;
        this.bucket = bucket;
        this.key = key;
        this.uploadId = uploadId;
        this.partsAtBoundaries = partsAtBoundaries;
        this.parts = new ArrayList<>(done);
        this.uploadedBytes = done.stream().mapToLong(Part::size).sum();
    }

    public String key() {
        return key;
    }

    public String uploadId() {
        return uploadId;
    }

    /** Stores parts cut at boundaries on {@code executor}'s threads from now on. */
    public MultipartUploadStream inBackground(Executor executor) {
        this.background = executor;
        return this;
    }

    /** The parts stored so far, in order. */
    public List<Part> parts() throws IOException {
        if (inFlight != null && inFlight.isDone()) {
            awaitInFlight();
        }
        return List.copyOf(parts);
    }

    /** Bytes in stored parts (as of the last {@link #parts()}). */
    public long uploadedBytes() {
        return uploadedBytes;
    }

    /** Parts cut so far, stored or in flight: the number of the last one. */
    public int partsCut() {
        return parts.size() + (inFlight == null ? 0 : 1);
    }

    /** Bytes written so far, stored, in flight or buffered. */
    public long bytesWritten() {
        return uploadedBytes + (inFlight == null ? 0 : ObjectStore.PART_SIZE) + buffered;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("The upload of " + key + " is closed");
        }
        while (length > 0) {
            if (buffered == buffer.length) {
                if (partsAtBoundaries) {
                    buffer = Arrays.copyOf(buffer, buffer.length + Math.max(length, ObjectStore.PART_SIZE / 4));
                } else {
                    uploadPart();
                }
            }
            int n = Math.min(length, buffer.length - buffered);
            System.arraycopy(bytes, offset, buffer, buffered, n);
            buffered += n;
            offset += n;
            length -= n;
        }
    }

    /**
     * A part may end here: uploads the buffer when it holds a part (in the background, if so set). Returns
     * whether a part was cut.
     */
    public boolean boundary() throws IOException {
        if (buffered < ObjectStore.PART_SIZE) {
            return false;
        }
        if (background == null) {
            uploadPart();
            return true;
        }
        awaitInFlight();
        int number = parts.size() + 1;
        byte[] bytes = buffer;
        int length = buffered;
        inFlight = CompletableFuture.supplyAsync(() -> store(number, bytes, length), background);
        buffer = spare != null ? spare : new byte[ObjectStore.PART_SIZE];
        spare = null;
        buffered = 0;
        return true;
    }

    /** Uploads what is buffered as the last part and completes the object. */
    public ObjectStore.StoredObject complete() throws IOException {
        if (closed) {
            throw new IOException("The upload of " + key + " is closed");
        }
        awaitInFlight();
        try {
            if (buffered > 0 || parts.isEmpty()) {
                uploadPart();
            }
            List<CompletedPart> completed = parts.stream()
                    .map(p -> CompletedPart.builder().partNumber(p.number()).eTag(p.etag()).build()).toList();
            var done = client.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(completed)));
            closed = true;
            return new ObjectStore.StoredObject(key, uploadedBytes, done.eTag());
        } catch (RuntimeException e) {
            abort();
            throw e;
        }
    }

    /** Completes the object (see {@link #complete}); a stream that was aborted stays aborted. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            complete();
        }
    }

    /**
     * Waits until no part is in flight, whether it was stored or not, for a writer that leaves the upload to a
     * later attempt: that attempt rewrites the parts after the last one it knows, which a late part must not undo.
     */
    public void settle() {
        if (inFlight != null) {
            inFlight.handle((part, failure) -> null).join();
        }
    }

    /** Drops the upload and every part stored so far. */
    public void abort() {
        if (closed) {
            return;
        }
        closed = true;
        buffer = null;
        // Let the part in flight land (or fail) first, so it cannot arrive after the upload is gone
        settle();
        inFlight = null;
        try {
            client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (RuntimeException alreadyGone) {
            // An upload that is gone is what abort wants.
        }
    }

    private void uploadPart() throws IOException {
        awaitInFlight();
        int number = parts.size() + 1;
        int length = buffered;
        Part part;
        try {
            part = store(number, buffer, length);
        } catch (RuntimeException e) {
            abort();
            throw new IOException("Part " + number + " of " + key + " could not be stored: " + e.getMessage(), e);
        }
        parts.add(part);
        uploadedBytes += length;
        buffered = 0;
        if (buffer.length > ObjectStore.PART_SIZE) {
            buffer = new byte[ObjectStore.PART_SIZE];
        }
    }

    /** Waits for the part in flight, if any, and counts it as stored. */
    private void awaitInFlight() throws IOException {
        if (inFlight == null) {
            return;
        }
        Part part;
        try {
            part = inFlight.join();
        } catch (CompletionException | CancellationException e) {
            inFlight = null;
            abort();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException("Part " + (parts.size() + 1) + " of " + key + " could not be stored: "
                    + cause.getMessage(), cause);
        }
        inFlight = null;
        parts.add(part);
        uploadedBytes += part.size();
    }

    private Part store(int number, byte[] bytes, int length) {
        var uploaded = client.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                        .contentLength((long) length),
                RequestBody.fromInputStream(new ByteArrayInputStream(bytes, 0, length), length));
        if (background != null && bytes.length == ObjectStore.PART_SIZE) {
            spare = bytes; // read by the writer's thread only after join(), which orders this write before it
        }
        return new Part(number, uploaded.eTag(), length);
    }
}
