package io.lading.exports.control;

import com.opencsv.CSVWriterBuilder;
import com.opencsv.ICSVWriter;
import io.lading.records.entity.RecordColumn;
import io.lading.exports.entity.ExportFormat;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Turns rows (values in the order of the selected columns) into the bytes of an export file, straight onto a
 * stream. {@link #begin} writes what precedes the first row unless the file is being continued, {@link #flush}
 * pushes everything written so far onto the stream (the writer does so at each chunk's end, where an upload part
 * may end), {@link #end} writes what follows the last row.
 */
public abstract class ExportEncoder {

    protected final List<? extends RecordColumn> columns;

    protected ExportEncoder(List<? extends RecordColumn> columns) {
        this.columns = columns;
    }

    /** An encoder of {@code format} writing to {@code out}. */
    public static ExportEncoder of(ExportFormat format, List<? extends RecordColumn> columns, OutputStream out) {
        return of(format, columns, out, "Contacts");
    }

    /** The same, naming a workbook's sheets {@code sheetName}, "{@code sheetName} 2", ... */
    public static ExportEncoder of(ExportFormat format, List<? extends RecordColumn> columns, OutputStream out,
                                   String sheetName) {
        return switch (format) {
            case CSV -> new Csv(columns, out);
            case JSON -> new Json(columns, out, false);
            case JSONL -> new Json(columns, out, true);
            case XLSX -> new XlsxEncoder(columns, out, XlsxEncoder.MAX_DATA_ROWS_PER_SHEET, sheetName);
        };
    }

    /** Starts the file; {@code rowsBefore} rows are already in it when an upload is continued. */
    public abstract void begin(long rowsBefore) throws IOException;

    public abstract void row(Object[] values) throws IOException;

    public abstract void flush() throws IOException;

    public abstract void end() throws IOException;

    /** Text formats: UTF-8 through one buffer, pushed onto the stream at each chunk's end and at the file's. */
    abstract static class Text extends ExportEncoder {

        protected final Writer out;

        Text(List<? extends RecordColumn> columns, OutputStream out) {
            super(columns);
            this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        }

        /** What follows the last row; nothing by default. */
        void writeTrailer() throws IOException {
        }

        @Override
        public final void flush() throws IOException {
            out.flush();
        }

        @Override
        public final void end() throws IOException {
            writeTrailer();
            out.flush();
        }
    }

    /**
     * RFC 4180: comma-separated, CRLF, a header of the columns' API names; text neutralised (see
     * {@link FormulaGuard}). opencsv's writer, the library that reads imports, does the quoting: only a field holding
     * a comma, a quote, CR or LF is quoted, and quotes are doubled. It costs nothing measurable over the hand-written
     * quoting it replaced: 1,000,000 rows of eight columns to a discarding stream took 1,530 and 1,763 ms against
     * 1,522 and 1,776 ms (two interleaved runs, best of five each, bench/readers).
     */
    static final class Csv extends Text {

        private final ICSVWriter csv;

        Csv(List<? extends RecordColumn> columns, OutputStream out) {
            super(columns, out);
            this.csv = new CSVWriterBuilder(this.out).withLineEnd("\r\n").build();
        }

        @Override
        public void begin(long rowsBefore) throws IOException {
            if (rowsBefore == 0) {
                write(columns.stream().map(RecordColumn::apiName).toArray(String[]::new));
            }
        }

        @Override
        public void row(Object[] values) throws IOException {
            String[] line = new String[values.length];
            for (int i = 0; i < values.length; i++) {
                Object value = values[i];
                line[i] = value instanceof String text ? FormulaGuard.neutralise(text)
                        : value == null ? null : RecordColumn.format(value);
            }
            write(line);
        }

        private void write(String[] line) throws IOException {
            csv.writeNext(line, false);
            // The writer keeps an I/O failure to itself (checkError would flush every row): ask for it
            IOException failure = csv.getException();
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** A JSON array of objects keyed by the columns' API names, or JSON Lines (one object per line). */
    static final class Json extends Text {

        private final boolean lines;
        private boolean first;

        Json(List<? extends RecordColumn> columns, OutputStream out, boolean lines) {
            super(columns, out);
            this.lines = lines;
        }

        @Override
        public void begin(long rowsBefore) throws IOException {
            first = rowsBefore == 0;
            if (first && !lines) {
                out.write('[');
            }
        }

        @Override
        public void row(Object[] values) throws IOException {
            if (!lines) {
                out.write(first ? "\n" : ",\n");
            }
            first = false;
            out.write('{');
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    out.write(',');
                }
                string(columns.get(i).apiName());
                out.write(':');
                Object value = values[i];
                if (value == null) {
                    out.write("null");
                } else if (value instanceof Number number) {
                    out.write(number.toString());
                } else {
                    string(value instanceof String s ? s : RecordColumn.format(value));
                }
            }
            out.write('}');
            if (lines) {
                out.write('\n');
            }
        }

        private void string(String text) throws IOException {
            out.write('"');
            int start = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < 0x20 || c == '"' || c == '\\' || c == '\u2028' || c == '\u2029') {
                    out.write(text, start, i - start);
                    switch (c) {
                        case '"' -> out.write("\\\"");
                        case '\\' -> out.write("\\\\");
                        case '\n' -> out.write("\\n");
                        case '\r' -> out.write("\\r");
                        case '\t' -> out.write("\\t");
                        default -> out.write(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    }
                    start = i + 1;
                }
            }
            out.write(text, start, text.length() - start);
            out.write('"');
        }

        @Override
        void writeTrailer() throws IOException {
            if (!lines) {
                out.write(first ? "]\n" : "\n]\n");
            }
        }
    }
}
