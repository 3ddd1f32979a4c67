package io.lading.imports.control;

import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.RFC4180ParserBuilder;
import com.opencsv.exceptions.CsvMalformedLineException;
import com.opencsv.exceptions.CsvMultilineLimitBrokenException;
import com.opencsv.exceptions.CsvValidationException;
import io.lading.imports.entity.SourceRow;
import io.lading.jobs.control.JobFailure;
import java.io.BufferedInputStream;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.apache.commons.io.input.BoundedInputStream;

/**
 * Records of a CSV stream, RFC 4180 (quoted fields with commas, quotes and newlines), read with opencsv.
 * Strips a UTF-8 byte order mark, decodes the given charset, and detects the delimiter from the header line
 * when none is given. Counts the bytes consumed so progress can be reported before the row count is known.
 *
 * <p>Hostile files are read with bounded memory ({@link FieldLimitReader}, in front of opencsv): a field keeps at
 * most {@link #MAX_FIELD_CHARS} characters (Excel's own cell limit; the rest is dropped, so a 10 MB cell in a
 * contact field becomes a {@code FIELD_TOO_LONG} row error and one in an ignored column is ignored), a record has
 * at most {@link #MAX_COLUMNS} + 1 fields (further delimiters are dropped, so the row is a
 * {@code COLUMN_COUNT_MISMATCH}), a header wider than {@link #MAX_COLUMNS} fails with {@code TOO_MANY_COLUMNS},
 * and a record of more than {@link #MAX_RECORD_CHARS} characters fails the file with {@code UNSUPPORTED_FORMAT}
 * (the limit XLSX rows have too).
 */
public final class CsvRowSource implements RowSource {

    private static final char[] CANDIDATES = {',', ';', '\t', '|'};
    private static final int SNIFF_BYTES = 64 * 1024;
    /** A quoted field may span lines, but an unclosed quote must not swallow the rest of the file. */
    private static final int MULTILINE_LIMIT = 200;
    /** Characters kept of one field; more cannot come from Excel, and no contact field takes over 1000. */
    static final int MAX_FIELD_CHARS = 32_767;
    /** Columns of the header; a wider file is refused. */
    static final int MAX_COLUMNS = 1_000;
    /** Characters of one record (all its fields), as for XLSX rows. */
    static final long MAX_RECORD_CHARS = 4_000_000;

    private final BoundedInputStream counted;
    private final CSVReader csv;
    private final String[] header;
    private final char delimiter;
    private long row = 1;

    public CsvRowSource(InputStream raw, Charset charset, Character delimiter) throws IOException {
        this.counted = BoundedInputStream.builder().setInputStream(raw).get();
        BufferedInputStream in = new BufferedInputStream(counted, SNIFF_BYTES);
        skipUtf8Bom(in, charset);
        this.delimiter = delimiter != null ? delimiter : detectDelimiter(in, charset);
        Reader reader = new FieldLimitReader(new InputStreamReader(in, charset), this.delimiter);
        this.csv = new CSVReaderBuilder(reader)
                .withCSVParser(new RFC4180ParserBuilder().withSeparator(this.delimiter).build())
                .withMultilineLimit(MULTILINE_LIMIT)
                // No look ahead before every line (mark, read a character, reset), a tenth of opencsv's time: the
                // end of the input ends the lines as well.
                .withVerifyReader(false)
                .build();
        String[] first = next();
        if (first == null || first.length == 0 || (first.length == 1 && first[0].isBlank())) {
            throw JobFailure.permanent("EMPTY_FILE", "The file has no header row");
        }
        if (first.length > MAX_COLUMNS) {
            throw JobFailure.permanent("TOO_MANY_COLUMNS", "The header has " + first.length
                    + " columns; at most " + MAX_COLUMNS + " are read");
        }
        for (int i = 0; i < first.length; i++) {
            first[i] = first[i].strip();
        }
        this.header = first;
    }

    @Override
    public String[] header() {
        return header.clone();
    }

    public char delimiter() {
        return delimiter;
    }

