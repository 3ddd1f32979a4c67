package io.lading.exports.control;

import com.opencsv.RFC4180Parser;
import com.opencsv.RFC4180ParserBuilder;
import com.opencsv.enums.CSVReaderNullFieldIndicator;
import io.lading.exports.entity.ExportFormat;
import io.lading.records.control.RecordSort;
import io.lading.records.entity.RecordColumn;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * The rows of a CSV export written by PostgreSQL: {@code COPY (query) TO STDOUT (FORMAT csv)} streamed from the
 * driver onto the upload, with no row turned into Java objects. The query renders every cell as the Java encoder
 * would ({@link CsvCells}) and COPY quotes exactly where opencsv does (a comma, a quote, CR or LF); then
 * {@link CsvCopyOutput} adds CRLF row ends and the formula guard, so the file is byte for byte what
 * {@link ExportEncoder.Csv} writes.
 *
 * <p>COPY quotes a row that is exactly {@code \.} (so old clients do not read it as the end of the data), which
 * opencsv does not; the sort key cells that end every row COPY writes keep a single column from being the row.
 */
final class CsvCopy {

    private CsvCopy() {
    }

    /** Whether COPY writes this export's rows. */
    static boolean applies(ExportQuery query) {
        return query.format == ExportFormat.CSV;
    }

    /** What a range's copy wrote: its rows, and the sort key of the last of them (null when none). */
    record Copied(long rows, List<Object> lastKey) {
    }

    /**
     * Copies the rows of {@code range} onto {@code out} (the encoder's header, if any, already flushed there). The
     * rows end with their sort key cells, which {@link CsvCopyOutput} keeps out of the file and hands back.
     */
    static Copied copy(Connection c, ExportQuery query, ExportChunk.Range range, OutputStream out)
            throws SQLException, IOException {
        boolean[] text = new boolean[query.selected.size()];
        for (int i = 0; i < text.length; i++) {
            text[i] = query.selected.get(i).type() == RecordColumn.Type.TEXT;
        }
        // The pass writes a row in pieces (its cells, then CRLF): buffered, the digest and the upload see large
        // writes instead of three small ones a row
        CsvCopyOutput rows = new CsvCopyOutput(new BufferedOutputStream(out, 1 << 16), text);
        long count = c.unwrap(PGConnection.class).getCopyAPI().copyOut(statement(query, range), rows);
        rows.flush();
        String key = rows.lastKey();
        return new Copied(count, key == null ? null : query.parseKey(Arrays.asList(keyCells().parseLine(key))));
    }

    /** Reads key cells: an empty unquoted cell is NULL, {@code ""} an empty text. */
    private static RFC4180Parser keyCells() {
        return new RFC4180ParserBuilder().withFieldAsNull(CSVReaderNullFieldIndicator.EMPTY_SEPARATORS).build();
    }

    /**
     * The COPY of {@code range}: the file's cells, then the sort key's. The cells are computed over a subquery
     * ({@code offset 0} keeps the planner from folding it in) so that a column that is itself a subquery, like a
     * contact's company name, runs once per row however often its cell expression names it; the outer order is
     * the subquery's, which the planner sees. A key's text is what {@link RecordColumn#parse} reads back (a text
     * key as it is: COPY writes NULL as an empty cell and an empty text as {@code ""}).
     */
    static String statement(ExportQuery query, ExportChunk.Range range) throws SQLException {
        StringBuilder sql = new StringBuilder("copy (select ");
        for (int i = 0; i < query.selected.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(CsvCells.cell(query.selected.get(i), "page.v" + (i + 1)));
        }
        List<RecordColumn> keyColumns = query.sort.columns();
        for (int i = 0; i < keyColumns.size(); i++) {
            String key = "page.k" + (i + 1);
            sql.append(", ").append(keyColumns.get(i).type() == RecordColumn.Type.TEXT ? key
                    : CsvCells.cell(keyColumns.get(i), key));
        }
        sql.append(" from (").append(SqlLiterals.inline(query.range(range.after(), range.size())))
                .append(" offset 0) page order by ");
        List<RecordSort.Key> keys = query.sort.keys();
        for (int i = 0; i < keys.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("page.k").append(i + 1).append(keys.get(i).descending() ? " desc" : " asc");
        }
        return sql.append(") to stdout with (format csv)").toString();
    }
}
