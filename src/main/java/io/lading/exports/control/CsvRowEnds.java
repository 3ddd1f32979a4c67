package io.lading.exports.control;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Ends CSV lines with CRLF (RFC 4180, as the Java encoder does) where COPY ends them with LF: a LF outside quotes
 * ends a row, one inside a quoted value is the value's own and stays. Bytes, not characters: in UTF-8 neither
 * '"' nor LF occurs inside a multi-byte character.
 */
final class CsvRowEnds extends FilterOutputStream {

    private static final byte[] CRLF = {'\r', '\n'};

    private boolean quoted;

    CsvRowEnds(OutputStream out) {
        super(out);
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
            if (b == '"') {
                quoted = !quoted;
            } else if (b == '\n' && !quoted) {
                out.write(bytes, start, i - start);
                out.write(CRLF);
                start = i + 1;
            }
        }
        out.write(bytes, start, end - start);
    }
}
