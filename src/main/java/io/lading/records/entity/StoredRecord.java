package io.lading.records.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The columns every entity's table has (see {@code RecordKind}), mapped once for every entity's JPA class: what
 * reads by id and pages newest first ({@code RecordQueries}) need, for any entity. Written by imports only.
 */
@MappedSuperclass
public abstract class StoredRecord {

    @Id
    private UUID id;

    @Column(name = "tenant_id", nullable = false) private UUID tenantId;

    @Column(name = "created_at") private OffsetDateTime createdAt;

    @Column(name = "updated_at") private OffsetDateTime updatedAt;

    protected StoredRecord() {
    }

    public UUID id() { return id; }
    public UUID tenantId() { return tenantId; }
    public OffsetDateTime createdAt() { return createdAt; }
    public OffsetDateTime updatedAt() { return updatedAt; }
}
