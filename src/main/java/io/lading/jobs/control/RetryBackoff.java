package io.lading.jobs.control;

import io.lading.jobs.entity.Backoff;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a failed attempt waits before the next. By default exponential backoff with "full jitter": attempt n
 * waits a random time up to base·2^(n-1), capped, so jobs that failed together (a database restart) do not all
 * come back at the same second. A job may ask for its own policy ({@link Backoff}): {@code exponential} with its
 * own base, or {@code fixed}, which waits exactly its delay every time (the caller chose lockstep on purpose).
 */
public final class RetryBackoff {

    private RetryBackoff() {
    }

    /** The wait after {@code attempt} under the job's own policy, or the engine's when it has none. */
    public static Duration after(int attempt, Backoff policy, Duration base, Duration max) {
        if (policy == null) {
            return after(attempt, base, max);
        }
        Duration delay = Duration.ofSeconds(policy.delaySeconds());
        return switch (policy.type()) {
            case FIXED -> delay;
            // A base above the engine's cap is the caller's choice: it caps itself instead.
            case EXPONENTIAL -> after(attempt, delay, delay.compareTo(max) > 0 ? delay : max);
        };
    }

    public static Duration after(int attempt, Duration base, Duration max) {
        long ceiling = base.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        ceiling = Math.min(ceiling, max.toMillis());
        long half = ceiling / 2;
        // Half fixed, half random: never immediately, never in lockstep.
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }
}
