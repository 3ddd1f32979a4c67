package io.lading.records.entity;

import java.util.Locale;
import java.util.Set;

/**
 * A field of an entity that files carry: its API name, its column (only ever taken from here, never from
 * input), the header names a file may use for it, its value type and whether a row needs it. Implemented by
 * each entity's field enum, whose constants only give their {@link Spec}.
 */
public interface RecordField {

    /** What one constant of a field enum says about its field. */
    record Spec(String apiName, String column, Set<String> aliases, FieldType type, boolean required) {
    }

    Spec spec();

    /** The constant's name (EMAIL, FIRST_NAME): error codes are made of it ({@code EMAIL_REQUIRED}). */
    String name();

    default String apiName() {
        return spec().apiName();
    }

    /** The database column; only ever taken from the enum, never from input. */
    default String column() {
        return spec().column();
    }

    /** Header names besides the API and column names (compared {@link #normalize normalised}). */
    default Set<String> aliases() {
        return spec().aliases();
    }

    default FieldType type() {
        return spec().type();
    }

    /** Whether a row without it is rejected ({@code <NAME>_REQUIRED}). */
    default boolean required() {
        return spec().required();
    }

    /** A header as it is compared: no case, spaces, '_', '-' or byte order mark. */
    static String normalize(String header) {
        if (header == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(header.length());
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c != ' ' && c != '_' && c != '-' && c != '\uFEFF' && !Character.isWhitespace(c)) {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
