package io.lading.contacts.entity;

import io.lading.platform.NullableUuidConverter;
import io.lading.records.entity.StoredRecord;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.LocalDate;
import java.util.UUID;

/** A contact of one tenant; its email (trimmed, lower-cased) is unique within the tenant. */
@Entity
@Table(name = "contacts")
public class Contact extends StoredRecord {

    @Column(nullable = false) private String email;

    @Column(name = "first_name") private String firstName;

    @Column(name = "last_name") private String lastName;

    private String phone;
    private String title;
    private String company;
    private String country;
    private String city;
    private Integer employees;

    @Column(name = "created_on") private LocalDate createdOn;

    /** The company of the email's domain, if the tenant has it (see companies' CompanyLinks). */
    @Convert(converter = NullableUuidConverter.class)
    @Column(name = "company_id")
    private UUID companyId;

    protected Contact() {
    }

    public String email() { return email; }
    public String firstName() { return firstName; }
    public String lastName() { return lastName; }
    public String phone() { return phone; }
    public String title() { return title; }
    public String company() { return company; }
    public String country() { return country; }
    public String city() { return city; }
    public Integer employees() { return employees; }
    public LocalDate createdOn() { return createdOn; }
    public UUID companyId() { return companyId; }
}
