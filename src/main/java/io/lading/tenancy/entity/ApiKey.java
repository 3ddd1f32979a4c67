package io.lading.tenancy.entity;

import io.lading.platform.NullableUuidConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** An API key, kept only as its hash; {@code keyPrefix} lets an operator recognise it in lists. */
@Entity
@Table(name = "api_keys")
@NamedQuery(name = ApiKey.BY_HASH, query = "select k from ApiKey k where k.keyHash = :hash")
public class ApiKey {

    public static final String BY_HASH = "ApiKey.byHash";

    @Id
    private UUID id;

    @Convert(converter = NullableUuidConverter.class)
    @Column(name = "tenant_id")
    private UUID tenantId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Role role;

    @Column(name = "key_hash", nullable = false)
    private String keyHash;

    @Column(name = "key_prefix", nullable = false)
    private String keyPrefix;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Column(name = "revoked_at")
    private OffsetDateTime revokedAt;

    protected ApiKey() {
    }

    public ApiKey(UUID tenantId, Role role, String keyHash, String keyPrefix) {
        this.id = UUID.randomUUID();
        this.tenantId = tenantId;
        this.role = role;
        this.keyHash = keyHash;
        this.keyPrefix = keyPrefix;
        this.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
    }

    public void revoke() {
        if (revokedAt == null) {
            revokedAt = OffsetDateTime.now(ZoneOffset.UTC);
        }
    }

    public boolean isActive() {
        return revokedAt == null;
    }

    public UUID id() {
        return id;
    }

    public UUID tenantId() {
        return tenantId;
    }

    public Role role() {
        return role;
    }
}
