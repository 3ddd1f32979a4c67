package io.lading.jobs.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Tells the runner waiting on a batch execution of this node that the execution's job has ended
 * ({@link ExecutionEndListener}), so that it looks at the execution's status then, instead of asking the batch
 * repository every few milliseconds in case it has. Only a wake-up: the status in the repository stays the one
 * answer, and a wake-up that never comes costs a look every {@code 200 ms}, as before it.
 */
@ApplicationScoped
public class ExecutionEnds {

    private final ConcurrentHashMap<Long, CountDownLatch> ends = new ConcurrentHashMap<>();

    /** The execution's job has run its last step (its final status is written right after). */
    void ended(long execution) {
        latch(execution).countDown();
    }

    /** Waits up to {@code timeout} for the end of the execution; true once it has ended, even before the call. */
    boolean await(long execution, Duration timeout) throws InterruptedException {
        return latch(execution).await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The runner is done with the execution. */
    void forget(long execution) {
        ends.remove(execution);
    }

    private CountDownLatch latch(long execution) {
        return ends.computeIfAbsent(execution, e -> new CountDownLatch(1));
    }
}
