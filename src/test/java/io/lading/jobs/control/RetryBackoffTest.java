package io.lading.jobs.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.jobs.entity.Backoff;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryBackoffTest {

    private static final Duration BASE = Duration.ofSeconds(10);
    private static final Duration MAX = Duration.ofMinutes(15);
    private static final int SAMPLES = 2_000;

    @ParameterizedTest(name = "attempt {0} waits between {1} and {2} ms")
    @CsvSource({
            "1,   5000,   10000",
            "2,  10000,   20000",
            "3,  20000,   40000",
            "4,  40000,   80000",
            "6, 160000,  320000",
            "7, 320000,  640000",
            "8, 450000,  900000",
            "30, 450000, 900000",
            "1000, 450000, 900000"})
    void waitStaysBetweenHalfTheCeilingAndTheCeiling(int attempt, long minMillis, long maxMillis) {
        for (int i = 0; i < SAMPLES; i++) {
            long wait = RetryBackoff.after(attempt, BASE, MAX).toMillis();
            assertTrue(wait >= minMillis && wait <= maxMillis, "attempt " + attempt + " waited " + wait + " ms");
        }
    }

    @Test
    void waitGrowsExponentiallyWithTheAttempt() {
        for (int attempt = 1; attempt < 7; attempt++) {
            long longestNow = 0;
            long shortestNext = Long.MAX_VALUE;
            for (int i = 0; i < SAMPLES; i++) {
                longestNow = Math.max(longestNow, RetryBackoff.after(attempt, BASE, MAX).toMillis());
                shortestNext = Math.min(shortestNext, RetryBackoff.after(attempt + 1, BASE, MAX).toMillis());
            }
            assertTrue(shortestNext >= longestNow,
                    "attempt " + (attempt + 1) + " waits at least as long as attempt " + attempt + " at most");
        }
        long first = RetryBackoff.after(1, BASE, MAX).toMillis();
        long fifth = RetryBackoff.after(5, BASE, MAX).toMillis();
        assertTrue(fifth >= 8 * first, "2^4 times the ceiling: " + first + " ms, then " + fifth + " ms");
    }

    @Test
    void neverExceedsTheMaximumEvenForHugeAttemptCounts() {
        Duration max = Duration.ofHours(1);
        for (int attempt : new int[] {25, 64, 65, Integer.MAX_VALUE}) {
            Duration wait = RetryBackoff.after(attempt, Duration.ofMinutes(1), max);
            assertTrue(wait.compareTo(max) <= 0 && wait.compareTo(max.dividedBy(2)) >= 0,
                    "attempt " + attempt + " waited " + wait);
        }
    }

    @Test
    void attemptZeroOrBelowWaitsLikeTheFirst() {
        for (int attempt : new int[] {0, -1}) {
            long wait = RetryBackoff.after(attempt, BASE, MAX).toMillis();
            assertTrue(wait >= 5_000 && wait <= 10_000, "attempt " + attempt + " waited " + wait + " ms");
        }
    }

    @Test
    void waitsAreJitteredSoJobsThatFailedTogetherDoNotReturnTogether() {
        Set<Long> waits = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            waits.add(RetryBackoff.after(3, BASE, MAX).toMillis());
        }

        assertTrue(waits.size() > 50, "only " + waits.size() + " distinct waits out of 100");
    }

    @Test
    void zeroBaseMeansNoWait() {
        assertEquals(Duration.ZERO, RetryBackoff.after(3, Duration.ZERO, MAX));
    }

    @Test
    void aFixedBackoffWaitsExactlyItsDelayEveryTime() {
        Backoff fixed = new Backoff(Backoff.Type.FIXED, 42);
        for (int attempt = 1; attempt <= 10; attempt++) {
            assertEquals(Duration.ofSeconds(42), RetryBackoff.after(attempt, fixed, BASE, MAX));
        }
    }

    @Test
    void anExponentialBackoffStartsAtItsOwnDelay() {
        Backoff own = new Backoff(Backoff.Type.EXPONENTIAL, 60);
        for (int i = 0; i < SAMPLES; i++) {
            long first = RetryBackoff.after(1, own, BASE, MAX).toMillis();
            long third = RetryBackoff.after(3, own, BASE, MAX).toMillis();
            assertTrue(first >= 30_000 && first <= 60_000, "attempt 1 waited " + first + " ms");
            assertTrue(third >= 120_000 && third <= 240_000, "attempt 3 waited " + third + " ms");
        }
    }

    @Test
    void anExponentialBaseAboveTheEnginesCapIsItsOwnCap() {
        Backoff slow = new Backoff(Backoff.Type.EXPONENTIAL, 3600);
        for (int i = 0; i < SAMPLES; i++) {
            long wait = RetryBackoff.after(5, slow, BASE, MAX).toMillis();
            assertTrue(wait >= 1_800_000 && wait <= 3_600_000, "waited " + wait + " ms");
        }
    }

    @Test
    void withoutAPolicyTheEnginesBackoffApplies() {
        for (int i = 0; i < SAMPLES; i++) {
            long wait = RetryBackoff.after(1, null, BASE, MAX).toMillis();
            assertTrue(wait >= 5000 && wait <= 10000, "waited " + wait + " ms");
        }
    }
}
