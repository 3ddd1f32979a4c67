package io.lading.webhooks.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One attempt to send a delivery: when, how long it took, and the answer's status code or what went wrong. */
@Entity
@Table(name = "webhook_attempts")
public class WebhookAttempt {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "delivery_id", nullable = false) private UUID deliveryId;

    @Column(name = "attempted_at", nullable = false) private OffsetDateTime attemptedAt;

    @Column(name = "status_code") private Integer statusCode;

    private String error;

    @Column(name = "duration_ms", nullable = false) private long durationMillis;

    protected WebhookAttempt() {
    }

    public WebhookAttempt(UUID deliveryId, OffsetDateTime attemptedAt, Integer statusCode, String error,
                          long durationMillis) {
        this.deliveryId = deliveryId;
        this.attemptedAt = attemptedAt;
        this.statusCode = statusCode;
        this.error = error;
        this.durationMillis = durationMillis;
    }

    public OffsetDateTime attemptedAt() { return attemptedAt; }
    public Integer statusCode() { return statusCode; }
    public String error() { return error; }
    public long durationMillis() { return durationMillis; }
}
