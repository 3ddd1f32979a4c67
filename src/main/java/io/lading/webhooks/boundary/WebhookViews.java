package io.lading.webhooks.boundary;

import io.lading.webhooks.entity.Webhook;
import io.lading.webhooks.entity.WebhookDelivery;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Endpoints and deliveries as the API shows them (API.md, "Webhooks"). */
final class WebhookViews {

    private WebhookViews() {
    }

    /** The request body of a registration. */
    public record WebhookRequest(String url, List<String> events) {
    }

    /** A new endpoint with its secret: the only answer that carries it. */
    public record Created(UUID id, String url, List<String> events, String secret, OffsetDateTime createdAt) {
        static Created of(Webhook webhook, String secret) {
            return new Created(webhook.id(), webhook.url(), webhook.events(), secret, webhook.createdAt());
        }
    }

    public record WebhookView(UUID id, String url, List<String> events, OffsetDateTime createdAt) {
        static WebhookView of(Webhook webhook) {
            return new WebhookView(webhook.id(), webhook.url(), webhook.events(), webhook.createdAt());
        }
    }

    public record DeliveryView(UUID id, UUID webhookId, String event, UUID jobId, String status, int attempts,
                               @Schema(nullable = true) Integer lastStatusCode,
                               @Schema(nullable = true) String lastError,
                               @Schema(nullable = true) OffsetDateTime nextAttemptAt,
                               OffsetDateTime createdAt, @Schema(nullable = true) OffsetDateTime deliveredAt) {
        static DeliveryView of(WebhookDelivery d) {
            return new DeliveryView(d.id(), d.webhookId(), d.event(), d.jobId(), d.status().apiName(), d.attempts(),
                    d.lastStatusCode(), d.lastError(), d.nextAttemptAt(), d.createdAt(), d.deliveredAt());
        }
    }
}
