package io.lading.jobs.control;

import io.lading.jobs.entity.JobStatus;
import io.lading.platform.LadingDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;

/** Counts for dashboards: jobs by type and status, queue depth, and throughput over the last minutes. */
@ApplicationScoped
public class JobStatistics {

    @Inject
    @LadingDatabase
    DataSource dataSource;

    public record Count(String type, String status, long jobs) {
    }

    public record Stats(List<Count> counts, long queueDepth, long running, long retryScheduled, long dead, long failed,
                        long jobsCompletedLastMinute, long jobsCompletedLastHour, long jobsFailedLastHour,
                        long rowsPerMinute) {
    }

    /** {@code tenantId} null: every tenant. */
    public Stats stats(UUID tenantId) {
        String scope = tenantId == null ? "" : " and tenant_id = ?";
        try (Connection c = dataSource.getConnection()) {
            List<Count> counts = new ArrayList<>();
            long queued = 0;
            long running = 0;
            long retry = 0;
            long dead = 0;
            long failed = 0;
            try (PreparedStatement q = bind(c.prepareStatement(
                    "select type, status, count(*) from jobs where true" + scope + " group by type, status order by 1, 2"),
                    tenantId); ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    String status = rs.getString(2);
                    long n = rs.getLong(3);
                    counts.add(new Count(rs.getString(1).toLowerCase(Locale.ROOT), status.toLowerCase(Locale.ROOT), n));
                    switch (JobStatus.valueOf(status)) {
                        case QUEUED -> queued += n;
                        case RUNNING -> running += n;
                        case RETRY_SCHEDULED -> retry += n;
                        case DEAD -> dead += n;
                        case FAILED -> failed += n;
                        default -> { }
                    }
                }
            }
            try (PreparedStatement q = c.prepareStatement("""
                    select count(*) filter (where status = ? and completed_at > now() - interval '1 minute'),
                           count(*) filter (where status = ?),
                           count(*) filter (where status = any(?)),
                           coalesce(sum(processed_rows) filter (where completed_at > now() - interval '5 minutes'), 0)
                      from jobs where completed_at > now() - interval '1 hour'""" + scope)) {
                q.setString(1, JobStatus.COMPLETED.name());
                q.setString(2, JobStatus.COMPLETED.name());
                q.setArray(3, c.createArrayOf("text", JobStatus.names(JobStatus.GAVE_UP)));
                if (tenantId != null) {
                    q.setObject(4, tenantId);
                }
                ResultSet rs = q.executeQuery();
                rs.next();
                return new Stats(counts, queued + retry, running, retry, dead, failed, rs.getLong(1), rs.getLong(2),
                        rs.getLong(3), rs.getLong(4) / 5);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading job statistics failed", e);
        }
    }

    private static PreparedStatement bind(PreparedStatement statement, UUID tenantId) throws SQLException {
        if (tenantId != null) {
            statement.setObject(1, tenantId);
        }
        return statement;
    }
}
