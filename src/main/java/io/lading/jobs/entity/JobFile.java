package io.lading.jobs.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.time.OffsetDateTime;

/**
 * The one file a job works on, whatever its type: the file an import reads, the file an export writes, the name
 * of the import a rollback undoes. Name and key are set when the job is submitted; what the batch job learns as it
 * reads or writes the file (size, ETag, header, digest, expiry) it writes with plain SQL, so those are read-only
 * here.
 */
@Embeddable
public class JobFile {

    @Column(name = "file_name") private String name;

    @Column(name = "file_key") private String key;

    @Column(name = "file_size") private Long size;

    @Column(name = "file_etag") private String etag;

    /** The file format as the API names it, when the submission fixes it (exports: csv, json, jsonl, xlsx). */
    @Column(name = "format", updatable = false) private String format;

    /** The SHA-256 (hex) of a file the job wrote. */
    @Column(name = "sha256", insertable = false, updatable = false) private String sha256;

    /** When a file the job wrote is deleted. */
    @Column(name = "expires_at", insertable = false, updatable = false) private OffsetDateTime expiresAt;

    /** The header line as read, repeated at the top of the error report. */
    @Column(name = "source_header", insertable = false, updatable = false) private String header;

    /** Columns of a file read that feed no field, as a JSON array. */
    @Column(name = "ignored_columns", insertable = false, updatable = false) private String ignoredColumns;

    public JobFile() {
    }

    void attach(String name, String key, Long size) {
        this.name = name;
        this.key = key;
        this.size = size;
    }

    void format(String format) {
        this.format = format;
    }

    public String name() { return name; }
    public String key() { return key; }
    public Long size() { return size; }
    public String etag() { return etag; }
    public String format() { return format; }
    public String sha256() { return sha256; }
    public OffsetDateTime expiresAt() { return expiresAt; }
    public String header() { return header; }
    public String ignoredColumns() { return ignoredColumns; }
}
