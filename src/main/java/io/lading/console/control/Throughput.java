package io.lading.console.control;

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
                       count(*) filter (where status not in ('DEAD', 'FAILED', 'CANCELLED')),
                       count(*) filter (where status in ('DEAD', 'FAILED')),
                       coalesce(sum(processed_rows), 0)
                  from jobs where completed_at > now() - interval '1 hour'
                 group by 1 order by 1""");
             ResultSet rs = q.executeQuery()) {
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
