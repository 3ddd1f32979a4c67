package io.lading.tenancy.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** A customer whose contacts, jobs and files are kept apart from every other's. */
@Entity
@Table(name = "tenants")
public class Tenant {

    @Id
    private UUID id;

    @Column(nullable = false) private String name;

    @Column(name = "created_at", nullable = false) private OffsetDateTime createdAt;

    /** This tenant's own limit on an imported file's size; null: the configured default. */
    @Column(name = "max_upload_bytes") private Long maxUploadBytes;

    protected Tenant() {
    }

    public Tenant(UUID id, String name) {
        this.id = id;
        this.name = name;
        this.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
    }

    public UUID id() {
        return id;
    }

    public String name() {
        return name;
    }

    public OffsetDateTime createdAt() {
        return createdAt;
    }

    public Long maxUploadBytes() {
        return maxUploadBytes;
    }

    /** Null goes back to the configured default. */
    public void limitUploads(Long maxBytes) {
        if (maxBytes != null && maxBytes <= 0) {
            throw new IllegalArgumentException("An upload limit is a positive number of bytes");
        }
        this.maxUploadBytes = maxBytes;
    }
}
