package io.lading.webhooks.control;

import java.time.Duration;
import java.time.OffsetDateTime;

/** When a delivery whose attempt failed is tried again: the base delay doubled per attempt, at most the longest. */
public final class DeliveryBackoff {

    private DeliveryBackoff() {
    }

    /** The delay after the {@code attempts}-th failed attempt (1 = the first). */
    public static Duration after(int attempts, Duration base, Duration max) {
        int doublings = Math.max(0, Math.min(attempts - 1, 30));
        Duration delay = base.multipliedBy(1L << doublings);
        return delay.compareTo(max) > 0 ? max : delay;
    }

    /** The next attempt's time, or null when it would fall after the retry window: the delivery has failed. */
    public static OffsetDateTime nextAttempt(OffsetDateTime now, int attempts, Duration base, Duration max,
                                             OffsetDateTime retryUntil) {
        OffsetDateTime next = now.plus(after(attempts, base, max));
        return next.isAfter(retryUntil) ? null : next;
    }
}
