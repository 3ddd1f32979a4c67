package io.lading.jobs.entity;

/** A rejected row: its row number (the header is row 1), the column, a stable code and a message. */
public record RowError(long row, String column, String code, String message) {
}
