package io.lading.jobs.control;

import io.lading.jobs.entity.JobStatus;
import io.lading.platform.LadingDatabase;
import io.lading.platform.NodeIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * The nodes of the cluster as the database knows them: each node beats its row every few seconds. Times are
 * the database's ({@code now()}), so the staleness of a node or of a job is judged by one clock, whatever
 * each machine's clock says.
 */
@ApplicationScoped
public class ClusterNodes {

    @Inject
    @LadingDatabase
    DataSource dataSource;

    @Inject
    NodeIdentity node;

    @Inject
    @ConfigProperties
    EngineSettings settings;

    /** A node: its last heartbeat, whether that is recent enough to count it alive, and the jobs it runs. */
    public record NodeStatus(String node, OffsetDateTime startedAt, OffsetDateTime lastHeartbeatAt, boolean alive,
                             long runningJobs) {
    }

    /**
     * Beats this node's heartbeat. Its start is kept as the database's time minus this JVM's uptime (a duration,
     * the same on any clock): a job whose last beat is older than its node's start died with the node's previous
     * run.
     */
    public void beat() {
        double uptimeSeconds = Duration.between(node.startedAt(), OffsetDateTime.now()).toMillis() / 1000.0;
        try (Connection c = dataSource.getConnection();
             PreparedStatement beat = c.prepareStatement("""
                     insert into nodes (node_id, started_at, last_heartbeat_at)
                     values (?, now() - make_interval(secs => ?), now())
                     on conflict (node_id) do update
                        set started_at = excluded.started_at, last_heartbeat_at = excluded.last_heartbeat_at""")) {
            beat.setString(1, node.id());
            beat.setDouble(2, uptimeSeconds);
            beat.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Heartbeat of node " + node.id() + " failed", e);
        }
    }

    /** Every node seen, the most recently beating first, with the jobs each runs now. */
    public List<NodeStatus> list() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement query = c.prepareStatement("""
                     select n.node_id, n.started_at, n.last_heartbeat_at,
                            n.last_heartbeat_at >= now() - make_interval(secs => ?) as alive,
                            (select count(*) from jobs j where j.node_id = n.node_id and j.status = ?)
                       from nodes n order by n.last_heartbeat_at desc, n.node_id""")) {
            query.setDouble(1, settings.staleAfter().toSeconds());
            query.setString(2, JobStatus.RUNNING.name());
            List<NodeStatus> nodes = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    nodes.add(new NodeStatus(rs.getString(1), rs.getObject(2, OffsetDateTime.class),
                            rs.getObject(3, OffsetDateTime.class), rs.getBoolean(4), rs.getLong(5)));
                }
            }
            return nodes;
        } catch (SQLException e) {
            throw new IllegalStateException("Listing the nodes failed", e);
        }
    }
}
