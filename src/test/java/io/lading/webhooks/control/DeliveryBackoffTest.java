package io.lading.webhooks.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DeliveryBackoffTest {

    private static final Duration BASE = Duration.ofSeconds(10);
    private static final Duration MAX = Duration.ofHours(1);

    @Test
    void doublesFromTheBaseUpToTheLongestDelay() {
        assertEquals(Duration.ofSeconds(10), DeliveryBackoff.after(1, BASE, MAX));
        assertEquals(Duration.ofSeconds(20), DeliveryBackoff.after(2, BASE, MAX));
        assertEquals(Duration.ofSeconds(40), DeliveryBackoff.after(3, BASE, MAX));
        assertEquals(Duration.ofSeconds(2560), DeliveryBackoff.after(9, BASE, MAX));
        assertEquals(MAX, DeliveryBackoff.after(10, BASE, MAX));
        assertEquals(MAX, DeliveryBackoff.after(1000, BASE, MAX), "no overflow after many attempts");
    }

    @Test
    void noNextAttemptOnceTheRetryWindowIsOver() {
        OffsetDateTime created = OffsetDateTime.of(2026, 11, 29, 0, 0, 0, 0, ZoneOffset.UTC);
        OffsetDateTime until = created.plusHours(24);
        OffsetDateTime now = created.plusHours(23).plusMinutes(30);
        assertEquals(now.plusSeconds(40), DeliveryBackoff.nextAttempt(now, 3, BASE, MAX, until));
        assertNull(DeliveryBackoff.nextAttempt(now, 12, BASE, MAX, until), "an hour later is past the window");
    }

    @Test
    void aDayOfRetriesIsAboutThirtyAttemptsWithTheDefaults() {
        OffsetDateTime now = OffsetDateTime.of(2026, 11, 29, 0, 0, 0, 0, ZoneOffset.UTC);
        OffsetDateTime until = now.plusHours(24);
        int attempts = 1;
        while ((now = DeliveryBackoff.nextAttempt(now, attempts, BASE, MAX, until)) != null) {
            attempts++;
        }
        // 10 s .. 2560 s (9 delays, 5110 s in all), then one hour each until 24 h: 9 + 22 delays after the first.
        assertEquals(32, attempts);
    }
}