    @Override
    public SourceRow nextRow() throws IOException {
        while (true) {
            String[] values = next();
            if (values == null) {
                return null;
            }
            row++;
            if (values.length == 1 && values[0].isBlank()) {
                continue;
            }
            return new SourceRow(row, values, counted.getCount());
        }
    }

    private String[] next() throws IOException {
        try {
            return csv.readNext();
        } catch (CsvValidationException e) {
            throw JobFailure.permanent("UNSUPPORTED_FORMAT", "The file is not valid CSV near row " + (row + 1)
                    + ": " + e.getMessage());
        } catch (RecordTooLongException e) {
            throw JobFailure.permanent("UNSUPPORTED_FORMAT", "Row " + e.row + " holds more than "
                    + MAX_RECORD_CHARS + " characters");
        } catch (CsvMultilineLimitBrokenException | CsvMalformedLineException e) {
            throw JobFailure.permanent("UNSUPPORTED_FORMAT", "A quoted field opened near row " + (row + 1)
                    + " is never closed");
        }
    }

    @Override
    public long bytesRead() {
        return counted.getCount();
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }

    private static void skipUtf8Bom(BufferedInputStream in, Charset charset) throws IOException {
        if (!charset.equals(StandardCharsets.UTF_8)) {
            return;
        }
        in.mark(3);
        byte[] bom = in.readNBytes(3);
        if (!(bom.length == 3 && (bom[0] & 0xFF) == 0xEF && (bom[1] & 0xFF) == 0xBB && (bom[2] & 0xFF) == 0xBF)) {
            in.reset();
        }
    }

