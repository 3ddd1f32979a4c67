package io.lading.console.control;

import io.lading.jobs.entity.JobStatus;
import io.lading.platform.LadingDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/** Jobs that ended in each minute of the last hour, for the console's chart (read along jobs_completed). */
@ApplicationScoped
public class Throughput {

    @Inject
    @LadingDatabase
    DataSource dataSource;

    public record Minute(OffsetDateTime minute, long completed, long failed, long rows) {
    }

    public List<Minute> lastHour() {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("""
                select date_trunc('minute', completed_at) as minute,
                       count(*) filter (where status <> all(?)),
                       count(*) filter (where status = any(?)),
                       coalesce(sum(processed_rows), 0)
                  from jobs where completed_at > now() - interval '1 hour'
                 group by 1 order by 1""")) {
            String[] gaveUp = JobStatus.names(JobStatus.GAVE_UP);
            q.setArray(1, c.createArrayOf("text", JobStatus.names(Set.of(JobStatus.FAILED, JobStatus.DEAD,
                    JobStatus.CANCELLED))));
            q.setArray(2, c.createArrayOf("text", gaveUp));
            ResultSet rs = q.executeQuery();
            List<Minute> minutes = new ArrayList<>();
            while (rs.next()) {
                minutes.add(new Minute(rs.getObject(1, OffsetDateTime.class), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
            }
            return minutes;
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the throughput failed", e);
        }
    }
}
