package io.lading.devstack;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/** The end of a server's processes (a start script and its JVM), shared by every launcher of the dev stack and tests. */
public final class ProcessTree {

    private static final Logger LOG = Logger.getLogger(ProcessTree.class.getName());

    private ProcessTree() {
    }

    /**
     * Waits, for at most {@code timeout} in all, until each process of {@code tree} has exited after it was asked
     * to stop, and kills the ones still there then (or at once when the wait is interrupted).
     */
    public static void awaitExitOrKill(List<ProcessHandle> tree, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(Math.max(deadline - System.nanoTime(), 0), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                LOG.warning(() -> "Process " + handle.pid() + " of " + what + " did not stop within " + timeout
                        + "; killing it");
                handle.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                handle.destroyForcibly();
            }
        }
    }
}
