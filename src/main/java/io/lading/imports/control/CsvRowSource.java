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
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Records of a CSV stream, RFC 4180 (quoted fields with commas, quotes and newlines), read with opencsv.
 * Strips a UTF-8 byte order mark, decodes the given charset, and detects the delimiter from the header line
 * when none is given. Counts the bytes consumed so progress can be reported before the row count is known.
 */
public final class CsvRowSource implements RowSource {

    private static final char[] CANDIDATES = {',', ';', '\t', '|'};
    private static final int SNIFF_BYTES = 64 * 1024;
    /** A quoted field may span lines, but an unclosed quote must not swallow the rest of the file. */
    private static final int MULTILINE_LIMIT = 200;

    private final CountingInputStream counted;
    private final CSVReader csv;
    private final String[] header;
    private final char delimiter;
    private long row = 1;

    public CsvRowSource(InputStream raw, Charset charset, Character delimiter) throws IOException {
        this.counted = new CountingInputStream(raw);
        BufferedInputStream in = new BufferedInputStream(counted, SNIFF_BYTES);
        skipUtf8Bom(in, charset);
        this.delimiter = delimiter != null ? delimiter : detectDelimiter(in, charset);
        Reader reader = new InputStreamReader(in, charset);
        this.csv = new CSVReaderBuilder(reader)
                .withCSVParser(new RFC4180ParserBuilder().withSeparator(this.delimiter).build())
                .withMultilineLimit(MULTILINE_LIMIT)
                .build();
        String[] first = next();
        if (first == null || first.length == 0 || (first.length == 1 && first[0].isBlank())) {
            throw JobFailure.permanent("EMPTY_FILE", "The file has no header row");
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
            return new SourceRow(row, values, counted.count());
        }
    }

    private String[] next() throws IOException {
        try {
            return csv.readNext();
        } catch (CsvValidationException e) {
            throw JobFailure.permanent("UNSUPPORTED_FORMAT", "The file is not valid CSV near row " + (row + 1)
                    + ": " + e.getMessage());
        } catch (CsvMultilineLimitBrokenException | CsvMalformedLineException e) {
            throw JobFailure.permanent("UNSUPPORTED_FORMAT", "A quoted field opened near row " + (row + 1)
                    + " is never closed");
        }
    }

    @Override
    public long bytesRead() {
        return counted.count();
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

    /** Counts the bytes taken from the underlying stream. */
    static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }

        long count() {
            return count;
        }
    }
}
