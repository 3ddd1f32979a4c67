package io.lading.imports.control;

import io.lading.jobs.entity.RowError;
import io.lading.platform.LadingDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** The rows an import rejected: the first ones for the job view, all of them as a CSV report. */
@ApplicationScoped
public class ImportErrors {

    @Inject
    @LadingDatabase
    DataSource dataSource;

    public List<RowError> first(UUID jobId, int limit) {
        List<RowError> errors = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement query = c.prepareStatement("""
                select row_number, column_name, code, message from import_errors
                 where job_id = ? order by row_number limit ?""")) {
            query.setObject(1, jobId);
            query.setInt(2, limit);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    errors.add(new RowError(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the errors of job " + jobId + " failed", e);
        }
        return errors;
    }

    /**
     * The rows the import rejected (not the duplicates it applied), exactly as they came in, under the file's
     * header: the input of a "retry the failed rows" import. Returns how many rows were written.
     */
    public long writeRejectedRows(UUID jobId, String headerLine, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        writer.write(headerLine + "\r\n");
        long written = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement query = c.prepareStatement("""
                    select source_row from import_errors
                     where job_id = ? and code <> 'DUPLICATE_IN_FILE' order by row_number""")) {
                query.setFetchSize(1000);
                query.setObject(1, jobId);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        writer.write(rs.getString(1));
                        writer.write("\r\n");
                        written++;
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IOException("Reading the errors of job " + jobId + " failed", e);
        }
        writer.flush();
        return written;
    }

    /**
     * Writes every rejected row as it came in, plus {@code row}, {@code error_code} and {@code error}: fix
     * the values, drop the three columns, and the file imports again. Streams from the database cursor.
     */
    public void writeReport(UUID jobId, String headerLine, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        String header = headerLine == null || headerLine.isEmpty() ? "" : headerLine + ",";
        writer.write(header + "row,error_code,error\r\n");
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement query = c.prepareStatement("""
                    select source_row, row_number, code, message from import_errors
                     where job_id = ? order by row_number""")) {
                query.setFetchSize(1000);
                query.setObject(1, jobId);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        String source = rs.getString(1);
                        writer.write((source == null || source.isEmpty() ? "" : source + ","));
                        writer.write(CsvLine.encode(new String[] {Long.toString(rs.getLong(2)), rs.getString(3),
                                rs.getString(4)}));
                        writer.write("\r\n");
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IOException("Reading the errors of job " + jobId + " failed", e);
        }
        writer.flush();
    }
}
