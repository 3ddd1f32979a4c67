package io.lading.tenancy.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

@Entity
@Table(name = "tenants")
public class Tenant {

    @Id
    private UUID id;

    @Column(nullable = false)
    private String name;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

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
}
