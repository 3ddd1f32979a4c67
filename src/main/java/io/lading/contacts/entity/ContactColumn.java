package io.lading.contacts.entity;

import io.lading.records.entity.RecordColumn;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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

    private static final Map<String, ContactColumn> BY_NAME = Stream.of(values())
            .flatMap(c -> Stream.of(c.apiName.toLowerCase(Locale.ROOT), c.column).distinct().map(n -> Map.entry(n, c)))
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    private final String apiName;
    private final String column;
    private final Type type;
    private final boolean nullable;

    ContactColumn(ContactField field, Type type) {
        this(field.apiName(), field.column(), type, true);
    }

    ContactColumn(String apiName, String column, Type type, boolean nullable) {
        this.apiName = apiName;
        this.column = column;
        this.type = type;
        this.nullable = nullable;
    }

    @Override
    public String apiName() {
        return apiName;
    }

    @Override
    public String column() {
        return column;
    }

    @Override
    public Type type() {
        return type;
    }

    @Override
    public boolean nullable() {
        return nullable;
    }

    @Override
    public boolean lowerCase() {
        return this == EMAIL || this == COMPANY_DOMAIN;
    }

    /** The column a caller names by its API name ("firstName") or its column name ("first_name"), any case. */
    public static Optional<ContactColumn> named(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(BY_NAME.get(name.trim().toLowerCase(Locale.ROOT)));
    }

    /** The text form of a value read from the database (see {@link RecordColumn#format}). */
    public static String format(Object value) {
        return RecordColumn.format(value);
    }
}
