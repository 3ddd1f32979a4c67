package io.lading.console.control;

import io.lading.jobs.entity.JobStatus;
import io.lading.jobs.entity.JobType;
import io.lading.platform.LadingDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The job metrics in Prometheus text format (0.0.4), read from the jobs table at each scrape: the database is
 * the one place every node's jobs are, so any node answers for the cluster and no per-node counters drift or
 * reset on restart. Totals are sums over the jobs still kept (retention prunes old ones, which Prometheus sees
 * as a counter reset).
 */
@ApplicationScoped
public class JobMetrics {

    /** Upper bounds of the duration histogram, in seconds. */
    static final double[] BUCKETS = {1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600};

    @Inject
    @LadingDatabase
    DataSource dataSource;

    public String render() {
        StringBuilder out = new StringBuilder(4096);
        try (Connection c = dataSource.getConnection()) {
            out.append("# HELP lading_jobs Jobs by type and status.\n# TYPE lading_jobs gauge\n");
            try (PreparedStatement q = c.prepareStatement(
                    "select type, status, count(*) from jobs group by type, status order by 1, 2");
                 ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.append("lading_jobs{type=\"").append(label(rs.getString(1))).append("\",status=\"")
                            .append(label(rs.getString(2))).append("\"} ").append(rs.getLong(3)).append('\n');
                }
            }
            try (PreparedStatement q = c.prepareStatement("""
                    select count(*) filter (where status = any(?)),
                           count(*) filter (where status = ?),
                           count(*) filter (where status = ?),
                           coalesce(sum(created_rows + updated_rows) filter (where type = ? and status <> ?), 0),
                           coalesce(sum(processed_rows) filter (where type = ?), 0),
                           coalesce(sum(greatest(attempts - 1, 0)), 0),
                           count(*) filter (where status = ?)
                      from jobs""")) {
                q.setArray(1, c.createArrayOf("text", JobStatus.names(JobStatus.WAITING)));
                q.setString(2, JobStatus.RUNNING.name());
                q.setString(3, JobStatus.DEAD.name());
                q.setString(4, JobType.IMPORT.name());
                q.setString(5, JobStatus.QUEUED.name());
                q.setString(6, JobType.EXPORT.name());
                q.setString(7, JobStatus.FAILED.name());
                ResultSet rs = q.executeQuery();
                rs.next();
                gauge(out, "lading_queue_depth", "Jobs waiting: queued or scheduled for a retry.", rs.getLong(1));
                gauge(out, "lading_jobs_running", "Jobs running on any node.", rs.getLong(2));
                gauge(out, "lading_jobs_dead", "Jobs that used up their attempts and wait for an operator.", rs.getLong(3));
                gauge(out, "lading_jobs_failed", "Jobs that failed in a way retrying cannot fix.", rs.getLong(7));
                counter(out, "lading_rows_imported_total", "Contacts created or updated by imports.", rs.getLong(4));
                counter(out, "lading_rows_exported_total", "Rows written by exports.", rs.getLong(5));
                counter(out, "lading_job_retries_total", "Attempts after the first, over every job.", rs.getLong(6));
            }
            histogram(c, out);
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the job metrics failed", e);
        }
        return out.toString();
    }

    /** Seconds from start to end of each finished job, by type: cumulative buckets as Prometheus expects. */
    private static void histogram(Connection c, StringBuilder out) throws SQLException {
        StringBuilder sql = new StringBuilder("select type, count(*), coalesce(sum(seconds), 0)");
        for (double bound : BUCKETS) {
            sql.append(", count(*) filter (where seconds <= ").append(bound).append(')');
        }
        sql.append(" from (select type, extract(epoch from completed_at - started_at) as seconds from jobs")
                .append(" where completed_at is not null and started_at is not null) d group by type order by type");
        out.append("# HELP lading_job_duration_seconds How long finished jobs ran, from start to end.\n")
                .append("# TYPE lading_job_duration_seconds histogram\n");
        try (PreparedStatement q = c.prepareStatement(sql.toString()); ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                String type = label(rs.getString(1));
                for (int i = 0; i < BUCKETS.length; i++) {
                    out.append("lading_job_duration_seconds_bucket{type=\"").append(type).append("\",le=\"")
                            .append(BUCKETS[i]).append("\"} ").append(rs.getLong(4 + i)).append('\n');
                }
                out.append("lading_job_duration_seconds_bucket{type=\"").append(type).append("\",le=\"+Inf\"} ")
                        .append(rs.getLong(2)).append('\n');
                out.append("lading_job_duration_seconds_sum{type=\"").append(type).append("\"} ")
                        .append(rs.getDouble(3)).append('\n');
                out.append("lading_job_duration_seconds_count{type=\"").append(type).append("\"} ")
                        .append(rs.getLong(2)).append('\n');
            }
        }
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name)
                .append(" gauge\n").append(name).append(' ').append(value).append('\n');
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name)
                .append(" counter\n").append(name).append(' ').append(value).append('\n');
    }

    /** Types and statuses are enum names; lower-cased as the API spells them. */
    private static String label(String value) {
        return value.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
