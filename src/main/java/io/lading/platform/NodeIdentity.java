package io.lading.platform;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Who this node is and when it started: job rows record the node that runs them, and a job owned by
 * this node with a heartbeat from before this start was orphaned by a crash.
 */
@ApplicationScoped
public class NodeIdentity {

    private final OffsetDateTime startedAt = OffsetDateTime.ofInstant(
            Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()), ZoneOffset.UTC);

    @Inject
    @ConfigProperties
    PlatformSettings settings;

    private String id;

    public synchronized String id() {
        if (id == null) {
            id = settings.nodeId().orElseGet(NodeIdentity::hostName);
        }
        return id;
    }

    public OffsetDateTime startedAt() {
        return startedAt;
    }

    private static String hostName() {
        String jbossNode = System.getProperty("jboss.node.name");
        if (jbossNode != null) {
            return jbossNode;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "node";
        }
    }
}
