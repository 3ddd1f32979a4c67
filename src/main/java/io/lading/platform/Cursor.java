package io.lading.platform;

import io.lading.platform.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;

/**
 * An opaque keyset cursor over (createdAt, id), newest first: paging stays fast at any depth and does not
 * skip or repeat rows when new ones arrive.
 */
public record Cursor(OffsetDateTime createdAt, UUID id) {

    public String encode() {
        String raw = createdAt + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static Cursor decode(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            return new Cursor(OffsetDateTime.parse(raw.substring(0, bar)), UUID.fromString(raw.substring(bar + 1)));
        } catch (RuntimeException e) {
            throw ProblemException.invalidField("cursor", "INVALID_CURSOR", "cursor is not one this API returned");
        }
    }

    public static int limit(Integer requested, int defaultLimit, int max) {
        if (requested == null) {
            return defaultLimit;
        }
        if (requested < 1 || requested > max) {
            throw ProblemException.invalidField("limit", "INVALID_LIMIT", "limit must be between 1 and " + max);
        }
        return requested;
    }
}
