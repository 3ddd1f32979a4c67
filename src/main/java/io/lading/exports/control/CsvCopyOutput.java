package io.lading.exports.control;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Finishes the CSV that COPY writes into what the Java encoder writes: CRLF row ends (RFC 4180) where COPY ends a
 * row with LF, and {@link FormulaGuard}'s apostrophe at the start of a text cell that needs it (after the opening
 * quote when the cell is quoted). Done here rather than in the query because the guard in SQL doubled the
 * database's work, while this pass runs beside it.
 *
 * <p>A byte scan: a LF or a comma outside quotes ends a row or a cell, inside a quoted value it is the value's
 * own; in UTF-8 none of {@code " , LF} or the guarded characters occurs inside a multi-byte character. An empty
 * text reaches here as NULL (see {@link CsvCells}), so {@code ""} never is a whole cell.
 */
final class CsvCopyOutput extends FilterOutputStream {

    private static final byte[] CRLF = {'\r', '\n'};

    private final boolean[] text;
    private boolean quoted;
    private boolean cellStart = true;
    private int column;

    /** {@code text}: which of the columns are text, whose cells the guard applies to. */
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
            if (cellStart) {
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
            } else if (!quoted && b == '\n') {
                out.write(bytes, start, i - start);
                out.write(CRLF);
                start = i + 1;
                column = 0;
                cellStart = true;
            }
        }
        out.write(bytes, start, end - start);
    }
}