    /** The candidate that occurs most often outside quotes on the first line; ',' when none does. */
    static char detectDelimiter(BufferedInputStream in, Charset charset) throws IOException {
        in.mark(SNIFF_BYTES);
        byte[] head = in.readNBytes(SNIFF_BYTES);
        in.reset();
        String text = new String(head, charset);
        int[] counts = new int[CANDIDATES.length];
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                break;
            } else if (!quoted) {
                for (int k = 0; k < CANDIDATES.length; k++) {
                    if (c == CANDIDATES[k]) {
                        counts[k]++;
                    }
                }
            }
        }
        int best = 0;
        for (int k = 1; k < CANDIDATES.length; k++) {
            if (counts[k] > counts[best]) {
                best = k;
            }
        }
        return counts[best] == 0 ? ',' : CANDIDATES[best];
    }

    /** A record over {@link #MAX_RECORD_CHARS}: thrown as an IOException so opencsv passes it through. */
    static final class RecordTooLongException extends IOException {
        final long row;

        RecordTooLongException(long row) {
            super("Row " + row + " holds more than " + MAX_RECORD_CHARS + " characters");
            this.row = row;
        }
    }

    /**
     * Follows the RFC 4180 structure of the characters opencsv is about to parse (a quote opens a field only at
     * its start, a doubled quote inside is content) and drops what would make a record unbounded: content past
     * {@link #MAX_FIELD_CHARS} in a field, and delimiters past the {@link #MAX_COLUMNS}-th of a record. Structure
     * (delimiters, line ends, opening and closing quotes) passes, so row numbers and column counts stay right.
     */
    static final class FieldLimitReader extends FilterReader {
        private final char delimiter;
        private final char[] chunk = new char[8192];
        /** Output of one chunk: each char gives at most two (a held quote and itself). */
        private final char[] filtered = new char[2 * 8192 + 2];
        private int position;
        private int filled;
        private boolean inQuotes;
        private boolean pendingQuote;
        private boolean fieldStart = true;
        private boolean afterCarriageReturn;
        private int fieldChars;
        private int fields;
        private long recordChars;
        private long record = 1;
        private boolean eof;

        FieldLimitReader(Reader in, char delimiter) {
            super(in);
            this.delimiter = delimiter;
        }

        @Override
        public int read() throws IOException {
            return fill() ? filtered[position++] : -1;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(length, filled - position);
            System.arraycopy(filtered, position, buffer, offset, n);
            position += n;
            return n;
        }

        /** Filters chunks until some output is ready; false at the end of the input. */
        private boolean fill() throws IOException {
            while (position == filled) {
                position = 0;
                filled = 0;
                if (eof) {
                    if (!pendingQuote) {
                        return false;
                    }
                    pendingQuote = false;
                    filtered[filled++] = '"';
                    return true;
                }
                int n = in.read(chunk, 0, chunk.length);
                if (n < 0) {
                    eof = true;
                    continue;
                }
                for (int i = 0; i < n; ) {
                    int plain = plainRun(i, n);
                    if (plain > i) {
                        filled = plainContent(i, plain, filled);
                        i = plain;
                    } else {
                        filled = accept(chunk[i++], filtered, filled);
                    }
                }
            }
            return true;
        }

        /**
         * Where the run of plain content characters from {@code from} ends: none of them a quote, the delimiter or
         * a line end, and no quote pending. Most of a file is such runs, copied whole instead of char by char.
         */
        private int plainRun(int from, int to) {
            if (pendingQuote) {
                return from;
            }
            int i = from;
            while (i < to) {
                char c = chunk[i];
                if (c == '"' || c == delimiter || c == '\n' || c == '\r') {
                    break;
                }
                i++;
            }
            return i;
        }

        /**
         * A run of plain content: what {@link #accept} does to each of its characters, at once (inside quotes the
         * two flags it clears are clear already).
         */
        private int plainContent(int from, int to, int out) throws IOException {
            afterCarriageReturn = false;
            fieldStart = false;
            int kept = Math.min(to - from, MAX_FIELD_CHARS - fieldChars);
            if (kept <= 0) {
                return out;
            }
            count(kept);
            System.arraycopy(chunk, from, filtered, out, kept);
            return out + kept;
        }

        private int accept(char c, char[] buffer, int out) throws IOException {
            if (pendingQuote) {
                pendingQuote = false;
                if (c == '"') {
                    if (fieldChars < MAX_FIELD_CHARS) {
                        count(1);
                        buffer[out++] = '"';
                        buffer[out++] = '"';
                    }
                    return out;
                }
                inQuotes = false;
                buffer[out++] = '"';
            }
            if (inQuotes) {
                if (c == '"') {
                    pendingQuote = true;
                    return out;
                }
                return content(c, buffer, out);
            }
            if (c == '\n' || c == '\r') {
                if (!(c == '\n' && afterCarriageReturn)) {
                    record++;
                }
                afterCarriageReturn = c == '\r';
                fields = 0;
                fieldChars = 0;
                recordChars = 0;
                fieldStart = true;
                buffer[out++] = c;
                return out;
            }
            afterCarriageReturn = false;
            if (c == delimiter) {
                if (fields < MAX_COLUMNS) {
                    fields++;
                    fieldChars = 0;
                    fieldStart = true;
                    buffer[out++] = c;
                }
                // Past the limit a delimiter is dropped: the record ends with MAX_COLUMNS + 1 fields.
                return out;
            }
            if (c == '"' && fieldStart) {
                inQuotes = true;
                fieldStart = false;
                buffer[out++] = c;
                return out;
            }
            fieldStart = false;
            return content(c, buffer, out);
        }

        private int content(char c, char[] buffer, int out) throws IOException {
            if (fieldChars >= MAX_FIELD_CHARS) {
                return out;
            }
            count(1);
            buffer[out++] = c;
            return out;
        }

        private void count(int chars) throws IOException {
            fieldChars += chars;
            recordChars += chars;
            if (recordChars > MAX_RECORD_CHARS) {
                throw new RecordTooLongException(record);
            }
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public void mark(int readAheadLimit) throws IOException {
            throw new IOException("mark not supported");
        }

        @Override
        public void reset() throws IOException {
            throw new IOException("reset not supported");
        }

        @Override
        public long skip(long n) throws IOException {
            char[] skipped = new char[(int) Math.min(n, 8192)];
            int read = read(skipped, 0, skipped.length);
            return Math.max(0, read);
        }

        @Override
        public boolean ready() throws IOException {
            return false;
        }
    }
}
