package io.lading.jobs.control;

import io.lading.jobs.entity.JobStatus;
import io.lading.jobs.entity.JobType;
import io.lading.platform.Batches;
import io.lading.platform.LadingDatabase;
import io.lading.storage.control.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Prunes settled jobs older than the retention age, with their files (the imported file, the export file), their
 * rejected rows (the error report), their changes kept for rollback and their timeline. The contacts they wrote
 * stay, and so does a file another job that is kept still refers to. Runs in small batches so it never holds many rows locked.
 */
@ApplicationScoped
public class JobRetention {

    private static final Logger LOG = Logger.getLogger(JobRetention.class.getName());
    private static final int BATCH = 500;

    @Inject
    @LadingDatabase
    DataSource dataSource;

    @Inject
    ObjectStore store;

    @Inject
    @ConfigProperties
    EngineSettings settings;

    public int prune() {
        return prune(settings.retention());
    }

    public int prune(Duration olderThan) {
        int pruned = Batches.repeatWhileFull(BATCH, () -> pruneBatch(olderThan));
        if (pruned > 0) {
            LOG.info(() -> "Pruned " + pruned + " jobs settled more than " + olderThan.toDays() + " days ago");
        }
        return pruned;
    }

    /**
     * Deletes audit log entries older than the audit window (LADING_JOBS_AUDIT_RETENTION_DAYS, default 90), in
     * batches. Kept apart from the jobs' age: who did what is often wanted longer than the job itself.
     */
    public int pruneAudit() {
        return pruneAudit(settings.auditRetention());
    }

    public int pruneAudit(Duration olderThan) {
        int pruned = Batches.repeatWhileFull(BATCH, () -> pruneAuditBatch(olderThan));
        if (pruned > 0) {
            LOG.info(() -> "Pruned " + pruned + " audit entries older than " + olderThan.toDays() + " days");
        }
        return pruned;
    }

    private int pruneAuditBatch(Duration olderThan) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement("""
                     delete from audit_log where id in (
                         select id from audit_log where at < now() - make_interval(secs => ?)
                          limit ? for update skip locked)""")) {
            delete.setDouble(1, olderThan.toSeconds());
            delete.setInt(2, BATCH);
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Pruning the audit log failed", e);
        }
    }

    private int pruneBatch(Duration olderThan) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement("""
                     with pruned as (
                         delete from jobs where id in (
                             select id from jobs
                              where status = any(?)
                                and completed_at < now() - make_interval(secs => ?)
                              limit ? for update skip locked)
                         returning id, type, file_key)
                     select p.id, p.type, p.file_key,
                            exists (select 1 from jobs j where j.file_key = p.file_key
                                       and j.id not in (select id from pruned)) as still_used
                       from pruned p""")) {
            delete.setArray(1, c.createArrayOf("text", JobStatus.names(JobStatus.settled())));
            delete.setDouble(2, olderThan.toSeconds());
            delete.setInt(3, BATCH);
            int n = 0;
            try (ResultSet rs = delete.executeQuery()) {
                while (rs.next()) {
                    n++;
                    // Several imports can read one uploaded file (the same fileKey): it goes with the last of them.
                    if (!rs.getBoolean(4)) {
                        deleteFile(rs.getObject(1, UUID.class), JobType.valueOf(rs.getString(2)), rs.getString(3));
                    }
                }
            }
            return n;
        } catch (SQLException e) {
            throw new IllegalStateException("Pruning old jobs failed", e);
        }
    }

    private void deleteFile(UUID jobId, JobType type, String key) {
        if (key == null) {
            return;
        }
        try {
            store.delete(key);
        } catch (RuntimeException e) {
            // A file that cannot be deleted now is an orphan in S3, not a reason to keep the job row.
            LOG.warning(() -> "Could not delete " + key + " of pruned " + type.apiName() + " job " + jobId + ": " + e);
        }
    }
}
