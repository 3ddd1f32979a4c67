package io.lading.imports.control;

import io.lading.contacts.entity.ContactField;
import io.lading.contacts.entity.ContactDraft;
import io.lading.imports.entity.ImportRow;
import io.lading.imports.entity.SourceRow;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns a source row into a contact or a rejection with the column, a stable code and a message.
 * Pure: no I/O, so the rules are tested on their own.
 */
public final class ContactValidation {

    static final int MAX_TEXT = 1000;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s\"(),:;<>\\[\\\\\\]]+@[^@\\s\"(),:;<>\\[\\\\\\]]+\\.[^@\\s\"(),:;<>\\[\\\\\\]]+$");
    private static final Pattern INTEGER = Pattern.compile("^[+]?\\d{1,3}(,\\d{3})+$|^[+]?\\d+$");
    private static final DateTimeFormatter SLASHED = DateTimeFormatter.ofPattern("uuuu/MM/dd")
            .withResolverStyle(ResolverStyle.STRICT);

    private ContactValidation() {
    }

    public static ImportRow validate(SourceRow source, ColumnMapping mapping) {
        String[] values = source.values();
        if (values.length != mapping.width()) {
            return new ImportRow.Rejected(source, null, "COLUMN_COUNT_MISMATCH",
                    "Row has " + values.length + " columns, the header has " + mapping.width());
        }
        String email = text(mapping.value(values, ContactField.EMAIL));
        if (email == null) {
            return rejected(source, mapping, ContactField.EMAIL, "EMAIL_REQUIRED", "Email is empty");
        }
        email = email.toLowerCase(Locale.ROOT);
        if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            return rejected(source, mapping, ContactField.EMAIL, "INVALID_EMAIL", "'" + clip(email) + "' is not an email address");
        }
        for (ContactField field : ContactField.values()) {
            String value = mapping.value(values, field);
            if (value != null && value.length() > MAX_TEXT) {
                return rejected(source, mapping, field, "FIELD_TOO_LONG",
                        field.apiName() + " is longer than " + MAX_TEXT + " characters");
            }
        }
        Integer employees = null;
        String rawEmployees = text(mapping.value(values, ContactField.EMPLOYEES));
        if (rawEmployees != null) {
            if (!INTEGER.matcher(rawEmployees).matches()) {
                return rejected(source, mapping, ContactField.EMPLOYEES, "INVALID_NUMBER",
                        "'" + clip(rawEmployees) + "' is not a whole number");
            }
            try {
                employees = Integer.valueOf(rawEmployees.replace(",", "").replace("+", ""));
            } catch (NumberFormatException tooLarge) {
                return rejected(source, mapping, ContactField.EMPLOYEES, "INVALID_NUMBER",
                        "'" + clip(rawEmployees) + "' is too large");
            }
        }
        String createdOn = text(mapping.value(values, ContactField.CREATED_ON));
        if (createdOn != null) {
            LocalDate date = parseDate(createdOn);
            if (date == null) {
                return rejected(source, mapping, ContactField.CREATED_ON, "INVALID_DATE",
                        "'" + clip(createdOn) + "' is not a date (use YYYY-MM-DD)");
            }
            createdOn = date.toString();
        }
        return new ImportRow.Valid(source, new ContactDraft(email,
                text(mapping.value(values, ContactField.FIRST_NAME)),
                text(mapping.value(values, ContactField.LAST_NAME)),
                text(mapping.value(values, ContactField.PHONE)),
                text(mapping.value(values, ContactField.TITLE)),
                text(mapping.value(values, ContactField.COMPANY)),
                text(mapping.value(values, ContactField.COUNTRY)),
                text(mapping.value(values, ContactField.CITY)),
                employees, createdOn));
    }

    private static LocalDate parseDate(String value) {
        String trimmed = value.length() > 10 && value.charAt(10) == 'T' ? value.substring(0, 10) : value;
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

    private static ImportRow rejected(SourceRow source, ColumnMapping mapping, ContactField field, String code,
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
