package io.lading.jobs.entity;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A rejected row: its row number (the header is row 1), the column, a stable code and a message. */
public record RowError(long row, @Schema(nullable = true) String column, String code, String message) {
}
