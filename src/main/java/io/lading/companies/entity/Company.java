package io.lading.companies.entity;

import io.lading.records.entity.StoredRecord;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.LocalDate;

/** A company of one tenant; its domain (normalised) is unique within the tenant. Written by imports only. */
@Entity
@Table(name = "companies")
public class Company extends StoredRecord {

    @Column(nullable = false) private String name;

    @Column(nullable = false) private String domain;

    private String industry;
    private Integer employees;
    private String country;
    private String city;
    private String phone;

    @Column(name = "created_on") private LocalDate createdOn;

    protected Company() {
    }

    public String name() { return name; }
    public String domain() { return domain; }
    public String industry() { return industry; }
    public Integer employees() { return employees; }
    public String country() { return country; }
    public String city() { return city; }
    public String phone() { return phone; }
    public LocalDate createdOn() { return createdOn; }
}
