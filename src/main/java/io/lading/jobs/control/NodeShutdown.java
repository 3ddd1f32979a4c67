package io.lading.jobs.control;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.util.logging.Logger;

/**
 * Tells the job runners that this node's JVM is shutting down (SIGTERM, as an orchestrator or {@code systemctl stop}
 * sends it), so that they stop their jobs at the next chunk boundary and put them back in the queue.
 *
 * <p>Why a JVM shutdown hook: a server's graceful shutdown first waits for the requests in flight to finish, and a
 * job's message is in flight for as long as the job runs (that is what bounds the jobs a node runs). Without being
 * told, the node would drain: wait for hour-long imports to end, until the orchestrator loses patience and kills
 * it. Jakarta EE has no portable "the server is suspending" event; the JVM's shutdown hooks run at once on SIGTERM,
 * beside the server's own.
 */
@ApplicationScoped
public class NodeShutdown {

    private static final Logger LOG = Logger.getLogger(NodeShutdown.class.getName());

    private volatile boolean underway;
    private final Thread hook = new Thread(this::begin, "lading-node-shutdown");

    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Whether the JVM is shutting down: running jobs stop and wait in the queue for another node or a restart. */
    public boolean underway() {
        return underway;
    }

    private void begin() {
        underway = true;
        LOG.info("The node is shutting down: running jobs stop at their next chunk and are queued to resume");
    }

    @PreDestroy
    void unregister() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook has run or runs now; nothing to remove.
        }
    }
}
