package io.lading.records.entity;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A column of an entity a caller may select, filter or sort by: its API name, its SQL expression (only ever
 * taken from here, never from input; a plain column or a subquery over the entity's table) and its type.
 * Implemented by each entity's column enum, whose constants only give their {@link Spec}.
 */
public interface RecordColumn {

    /** What one constant of a column enum says about its column. */
    record Spec(String apiName, String column, Type type, boolean nullable) {
    }

    Spec spec();

    /** How values of a column are compared, bound and written. */
    enum Type {
        TEXT, NUMBER, DATE, TIMESTAMP, UUID;

        /** Ranges make sense on numbers and dates only. */
        public boolean ordered() {
            return this == NUMBER || this == DATE || this == TIMESTAMP;
        }
    }

    default String apiName() {
        return spec().apiName();
    }

    /** The SQL expression over the entity's table (not aliased). */
    default String column() {
        return spec().column();
    }

    default Type type() {
        return spec().type();
    }

    /** Whether the column may hold NULL (keyset conditions need to say where NULLs sort). */
    default boolean nullable() {
        return spec().nullable();
    }

    /** Whether values are stored lower case, so filter values are lower-cased too (emails, domains). */
    default boolean lowerCase() {
        return false;
    }

    /**
     * A value for this column from its text form (ISO dates and timestamps, whole numbers).
     *
     * @throws IllegalArgumentException when the text is not a value of the column's type
     */
    default Object parse(String text) {
        if (text == null) {
            return null;
        }
        String value = text.trim();
        try {
            return switch (type()) {
                case TEXT -> text;
                case NUMBER -> Long.valueOf(value);
                case DATE -> LocalDate.parse(value);
                case TIMESTAMP -> value.length() == 10 ? LocalDate.parse(value).atStartOfDay().atOffset(ZoneOffset.UTC)
                        : OffsetDateTime.parse(value);
                case UUID -> java.util.UUID.fromString(value);
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException(apiName() + " takes " + describe(type()) + ", not '" + text + "'");
        }
    }

    /** The text form of a value read from the database, as {@link #parse} reads it back. */
    static String format(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime t) {
            return t.withOffsetSameInstant(ZoneOffset.UTC).toString();
        }
        return value.toString();
    }

    private static String describe(Type type) {
        return switch (type) {
            case TEXT -> "text";
            case NUMBER -> "a whole number";
            case DATE -> "a date (YYYY-MM-DD)";
            case TIMESTAMP -> "an ISO-8601 timestamp";
            case UUID -> "a UUID";
        };
    }
}
