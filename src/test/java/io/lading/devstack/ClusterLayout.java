package io.lading.devstack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the nodes of {@code server/run --nodes N} live on this machine: node k is named {@code node-k} (its
 * LADING_NODE_ID and jboss.node.name), serves HTTP on 8080 + 100(k-1) and management on 9990 + 100(k-1), and
 * keeps its WildFly base directory (configuration, logs, transaction store) in {@code .lading/nodes/node-k}.
 * All nodes share the one PostgreSQL, S3 and Artemis broker.
 */
final class ClusterLayout {

    /** Three nodes' pools (application + timers) stay within PostgreSQL's default max_connections of 100. */
    static final String CLUSTER_DB_POOL_SIZE = "25";

    private ClusterLayout() {
    }

    /** {@code --nodes N} (or {@code --nodes=N}) among the run command's arguments; 1 without it. */
    static int nodes(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String value = null;
            if (args[i].equals("--nodes") && i + 1 < args.length) {
                value = args[i + 1];
            } else if (args[i].startsWith("--nodes=")) {
                value = args[i].substring("--nodes=".length());
            }
            if (value != null) {
                int nodes;
                try {
                    nodes = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    throw new IllegalStateException("--nodes takes a number, not " + value);
                }
                if (nodes < 1 || nodes > 9) {
                    throw new IllegalStateException("--nodes must be between 1 and 9, not " + nodes);
                }
                return nodes;
            }
        }
        return 1;
    }

    static String name(int node) {
        return "node-" + node;
    }

    static int portOffset(int node) {
        return 100 * (node - 1);
    }

    static int httpPort(int node) {
        return WildFlyProcess.HTTP_PORT + portOffset(node);
    }

    static int managementPort(int node) {
        return WildFlyProcess.MANAGEMENT_PORT + portOffset(node);
    }

    static Path baseDirectory(Path state, int node) {
        return state.resolve("nodes").resolve(name(node));
    }

    /** What node k gets on top of the stack's environment: its id, and a pool that leaves room for the others. */
    static Map<String, String> environment(Map<String, String> stack, Map<String, String> outer, int node) {
        Map<String, String> environment = new LinkedHashMap<>(stack);
        environment.put("LADING_NODE_ID", name(node));
        if (!outer.containsKey("LADING_DB_POOL_SIZE")) {
            environment.put("LADING_DB_POOL_SIZE", CLUSTER_DB_POOL_SIZE);
        }
        return environment;
    }

    /** The banner's lines for the nodes. */
    static String describe(int nodes) {
        StringBuilder lines = new StringBuilder("  Nodes (each runs jobs from the shared broker queue):\n");
        for (int k = 1; k <= nodes; k++) {
            lines.append(String.format("    %-7s  API http://localhost:%d/api  console http://localhost:%d/admin/"
                    + "  health http://localhost:%d/health/ready%n", name(k), httpPort(k), httpPort(k),
                    managementPort(k)));
        }
        return lines.toString();
    }
}
