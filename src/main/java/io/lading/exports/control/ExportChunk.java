package io.lading.exports.control;

import java.util.List;

/**
 * What the export's reader hands its writer for one chunk (the batch item; a chunk is one item): rows it read, or,
 * when PostgreSQL writes the file's lines itself ({@link CsvCopy}), the range of rows to copy.
 */
sealed interface ExportChunk {

    /** Rows in the export's order, read through JDBC for the Java encoders. */
    record Rows(List<ExportItem> rows) implements ExportChunk {
    }

    /**
     * The rows after the sort key {@code after} (null: from the first) up to and including {@code through} (null:
     * to the last).
     */
    record Range(List<Object> after, List<Object> through) implements ExportChunk {
    }
}
