package io.lading.jobs.control;

import io.lading.jobs.entity.JobStatus;
import io.lading.platform.LadingDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import io.lading.platform.JsonbConfiguration;
import javax.sql.DataSource;

/**
 * The job row's fast-changing columns, written with plain SQL so that they never fight with status
 * changes over the row's {@code @Version}: counters and checkpoint (inside each chunk's transaction),
 * the heartbeat, and the failure a batch step reports.
 */
@ApplicationScoped
public class JobRows {

    @Inject
    @LadingDatabase
    DataSource dataSource;

    /** Row counts of one chunk, added to the job in the chunk's own transaction. */
    public record ChunkCounts(long processed, long created, long updated, long skipped, long failed,
                              long duplicates) {
    }

    public void advance(Connection connection, UUID jobId, ChunkCounts counts, long checkpointRow, long bytesRead)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                update jobs set processed_rows = processed_rows + ?, created_rows = created_rows + ?,
                       updated_rows = updated_rows + ?, skipped_rows = skipped_rows + ?,
                       failed_rows = failed_rows + ?, duplicate_rows = duplicate_rows + ?,
                       checkpoint_row = ?, bytes_read = ?,
                       heartbeat_at = now(), updated_at = now()
                 where id = ?""")) {
            update.setLong(1, counts.processed());
            update.setLong(2, counts.created());
            update.setLong(3, counts.updated());
            update.setLong(4, counts.skipped());
            update.setLong(5, counts.failed());
            update.setLong(6, counts.duplicates());
            update.setLong(7, checkpointRow);
            update.setLong(8, bytesRead);
            update.setObject(9, jobId);
            update.executeUpdate();
        }
    }

    public void setTotal(Connection connection, UUID jobId, long total) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update jobs set total_rows = ?, updated_at = now() where id = ?")) {
            update.setLong(1, total);
            update.setObject(2, jobId);
            update.executeUpdate();
        }
    }

    public void addProcessed(Connection connection, UUID jobId, long rows) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update jobs set processed_rows = processed_rows + ?, heartbeat_at = now(), updated_at = now() where id = ?")) {
            update.setLong(1, rows);
            update.setObject(2, jobId);
            update.executeUpdate();
        }
    }

    /** The last row number whose effects are committed; a restarted reader continues after it. */
    public long checkpointRow(UUID jobId) {
        return queryLong("select checkpoint_row from jobs where id = ?", jobId);
    }

    /**
     * Beats the heartbeat of a job this node runs and reports whether a cancel was asked for.
     * Returns {@code null} when the job is no longer this node's (another node took it over).
     */
    public Boolean heartbeat(UUID jobId, String nodeId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement beat = c.prepareStatement("""
                     update jobs set heartbeat_at = now() where id = ? and node_id = ? and status = ?
                     returning cancel_requested""")) {
            beat.setObject(1, jobId);
            beat.setString(2, nodeId);
            beat.setString(3, JobStatus.RUNNING.name());
            try (ResultSet rs = beat.executeQuery()) {
                return rs.next() ? rs.getBoolean(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Heartbeat of job " + jobId + " failed", e);
        }
    }

    public void recordFailure(UUID jobId, String code, String reason, boolean permanent) {
        update("""
                update jobs set failure_code = ?, failure_reason = ?, failure_permanent = ?, updated_at = now()
                 where id = ?""", code, reason, permanent, jobId);
    }

    /** The size and ETag of the file as the job first saw it; a resume checks the ETag is unchanged. */
    public void describeFile(UUID jobId, long size, String etag) {
        update("update jobs set file_size = ?, file_etag = coalesce(file_etag, ?) where id = ?", size, etag, jobId);
    }

    /** The file's header line, for the error report that repeats it. */
    public void recordHeader(UUID jobId, String headerLine, List<String> ignoredColumns) {
        update("update jobs set source_header = ?, ignored_columns = ? where id = ?", headerLine,
                ignoredColumns.isEmpty() ? null : JsonbConfiguration.jsonb().toJson(ignoredColumns), jobId);
    }

    private void update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement update = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                update.setObject(i + 1, params[i]);
            }
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Updating a job failed", e);
        }
    }

    /** At completion the processed count is the file's row count. */
    public void settleTotals(UUID jobId) {
        update("update jobs set total_rows = processed_rows, bytes_read = coalesce(file_size, bytes_read) where id = ?",
                jobId);
    }

    private long queryLong(String sql, UUID jobId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement query = c.prepareStatement(sql)) {
            query.setObject(1, jobId);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading job " + jobId + " failed", e);
        }
    }
}
