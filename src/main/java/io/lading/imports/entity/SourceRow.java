package io.lading.imports.entity;

/**
 * One record of the file as read: its row number (the header is row 1, as a spreadsheet shows it), its
 * values, and how many bytes of the file had been read when it was (for progress).
 */
public record SourceRow(long row, String[] values, long bytesRead) {
}
