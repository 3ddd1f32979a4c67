package io.lading.testsupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A job's row as the database has it (the counters there are the ones chunks commit), for tests that restart servers. */
public record JobRow(String status, String nodeId, int attempts, long processedRows, long createdRows,
                     long updatedRows, long skippedRows, long failedRows, long checkpointRow, long bytesRead,
                     Long fileSize, Long totalRows, Instant startedAt, Instant completedAt) {

    public static JobRow read(UUID id) throws SQLException {
        try (Connection c = Database.connect(); PreparedStatement query = c.prepareStatement("""
                select status, node_id, attempts, processed_rows, created_rows, updated_rows, skipped_rows,
                       failed_rows, checkpoint_row, bytes_read, file_size, total_rows, started_at, completed_at
                  from jobs where id = ?""")) {
            query.setObject(1, id);
            try (ResultSet rs = query.executeQuery()) {
                assertTrue(rs.next(), "job " + id + " has no row");
                return new JobRow(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
                        rs.getObject(11, Long.class), rs.getObject(12, Long.class), instant(rs, 13),
                        instant(rs, 14));
            }
        }
    }

    /** How far the reader got through the file, in percent. */
    public int progress() {
        return fileSize == null || fileSize == 0 ? 0 : (int) (bytesRead * 100 / fileSize);
    }

    /** The job's timeline (job_events), oldest first. */
    public static List<Event> events(UUID jobId) throws SQLException {
        List<Event> events = new ArrayList<>();
        try (Connection c = Database.connect(); PreparedStatement query = c.prepareStatement(
                "select at, status, attempt, node_id, message from job_events where job_id = ? order by id")) {
            query.setObject(1, jobId);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    events.add(new Event(instant(rs, 1), rs.getString(2), rs.getInt(3), rs.getString(4),
                            rs.getString(5) == null ? "" : rs.getString(5)));
                }
            }
        }
        return events;
    }

    /** One status change or attempt of the timeline. */
    public record Event(Instant at, String status, int attempt, String nodeId, String message) {

        @Override
        public String toString() {
            return at + " " + status + " attempt " + attempt + " on " + nodeId + ": " + message;
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
