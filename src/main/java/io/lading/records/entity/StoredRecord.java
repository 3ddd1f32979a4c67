package io.lading.records.entity;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * What every entity's JPA class has, so that reads by id and pages newest first ({@code RecordQueries}) serve
 * every entity.
 */
public interface StoredRecord {

    UUID id();

    UUID tenantId();

    OffsetDateTime createdAt();
}
