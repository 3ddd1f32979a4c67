package io.lading.exports.entity;

import java.util.Locale;
import java.util.Optional;

/** A file format an export is written in. */
public enum ExportFormat {
    CSV("csv", "text/csv; charset=utf-8", true),
    JSON("json", "application/json", true),
    JSONL("jsonl", "application/x-ndjson", true),
    /** A zip whose deflate state cannot be carried over a restart: an interrupted XLSX export starts over. */
    XLSX("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", false);

    private final String extension;
    private final String contentType;
    private final boolean resumable;

    ExportFormat(String extension, String contentType, boolean resumable) {
        this.extension = extension;
        this.contentType = contentType;
        this.resumable = resumable;
    }

    public String apiName() {
        return extension;
    }

    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }

    /** Whether a restarted export continues its upload after the last stored part. */
    public boolean resumable() {
        return resumable;
    }

    public static Optional<ExportFormat> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
