package io.lading.jobs.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * Where a job stands, so that a restart on any node continues after the work already committed: the last row
 * number done and the bytes of the file read up to it (a reader of a file), or a job type's own state as JSON
 * (an export's multipart upload). Written with plain SQL in each chunk's transaction, read-only here.
 */
@Embeddable
public class JobCheckpoint {

    @Column(name = "checkpoint_row", insertable = false, updatable = false) private long row;

    @Column(name = "bytes_read", insertable = false, updatable = false) private long bytesRead;

    /** The job type's own checkpoint as JSON (an export's {@code ExportCheckpoint}), null when it keeps none. */
    @Column(name = "checkpoint_state", insertable = false, updatable = false) private String state;

    public JobCheckpoint() {
    }

    public long row() { return row; }
    public long bytesRead() { return bytesRead; }
    public String state() { return state; }
}
