package io.lading.webhooks.entity;

import io.lading.platform.NullableUuidConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * An endpoint that receives job events: a tenant's (its own jobs) or, with no tenant, an operator's (every
 * tenant's jobs). The secret signs each delivery, so it is stored as issued; the API shows it only at creation.
 */
@Entity
@Table(name = "webhooks")
public class Webhook {

    @Id
    private UUID id;

    @Column(name = "tenant_id")
    @Convert(converter = NullableUuidConverter.class)
    private UUID tenantId;

    @Column(nullable = false) private String url;

    /** Event API names, comma-separated. */
    @Column(nullable = false) private String events;

    @Column(nullable = false) private String secret;

    @Column(name = "created_at", nullable = false) private OffsetDateTime createdAt;

    protected Webhook() {
    }

    public Webhook(UUID tenantId, String url, Set<WebhookEvent> events, String secret) {
        this.id = UUID.randomUUID();
        this.tenantId = tenantId;
        this.url = url;
        this.events = events.stream().sorted().map(WebhookEvent::apiName).collect(Collectors.joining(","));
        this.secret = secret;
        this.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
    }

    public UUID id() {
        return id;
    }

    /** Null for an operator's endpoint, which receives every tenant's events. */
    public UUID tenantId() {
        return tenantId;
    }

    public String url() {
        return url;
    }

    public List<String> events() {
        return Arrays.asList(events.split(","));
    }

    public boolean listensTo(WebhookEvent event) {
        return events().contains(event.apiName());
    }

    public String secret() {
        return secret;
    }

    public OffsetDateTime createdAt() {
        return createdAt;
    }
}
