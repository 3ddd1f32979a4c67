package io.lading.webhooks.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * One job event for one endpoint (the outbox row). Its id is the {@code Lading-Delivery} header of every attempt,
 * and its body is fixed when it is recorded, so a receiver can drop repeats by id. Attempts are recorded by the
 * worker in plain SQL ({@code webhook_attempts}); this entity is read by the API and changed by a resend.
 */
@Entity
@Table(name = "webhook_deliveries")
public class WebhookDelivery {

    @Id
    private UUID id;

    @Column(name = "webhook_id", nullable = false) private UUID webhookId;

    @Column(name = "tenant_id", nullable = false) private UUID tenantId;

    @Column(name = "job_id", nullable = false) private UUID jobId;

    @Column(nullable = false) private String event;

    @Column(nullable = false) private String body;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private DeliveryStatus status;

    @Column(nullable = false) private int attempts;

    @Column(name = "last_status_code") private Integer lastStatusCode;

    @Column(name = "last_error") private String lastError;

    @Column(name = "next_attempt_at") private OffsetDateTime nextAttemptAt;

    @Column(name = "retry_until", nullable = false) private OffsetDateTime retryUntil;

    @Column(name = "lease_until") private OffsetDateTime leaseUntil;

    @Column(name = "created_at", nullable = false) private OffsetDateTime createdAt;

    @Column(name = "delivered_at") private OffsetDateTime deliveredAt;

    protected WebhookDelivery() {
    }

    public WebhookDelivery(UUID id, UUID webhookId, UUID tenantId, UUID jobId, WebhookEvent event, String body,
                           OffsetDateTime createdAt, Duration retryWindow) {
        this.id = id;
        this.webhookId = webhookId;
        this.tenantId = tenantId;
        this.jobId = jobId;
        this.event = event.apiName();
        this.body = body;
        this.status = DeliveryStatus.PENDING;
        this.createdAt = createdAt;
        this.nextAttemptAt = createdAt;
        this.retryUntil = createdAt.plus(retryWindow);
    }

    /** Sent again under the same id and body, with a new retry window; the attempts so far stay counted. */
    public void resend(Duration retryWindow) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        this.status = DeliveryStatus.PENDING;
        this.nextAttemptAt = now;
        this.retryUntil = now.plus(retryWindow);
        this.leaseUntil = null;
        this.deliveredAt = null;
    }

    /**
     * An attempt ended: a 2xx answer delivers it; otherwise it waits for {@code nextAttempt}, or fails when there is
     * none (its retry window is over). The lease ends either way.
     */
    public void attempted(Integer statusCode, String error, OffsetDateTime at, OffsetDateTime nextAttempt) {
        attempts++;
        lastStatusCode = statusCode;
        lastError = error;
        leaseUntil = null;
        if (statusCode != null && statusCode >= 200 && statusCode < 300) {
            status = DeliveryStatus.DELIVERED;
            deliveredAt = at;
            nextAttemptAt = null;
        } else if (nextAttempt == null) {
            status = DeliveryStatus.FAILED;
            nextAttemptAt = null;
        } else {
            nextAttemptAt = nextAttempt;
        }
    }

    public OffsetDateTime retryUntil() { return retryUntil; }
    public UUID id() { return id; }
    public UUID webhookId() { return webhookId; }
    public UUID tenantId() { return tenantId; }
    public UUID jobId() { return jobId; }
    public String event() { return event; }
    public String body() { return body; }
    public DeliveryStatus status() { return status; }
    public int attempts() { return attempts; }
    public Integer lastStatusCode() { return lastStatusCode; }
    public String lastError() { return lastError; }
    public OffsetDateTime nextAttemptAt() { return nextAttemptAt; }
    public OffsetDateTime createdAt() { return createdAt; }
    public OffsetDateTime deliveredAt() { return deliveredAt; }
}
