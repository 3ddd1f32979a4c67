package io.lading.exports.control;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Finishes the CSV that COPY writes into what the Java encoder writes: CRLF row ends (RFC 4180) where COPY ends a
 * row with LF, and {@link FormulaGuard}'s apostrophe at the start of a text cell that needs it (after the opening
 * quote when the cell is quoted). Done here rather than in the query because the guard in SQL doubled the
 * database's work, while this pass runs beside it.
 *
 * <p>Each row ends with the row's sort key, cells the file does not get: they are held back, and the last row's
 * are kept ({@link #lastKey}), so that the next range starts after it without asking the database where this one
 * ended.
 *
 * <p>A byte scan: a LF or a comma outside quotes ends a row or a cell, inside a quoted value it is the value's
 * own; in UTF-8 none of {@code " , LF} or the guarded characters occurs inside a multi-byte character. An empty
 * text reaches here as NULL (see {@link CsvCells}), so {@code ""} never is a whole cell of the file.
 */
final class CsvCopyOutput extends FilterOutputStream {

    private static final byte[] CRLF = {'\r', '\n'};

    private final boolean[] text;
    private final ByteArrayOutputStream key = new ByteArrayOutputStream(64);
    private boolean quoted;
    private boolean cellStart = true;
    private boolean inKey;
    private int column;
    private long rows;

    /** {@code text}: which of the file's columns are text, whose cells the guard applies to; the key cells follow. */
    CsvCopyOutput(OutputStream out, boolean[] text) {
        super(out);
        this.text = text.clone();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            byte b = bytes[i];
            if (cellStart && !inKey) {
                if (b == '"' && !quoted) {
                    quoted = true; // the opening quote: the value starts at the next byte
                    continue;
                }
                cellStart = false;
                if (text[column] && FormulaGuard.startsFormula(b)) {
                    out.write(bytes, start, i - start);
                    out.write('\'');
                    start = i;
                }
            }
            if (b == '"') {
                quoted = !quoted;
            } else if (!quoted && b == ',') {
                column++;
                cellStart = true;
                if (column == text.length) {
                    out.write(bytes, start, i - start);
                    start = i + 1;
                    inKey = true;
                    key.reset();
                }
            } else if (!quoted && b == '\n') {
                if (inKey) {
                    key.write(bytes, start, i - start);
                } else {
                    out.write(bytes, start, i - start);
                }
                out.write(CRLF);
                rows++;
                start = i + 1;
                column = 0;
                cellStart = true;
                inKey = false;
            }
        }
        if (inKey) {
            key.write(bytes, start, end - start);
        } else {
            out.write(bytes, start, end - start);
        }
    }

    /** The key cells of the last row written, as COPY wrote them (CSV, comma-separated), or null before any row. */
    String lastKey() {
        return rows == 0 ? null : key.toString(StandardCharsets.UTF_8);
    }
}
