package io.lading.jobs.control;

import io.lading.jobs.entity.JobStatus;
import io.lading.platform.LadingDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import io.lading.platform.JsonbConfiguration;
import javax.sql.DataSource;

/**
 * The one writer of the job row's fast-changing columns, with plain SQL so that they never fight with status
 * changes over the row's {@code @Version}: row counts and checkpoint (inside each chunk's transaction), the
 * heartbeat, the failure a batch step reports, and what a batch job learns about its file. Status changes are
 * not here: they are {@link JobLifecycle}'s, through the entity.
 *
 * <p>Methods that take a {@link Connection} run on the caller's (a chunk that writes its rows on one connection
 * writes the job row there too); the others take one from the datasource, which inside a chunk's transaction is
 * the chunk's own. None of them is for a transaction that also holds the row through the entity manager (the
 * JPA pool may be another one, as on Payara): there {@link JobLifecycle} updates through the entity manager.
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

    /**
     * A chunk of a file read: its counts added, and the row and byte after which a restart continues. Fenced:
     * only while the run's owner {@code epoch} is still the row's, else {@link OwnershipLostException} rolls the
     * chunk back.
     */
    public void advance(Connection connection, UUID jobId, long epoch, ChunkCounts counts, long checkpointRow,
                        long bytesRead) throws SQLException {
        int updated = update(connection, """
                update jobs set processed_rows = processed_rows + ?, created_rows = created_rows + ?,
                       updated_rows = updated_rows + ?, skipped_rows = skipped_rows + ?,
                       failed_rows = failed_rows + ?, duplicate_rows = duplicate_rows + ?,
                       checkpoint_row = ?, bytes_read = ?,
                       heartbeat_at = now(), updated_at = now()
                 where id = ? and owner_epoch = ?""", counts.processed(), counts.created(), counts.updated(),
                counts.skipped(), counts.failed(), counts.duplicates(), checkpointRow, bytesRead, jobId, epoch);
        requireOwned(updated, jobId, epoch);
    }

    /**
     * A chunk of a job that keeps its own checkpoint (an export's upload, as JSON; null to clear it): the state
     * after which a restart continues, and the rows done so far. Fenced by the owner {@code epoch} as above.
     */
    public void advance(UUID jobId, long epoch, String checkpointState, long processed) {
        int updated = update("""
                update jobs set checkpoint_state = ?, processed_rows = ?, heartbeat_at = now(), updated_at = now()
                 where id = ? and owner_epoch = ?""", checkpointState, processed, jobId, epoch);
        requireOwned(updated, jobId, epoch);
    }

    private static void requireOwned(int updated, UUID jobId, long epoch) {
        if (updated == 0) {
            throw new OwnershipLostException(jobId, epoch);
        }
    }

    /** The job type's own checkpoint as last committed (JSON), or null. */
    public String checkpointState(UUID jobId) {
        return query("select checkpoint_state from jobs where id = ?", jobId, rs -> rs.getString(1), null);
    }

    public void setTotal(Connection connection, UUID jobId, long total) throws SQLException {
        update(connection, "update jobs set total_rows = ?, updated_at = now() where id = ?", total, jobId);
    }

    public void addProcessed(Connection connection, UUID jobId, long rows) throws SQLException {
        update(connection, "update jobs set processed_rows = processed_rows + ?, heartbeat_at = now(), updated_at = now()"
                + " where id = ?", rows, jobId);
    }

    /** The last row number whose effects are committed; a restarted reader continues after it. */
    public long checkpointRow(UUID jobId) {
        return query("select checkpoint_row from jobs where id = ?", jobId, rs -> rs.getLong(1), 0L);
    }

    public boolean cancelRequested(UUID jobId) {
        return query("select cancel_requested from jobs where id = ?", jobId, rs -> rs.getBoolean(1), false);
    }

    /**
     * Beats the heartbeat of a job this run owns (its owner {@code epoch}) and reports whether a cancel was asked
     * for and when the row last changed otherwise. Returns {@code null} when the job is no longer this run's
     * (another node took it over).
     */
    public Beat heartbeat(UUID jobId, long epoch) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement beat = c.prepareStatement("""
                     update jobs set heartbeat_at = now() where id = ? and owner_epoch = ? and status = ?
                     returning cancel_requested, updated_at""")) {
            bind(beat, jobId, epoch, JobStatus.RUNNING.name());
            try (ResultSet rs = beat.executeQuery()) {
                return rs.next() ? new Beat(rs.getBoolean(1), rs.getObject(2, OffsetDateTime.class)) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Heartbeat of job " + jobId + " failed", e);
        }
    }

    /**
     * What a heartbeat learns of its job: whether a cancel was asked for, and when the row last changed other
     * than by a heartbeat (every committed chunk or rollback batch changes it: the job's progress).
     */
    public record Beat(boolean cancelRequested, OffsetDateTime lastChange) {
    }

    /** The failure a run of the job (owner {@code epoch}) reports; a run that lost the job reports nothing. */
    public void recordFailure(UUID jobId, long epoch, String code, String reason, boolean permanent) {
        update("""
                update jobs set failure_code = ?, failure_reason = ?, failure_permanent = ?, updated_at = now()
                 where id = ? and owner_epoch = ?""", code, reason, permanent, jobId, epoch);
    }

    /**
     * What an import learnt when it opened its file, in one statement: the size and ETag as the job first saw them
     * (a resume checks the ETag is unchanged), and the header line (the error report repeats it) with the columns
     * no field maps.
     */
    public void describeFile(UUID jobId, long size, String etag, String headerLine, List<String> ignoredColumns) {
        update("""
                update jobs set file_size = ?, file_etag = coalesce(file_etag, ?), source_header = ?, ignored_columns = ?
                 where id = ?""", size, etag, headerLine,
                ignoredColumns.isEmpty() ? null : JsonbConfiguration.jsonb().toJson(ignoredColumns), jobId);
    }

    /**
     * The batch execution that now runs the job for its owner {@code epoch}, which a resume restarts. One
     * statement on a connection of its own (the runner holds no transaction). When another owner has taken the
     * job meanwhile it changes nothing, and the runner's heartbeat finds that out by itself.
     */
    public void recordExecution(UUID jobId, long epoch, long executionId) {
        update("update jobs set batch_execution_id = ?, updated_at = now() where id = ? and owner_epoch = ?",
                executionId, jobId, epoch);
    }

    /** A file the job wrote is complete: its rows, size and SHA-256, and when it expires; no checkpoint is left. */
    public void fileWritten(UUID jobId, long rows, long size, String sha256, Duration keptFor) {
        update("""
                update jobs set processed_rows = ?, file_size = ?, sha256 = ?,
                       expires_at = now() + make_interval(secs => ?), checkpoint_state = null, updated_at = now()
                 where id = ?""", rows, size, sha256, (double) keptFor.toSeconds(), jobId);
    }

    private int update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection()) {
            return update(c, sql, params);
        } catch (SQLException e) {
            throw new IllegalStateException("Updating a job failed", e);
        }
    }

    private static int update(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            return bind(update, params).executeUpdate();
        }
    }

    private interface Column<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> T query(String sql, UUID jobId, Column<T> column, T whenMissing) {
        try (Connection c = dataSource.getConnection(); PreparedStatement query = bind(c.prepareStatement(sql), jobId);
             ResultSet rs = query.executeQuery()) {
            return rs.next() ? column.read(rs) : whenMissing;
        } catch (SQLException e) {
            throw new IllegalStateException("Reading job " + jobId + " failed", e);
        }
    }

    private static PreparedStatement bind(PreparedStatement statement, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
        return statement;
    }
}
