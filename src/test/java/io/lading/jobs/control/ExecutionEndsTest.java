package io.lading.jobs.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExecutionEndsTest {

    private final ExecutionEnds ends = new ExecutionEnds();

    @Test
    void anEndSignalledBeforeTheRunnerWaitsIsNotMissed() throws Exception {
        ends.ended(7);
        assertTrue(ends.await(7, Duration.ZERO), "a job that ended before its runner looked");
    }

    @Test
    void theRunnerWakesWhenTheJobEnds() throws Exception {
        CompletableFuture<Boolean> woken = CompletableFuture.supplyAsync(() -> {
            try {
                return ends.await(8, Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        ends.ended(8);
        assertTrue(woken.get(30, TimeUnit.SECONDS));
    }

    @Test
    void withoutAnEndTheWaitIsOneIntervalAndOtherExecutionsDoNotCount() throws Exception {
        ends.ended(9);
        assertFalse(ends.await(10, Duration.ofMillis(20)));
    }

    @Test
    void aForgottenExecutionWaitsAfresh() throws Exception {
        ends.ended(11);
        ends.forget(11);
        assertFalse(ends.await(11, Duration.ofMillis(20)));
    }
}
