package io.lading.webhooks.entity;

import java.util.Locale;

/** pending (waiting for its next attempt, or being sent) → delivered, or failed once its retry window closed. */
public enum DeliveryStatus {
    PENDING, DELIVERED, FAILED;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
