package io.lading.contacts.entity;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every column a caller may select, filter or sort contacts by: the fields of {@link ContactField} plus the id
 * and the timestamps. The SQL column name always comes from here, never from input.
 */
public enum ContactColumn {
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
    UPDATED_AT("updatedAt", "updated_at", Type.TIMESTAMP, false);

    /** How values of a column are compared, bound and written. */
    public enum Type {
        TEXT, NUMBER, DATE, TIMESTAMP, UUID;

        /** Ranges make sense on numbers and dates only. */
        public boolean ordered() {
            return this == NUMBER || this == DATE || this == TIMESTAMP;
        }
    }

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

    public String apiName() {
        return apiName;
    }

    public String column() {
        return column;
    }

    public Type type() {
        return type;
    }

    /** Whether the column may hold NULL (keyset conditions need to say where NULLs sort). */
    public boolean nullable() {
        return nullable;
    }

    /** The column a caller names by its API name ("firstName") or its column name ("first_name"), any case. */
    public static Optional<ContactColumn> named(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(BY_NAME.get(name.trim().toLowerCase(Locale.ROOT)));
    }

    /**
     * A value for this column from its text form (ISO dates and timestamps, whole numbers).
     *
     * @throws IllegalArgumentException when the text is not a value of the column's type
     */
    public Object parse(String text) {
        if (text == null) {
            return null;
        }
        String value = text.trim();
        try {
            return switch (type) {
                case TEXT -> text;
                case NUMBER -> Long.valueOf(value);
                case DATE -> LocalDate.parse(value);
                case TIMESTAMP -> value.length() == 10 ? LocalDate.parse(value).atStartOfDay().atOffset(ZoneOffset.UTC)
                        : OffsetDateTime.parse(value);
                case UUID -> java.util.UUID.fromString(value);
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException(apiName + " takes " + describe() + ", not '" + text + "'");
        }
    }

    /** The text form of a value read from the database, as {@link #parse} reads it back. */
    public static String format(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime t) {
            return t.withOffsetSameInstant(ZoneOffset.UTC).toString();
        }
        return value.toString();
    }

    private String describe() {
        return switch (type) {
            case TEXT -> "text";
            case NUMBER -> "a whole number";
            case DATE -> "a date (YYYY-MM-DD)";
            case TIMESTAMP -> "an ISO-8601 timestamp";
            case UUID -> "a UUID";
        };
    }
}
