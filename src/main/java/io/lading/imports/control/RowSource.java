package io.lading.imports.control;

import io.lading.imports.entity.SourceRow;
import java.io.Closeable;
import java.io.IOException;

/**
 * The records of an import file, one at a time, whatever its format: the header first, then rows numbered
 * as a spreadsheet shows them (the header is row 1). Implementations stream: memory does not grow with the file.
 */
public interface RowSource extends Closeable {

    String[] header();

    /** The next non-blank record, or null at the end of the file. */
    SourceRow nextRow() throws IOException;

    /** Bytes of the underlying file consumed so far, for progress. */
    long bytesRead();
}
