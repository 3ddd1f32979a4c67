package io.lading.imports.control;

import io.lading.records.entity.FieldType;
import io.lading.records.entity.RecordField;
import io.lading.imports.entity.ImportRow;
import io.lading.imports.entity.SourceRow;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns a source row into a draft of the mapping's entity or a rejection with the column, a stable code and a
 * message, by the types and required flags of the entity's fields. Pure: no I/O, so the rules are tested on
 * their own.
 */
public final class RowValidation {

    static final int MAX_TEXT = 1000;
    /** Whitespace (as {@code \s} has it) and the specials an address cannot hold unquoted. */
    static final String NOT_IN_EMAILS = " \t\n\u000B\f\r\"(),:;<>[\\]";
    private static final Pattern INTEGER = Pattern.compile("^[+]?\\d{1,3}(,\\d{3})+$|^[+]?\\d+$");
    private static final DateTimeFormatter SLASHED = DateTimeFormatter.ofPattern("uuuu/MM/dd")
            .withResolverStyle(ResolverStyle.STRICT);

    private RowValidation() {
    }

    public static ImportRow validate(SourceRow source, ColumnMapping mapping) {
        String[] values = source.values();
        if (values.length != mapping.width()) {
            return new ImportRow.Rejected(source, null, "COLUMN_COUNT_MISMATCH",
                    "Row has " + values.length + " columns, the header has " + mapping.width());
        }
        List<? extends RecordField> fields = mapping.fields();
        String[] texts = new String[fields.size()];
        // The required fields first, each with its own type's check (the key among them), then every length,
        // then the other typed fields: a row is reported for the first thing wrong with it, in that order.
        for (int i = 0; i < texts.length; i++) {
            RecordField field = fields.get(i);
            if (field.required()) {
                String value = text(mapping.value(values, i));
                if (value == null) {
                    return rejected(source, mapping, field, field.name() + "_REQUIRED",
                            capitalized(field.apiName()) + " is empty");
                }
                Object normalised = normalise(source, mapping, field, value);
                if (normalised instanceof ImportRow rejection) {
                    return rejection;
                }
                texts[i] = (String) normalised;
            }
        }
        for (int i = 0; i < texts.length; i++) {
            String value = mapping.value(values, i);
            if (value != null && value.length() > MAX_TEXT) {
                return rejected(source, mapping, fields.get(i), "FIELD_TOO_LONG",
                        fields.get(i).apiName() + " is longer than " + MAX_TEXT + " characters");
            }
        }
        for (int i = 0; i < texts.length; i++) {
            RecordField field = fields.get(i);
            if (!field.required()) {
                String value = text(mapping.value(values, i));
                Object normalised = value == null ? null : normalise(source, mapping, field, value);
                if (normalised instanceof ImportRow rejection) {
                    return rejection;
                }
                texts[i] = (String) normalised;
            }
        }
        return new ImportRow.Valid(source, mapping.draft(texts));
    }

    /** The value in the form it is stored in (as text), or the row's rejection. */
    private static Object normalise(SourceRow source, ColumnMapping mapping, RecordField field, String value) {
        switch (field.type()) {
            case EMAIL -> {
                String email = value.toLowerCase(Locale.ROOT);
                if (email.length() > 254 || !isEmail(email)) {
                    return rejected(source, mapping, field, "INVALID_EMAIL",
                            "'" + clip(email) + "' is not an email address");
                }
                return email;
            }
            case DOMAIN -> {
                String domain = FieldType.domain(value);
                if (domain == null) {
                    return rejected(source, mapping, field, "INVALID_DOMAIN",
                            "'" + clip(value) + "' is not a web domain (like example.com)");
                }
                return domain;
            }
            case INTEGER -> {
                int plain = FieldType.digits(value, 0, value.length());
                if (plain >= 0) {
                    // the usual case, without the pattern: a plain number, stored without leading zeros
                    return value.charAt(0) == '0' ? Integer.toString(plain) : value;
                }
                if (!INTEGER.matcher(value).matches()) {
                    return rejected(source, mapping, field, "INVALID_NUMBER", "'" + clip(value) + "' is not a whole number");
                }
                try {
                    return Integer.valueOf(value.replace(",", "").replace("+", "")).toString();
                } catch (NumberFormatException tooLarge) {
                    return rejected(source, mapping, field, "INVALID_NUMBER", "'" + clip(value) + "' is too large");
                }
            }
            case DATE -> {
                LocalDate date = parseDate(value);
                if (date == null) {
                    return rejected(source, mapping, field, "INVALID_DATE",
                            "'" + clip(value) + "' is not a date (use YYYY-MM-DD)");
                }
                return date.toString();
            }
            default -> {
                return value;
            }
        }
    }

    private static String capitalized(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private static LocalDate parseDate(String value) {
        String trimmed = value.length() > 10 && value.charAt(10) == 'T' ? value.substring(0, 10) : value;
        try {
            LocalDate iso = FieldType.isoDate(trimmed);
            if (iso != null) {
                return iso;
            }
        } catch (DateTimeException notADay) {
            return null;
        }
        try {
            return LocalDate.parse(trimmed);
        } catch (DateTimeParseException notIso) {
            try {
                return LocalDate.parse(trimmed, SLASHED);
            } catch (DateTimeParseException notSlashed) {
                return null;
            }
        }
    }

    /**
     * Whether a (lower-cased) value is an address: one '@' after at least one character, a '.' inside what follows
     * it (not its first or last character), and none of {@link #NOT_IN_EMAILS} anywhere. A loop, not a regular
     * expression: this runs for every row, and matching one took 8 % of an import's CPU in the application server.
     */
    static boolean isEmail(String email) {
        int at = -1;
        for (int i = 0; i < email.length(); i++) {
            char c = email.charAt(i);
            if (c == '@') {
                if (at >= 0) {
                    return false;
                }
                at = i;
            } else if (NOT_IN_EMAILS.indexOf(c) >= 0) {
                return false;
            }
        }
        if (at < 1) {
            return false;
        }
        int dot = email.indexOf('.', at + 2);
        return dot >= 0 && dot < email.length() - 1;
    }

    private static ImportRow rejected(SourceRow source, ColumnMapping mapping, RecordField field, String code,
                                      String message) {
        return new ImportRow.Rejected(source, mapping.columnName(field), code, message);
    }

    private static String text(String value) {
        if (value == null) {
            return null;
        }
        // Spreadsheets leave no-break and zero-width spaces around values; strip() alone keeps them.
        // A loop, not a regex: this runs for every cell of every row.
        int start = 0;
        int end = value.length();
        while (start < end && isBlank(value.charAt(start))) {
            start++;
        }
        while (end > start && isBlank(value.charAt(end - 1))) {
            end--;
        }
        return start == end ? null : value.substring(start, end);
    }

    private static boolean isBlank(char c) {
        return Character.isWhitespace(c) || c == '\u00A0' || c == '\u2007' || c == '\u202F' || c == '\u200B'
                || c == '\uFEFF';
    }

    private static String clip(String value) {
        return value.length() > 60 ? value.substring(0, 60) + "…" : value;
    }
}
