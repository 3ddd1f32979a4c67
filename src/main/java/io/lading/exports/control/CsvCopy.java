package io.lading.exports.control;

import io.lading.exports.entity.ExportFormat;
import io.lading.records.control.RecordSort;
import io.lading.records.entity.RecordColumn;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * The rows of a CSV export written by PostgreSQL: {@code COPY (query) TO STDOUT (FORMAT csv)} streamed from the
 * driver onto the upload, with no row turned into Java objects. The query renders every cell as the Java encoder
 * would ({@link CsvCells}) and COPY quotes exactly where opencsv does (a comma, a quote, CR or LF); then
 * {@link CsvCopyOutput} adds CRLF row ends and the formula guard, so the file is byte for byte what
 * {@link ExportEncoder.Csv} writes.
 *
 * <p>One exception keeps the Java encoder: with a single column, COPY quotes a value that is exactly
 * {@code \.} (so old clients do not read it as the end of the data), and opencsv does not.
 */
final class CsvCopy {

    private CsvCopy() {
    }

    /** Whether COPY writes this export's rows. */
    static boolean applies(ExportQuery query) {
        return query.format == ExportFormat.CSV && query.selected.size() > 1;
    }

    /**
     * Copies the rows of {@code range} onto {@code out} (the encoder's header, if any, already flushed there) and
     * returns how many rows it wrote.
     */
    static long copy(Connection c, ExportQuery query, ExportChunk.Range range, OutputStream out)
            throws SQLException, IOException {
        boolean[] text = new boolean[query.selected.size()];
        for (int i = 0; i < text.length; i++) {
            text[i] = query.selected.get(i).type() == RecordColumn.Type.TEXT;
        }
        CsvCopyOutput rows = new CsvCopyOutput(out, text);
        long count = c.unwrap(PGConnection.class).getCopyAPI().copyOut(statement(query, range), rows);
        rows.flush();
        return count;
    }

    /**
     * The COPY of {@code range}. The cells are computed over a subquery ({@code offset 0} keeps the planner from
     * folding it in) so that a column that is itself a subquery, like a contact's company name, runs once per row
     * however often its cell expression names it; the outer order is the subquery's, which the planner sees.
     */
    static String statement(ExportQuery query, ExportChunk.Range range) throws SQLException {
        StringBuilder sql = new StringBuilder("copy (select ");
        for (int i = 0; i < query.selected.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(CsvCells.cell(query.selected.get(i), "page.v" + (i + 1)));
        }
        sql.append(" from (").append(SqlLiterals.inline(query.range(range.after(), range.through())))
                .append(" offset 0) page order by ");
        List<RecordSort.Key> keys = query.sort.keys();
        for (int i = 0; i < keys.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("page.k").append(i + 1).append(keys.get(i).descending() ? " desc" : " asc");
        }
        return sql.append(") to stdout with (format csv)").toString();
    }
}
