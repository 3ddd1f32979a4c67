package io.lading.jobs.boundary;

import io.lading.jobs.control.ClusterNodes;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's heartbeat in the nodes table: once at start (so a restarted node's previous run is known dead at
 * once), then every few seconds on every node ({@code GET /api/admin/nodes}).
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class NodeHeartbeat {

    private static final Logger LOG = Logger.getLogger(NodeHeartbeat.class.getName());

    @Inject
    ClusterNodes nodes;

    @PostConstruct
    void register() {
        beat();
    }

    @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void beat() {
        try {
            nodes.beat();
        } catch (RuntimeException e) {
            // The next beat tries again; a database that is down is reported by the readiness check.
            LOG.log(Level.WARNING, "Node heartbeat failed: {0}", e.toString());
        }
    }
}
