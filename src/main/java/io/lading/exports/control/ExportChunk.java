package io.lading.exports.control;

import java.util.List;

/**
 * What the export's reader hands its writer for one chunk (the batch item; a chunk is one item): rows it read, or,
 * when PostgreSQL writes the file's lines itself ({@link CsvCopy}), where the rows to copy start and how many.
 */
sealed interface ExportChunk {

    /** Rows in the export's order, read through JDBC for the Java encoders. */
    record Rows(List<ExportItem> rows) implements ExportChunk {
    }

    /** Up to {@code size} rows after the sort key {@code after} (null: from the first). */
    record Range(List<Object> after, int size) implements ExportChunk {
    }
}
