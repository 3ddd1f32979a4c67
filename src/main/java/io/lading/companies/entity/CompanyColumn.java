package io.lading.companies.entity;

import io.lading.records.entity.RecordColumn;

/**
 * Every column a caller may select, filter or sort companies by: the fields of {@link CompanyField} plus the id
 * and the timestamps. The SQL column name always comes from here, never from input.
 */
public enum CompanyColumn implements RecordColumn {
    ID("id", "id", Type.UUID, false),
    NAME("name", "name", Type.TEXT, false),
    DOMAIN("domain", "domain", Type.TEXT, false),
    INDUSTRY("industry", "industry", Type.TEXT, true),
    EMPLOYEES("employees", "employees", Type.NUMBER, true),
    COUNTRY("country", "country", Type.TEXT, true),
    CITY("city", "city", Type.TEXT, true),
    PHONE("phone", "phone", Type.TEXT, true),
    CREATED_ON("createdOn", "created_on", Type.DATE, true),
    CREATED_AT("createdAt", "created_at", Type.TIMESTAMP, false),
    UPDATED_AT("updatedAt", "updated_at", Type.TIMESTAMP, false);

    private final Spec spec;

    CompanyColumn(String apiName, String column, Type type, boolean nullable) {
        this.spec = new Spec(apiName, column, type, nullable);
    }

    @Override
    public Spec spec() {
        return spec;
    }

    /** Domains are stored normalised, in lower case. */
    @Override
    public boolean lowerCase() {
        return this == DOMAIN;
    }
}
