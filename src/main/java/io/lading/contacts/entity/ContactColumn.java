package io.lading.contacts.entity;

import io.lading.records.entity.RecordColumn;

/**
 * Every column a caller may select, filter or sort contacts by: the fields of {@link ContactField} plus the id
 * and the timestamps. The SQL column name always comes from here, never from input.
 */
public enum ContactColumn implements RecordColumn {
    ID("id", "id", Type.UUID, false),
    EMAIL("email", "email", Type.TEXT, false),
    FIRST_NAME(ContactField.FIRST_NAME, Type.TEXT),
    LAST_NAME(ContactField.LAST_NAME, Type.TEXT),
    PHONE(ContactField.PHONE, Type.TEXT),
    TITLE(ContactField.TITLE, Type.TEXT),
    COMPANY(ContactField.COMPANY, Type.TEXT),
    COUNTRY(ContactField.COUNTRY, Type.TEXT),
    CITY(ContactField.CITY, Type.TEXT),
    EMPLOYEES(ContactField.EMPLOYEES, Type.NUMBER),
    CREATED_ON(ContactField.CREATED_ON, Type.DATE),
    CREATED_AT("createdAt", "created_at", Type.TIMESTAMP, false),
    UPDATED_AT("updatedAt", "updated_at", Type.TIMESTAMP, false),
    /** The linked company (see companies' CompanyLinks), and two of its columns read through it. */
    COMPANY_ID("companyId", "company_id", Type.UUID, true),
    COMPANY_NAME("companyName", "(select co.name from companies co where co.id = contacts.company_id)", Type.TEXT, true),
    COMPANY_DOMAIN("companyDomain", "(select co.domain from companies co where co.id = contacts.company_id)", Type.TEXT,
            true);

    private final Spec spec;

    ContactColumn(ContactField field, Type type) {
        this(field.apiName(), field.column(), type, true);
    }

    ContactColumn(String apiName, String column, Type type, boolean nullable) {
        this.spec = new Spec(apiName, column, type, nullable);
    }

    @Override
    public Spec spec() {
        return spec;
    }

    @Override
    public boolean lowerCase() {
        return this == EMAIL || this == COMPANY_DOMAIN;
    }
}
