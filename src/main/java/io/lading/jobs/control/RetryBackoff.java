package io.lading.jobs.control;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with "full jitter": attempt n waits a random time up to base·2^(n-1), capped, so jobs
 * that failed together (a database restart) do not all come back at the same second.
 */
public final class RetryBackoff {

    private RetryBackoff() {
    }

    public static Duration after(int attempt, Duration base, Duration max) {
        long ceiling = base.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        ceiling = Math.min(ceiling, max.toMillis());
        long half = ceiling / 2;
        // Half fixed, half random: never immediately, never in lockstep.
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }
}
