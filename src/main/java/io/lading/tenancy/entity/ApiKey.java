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

/**
 * An API key, kept only as its hash (see {@code ApiKeyHasher}); {@code lookupId} finds the candidate rows of a
 * presented key, {@code keyPrefix} lets an operator recognise it in lists.
 */
@Entity
@Table(name = "api_keys")
@NamedQuery(name = ApiKey.BY_LOOKUP_ID, query = "select k from ApiKey k where k.lookupId = :lookupId")
@NamedQuery(name = ApiKey.LEGACY, query = "select k from ApiKey k where k.hashScheme = 'sha256'")
public class ApiKey {

    public static final String BY_LOOKUP_ID = "ApiKey.byLookupId";
    /** Rows an earlier version stored as plain SHA-256, waiting to be converted. */
    public static final String LEGACY = "ApiKey.legacy";
    public static final String HMAC_SCHEME = "hmac-sha256";

    @Id
    private UUID id;

    @Convert(converter = NullableUuidConverter.class)
    @Column(name = "tenant_id")
    private UUID tenantId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Role role;

    @Column(name = "key_hash", nullable = false) private String keyHash;

    @Column(name = "hash_scheme", nullable = false) private String hashScheme;

    @Column(name = "lookup_id") private String lookupId;

    @Column(name = "key_prefix", nullable = false) private String keyPrefix;

    @Column(name = "created_at", nullable = false) private OffsetDateTime createdAt;

    @Column(name = "revoked_at") private OffsetDateTime revokedAt;

    protected ApiKey() {
    }

    public ApiKey(UUID tenantId, Role role, String keyHash, String lookupId, String keyPrefix) {
        this.id = UUID.randomUUID();
        this.tenantId = tenantId;
        this.role = role;
        this.keyHash = keyHash;
        this.hashScheme = HMAC_SCHEME;
        this.lookupId = lookupId;
        this.keyPrefix = keyPrefix;
        this.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
    }

    /** Converts a row stored by an earlier version as plain SHA-256 (hex) to its HMAC, without the clear key. */
    public void convertLegacyHash(String hmacOfSha256, String lookupId) {
        if (!"sha256".equals(hashScheme)) {
            throw new IllegalStateException("Key " + id + " is stored as " + hashScheme + " already");
        }
        this.keyHash = hmacOfSha256;
        this.lookupId = lookupId;
        this.hashScheme = HMAC_SCHEME;
    }

    public String keyHash() {
        return keyHash;
    }

    public void revoke() {
        if (revokedAt == null) {
            revokedAt = OffsetDateTime.now(ZoneOffset.UTC);
        }
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
