package io.lading.exports.control;

import io.lading.exports.entity.ExportCheckpoint;
import io.lading.platform.JsonbConfiguration;
import io.lading.platform.LadingDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The export columns of the job row, written with plain SQL like {@link io.lading.jobs.control.JobRows}: the
 * checkpoint and row count with each chunk (in the chunk's transaction), and the file's size, digest and expiry
 * when it is finished.
 */
@ApplicationScoped
public class ExportRows {

    @Inject
    @LadingDatabase
    DataSource dataSource;

    public ExportCheckpoint checkpoint(UUID jobId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement query = c.prepareStatement("select export_checkpoint from jobs where id = ?")) {
            query.setObject(1, jobId);
            try (ResultSet rs = query.executeQuery()) {
                String json = rs.next() ? rs.getString(1) : null;
                return json == null ? null : JsonbConfiguration.jsonb().fromJson(json, ExportCheckpoint.class);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the checkpoint of export " + jobId + " failed", e);
        }
    }

    /** Where the export stands and how many rows it has written (its progress). */
    public void advance(UUID jobId, ExportCheckpoint checkpoint, long rowsWritten) {
        update("""
                update jobs set export_checkpoint = ?, processed_rows = ?, heartbeat_at = now(), updated_at = now()
                 where id = ?""", checkpoint == null ? null : JsonbConfiguration.jsonb().toJson(checkpoint),
                rowsWritten, jobId);
    }

    public void total(UUID jobId, long total) {
        update("update jobs set total_rows = ?, updated_at = now() where id = ?", total, jobId);
    }

    /** The file is complete: its rows, size and SHA-256, and when it expires. */
    public void finished(UUID jobId, long rows, long size, String sha256, Duration keptFor) {
        update("""
                update jobs set processed_rows = ?, file_size = ?, sha256 = ?,
                       expires_at = now() + make_interval(secs => ?), export_checkpoint = null, updated_at = now()
                 where id = ?""", rows, size, sha256, (double) keptFor.toSeconds(), jobId);
    }

    public boolean cancelRequested(UUID jobId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement query = c.prepareStatement("select cancel_requested from jobs where id = ?")) {
            query.setObject(1, jobId);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading export " + jobId + " failed", e);
        }
    }

    private void update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement update = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                update.setObject(i + 1, params[i]);
            }
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Updating an export job failed", e);
        }
    }
}
