package io.lading.jobs.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * What a job did to rows, for every type: an import counts the rows it read and what became of each, an export
 * the rows it wrote ({@code processed}), a rollback the contacts it restored or deleted. The batch writer adds to
 * them with plain SQL inside each chunk's transaction ({@code io.lading.jobs.control.JobRows}), so they always
 * match what was committed; they are read-only here.
 */
@Embeddable
public class RowCounts {

    @Column(name = "total_rows", insertable = false, updatable = false) private Long total;

    @Column(name = "processed_rows", insertable = false, updatable = false) private long processed;

    @Column(name = "created_rows", insertable = false, updatable = false) private long created;

    @Column(name = "updated_rows", insertable = false, updatable = false) private long updated;

    @Column(name = "skipped_rows", insertable = false, updatable = false) private long skipped;

    @Column(name = "failed_rows", insertable = false, updatable = false) private long failed;

    @Column(name = "duplicate_rows", insertable = false, updatable = false) private long duplicates;

    public RowCounts() {
    }

    /** Null until the job knows how many rows there are (an import: at its end). */
    public Long total() { return total; }
    public long processed() { return processed; }
    public long created() { return created; }
    public long updated() { return updated; }
    public long skipped() { return skipped; }
    public long failed() { return failed; }
    public long duplicates() { return duplicates; }
}
