package io.lading.companies.entity;

import io.lading.records.entity.StoredRecord;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A company of one tenant; its domain (normalised) is unique within the tenant. Written by imports only. */
@Entity
@Table(name = "companies")
public class Company implements StoredRecord {

    @Id
    private UUID id;

    @Column(name = "tenant_id", nullable = false)
    private UUID tenantId;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private String domain;

    private String industry;
    private Integer employees;
    private String country;
    private String city;
    private String phone;

    @Column(name = "created_on")
    private LocalDate createdOn;

    @Column(name = "created_at")
    private OffsetDateTime createdAt;

    @Column(name = "updated_at")
    private OffsetDateTime updatedAt;

    protected Company() {
    }

    public UUID id() { return id; }
    public UUID tenantId() { return tenantId; }
    public String name() { return name; }
    public String domain() { return domain; }
    public String industry() { return industry; }
    public Integer employees() { return employees; }
    public String country() { return country; }
    public String city() { return city; }
    public String phone() { return phone; }
    public LocalDate createdOn() { return createdOn; }
    public OffsetDateTime createdAt() { return createdAt; }
    public OffsetDateTime updatedAt() { return updatedAt; }
}
