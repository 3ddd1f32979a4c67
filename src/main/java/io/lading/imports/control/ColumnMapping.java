package io.lading.imports.control;

import io.lading.contacts.entity.ContactField;
import io.lading.jobs.control.JobFailure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Which column of the file feeds which contact field. An explicit mapping (field → column name) wins;
 * fields it does not name are matched by header name, ignoring case, spaces, '_' and '-'.
 */
public final class ColumnMapping {

    private final String[] header;
    private final Map<ContactField, Integer> columnOf;
    private final List<String> ignoredColumns;

    private ColumnMapping(String[] header, Map<ContactField, Integer> columnOf, List<String> ignoredColumns) {
        this.header = header;
        this.columnOf = columnOf;
        this.ignoredColumns = ignoredColumns;
    }

    public static ColumnMapping resolve(String[] header, Map<String, String> explicit) {
        Map<ContactField, Integer> columnOf = new EnumMap<>(ContactField.class);
        if (explicit != null) {
            for (var entry : explicit.entrySet()) {
                ContactField field = ContactField.forApiName(entry.getKey()).orElseThrow(() -> JobFailure.permanent(
                        "UNKNOWN_FIELD", "fieldMapping names an unknown field '" + entry.getKey() + "'"));
                int column = indexOf(header, entry.getValue());
                if (column < 0) {
                    throw JobFailure.permanent("MAPPING_COLUMN_MISSING", "fieldMapping maps " + field.apiName()
                            + " to column '" + entry.getValue() + "', which the file's header does not have");
                }
                columnOf.put(field, column);
            }
        }
        List<String> ignored = new ArrayList<>();
        for (int i = 0; i < header.length; i++) {
            final int column = i;
            if (columnOf.containsValue(column)) {
                continue;
            }
            var field = ContactField.forHeader(header[i]).filter(f -> !columnOf.containsKey(f));
            if (field.isPresent()) {
                columnOf.put(field.get(), column);
            } else {
                ignored.add(header[i]);
            }
        }
        if (!columnOf.containsKey(ContactField.EMAIL)) {
            throw JobFailure.permanent("MISSING_EMAIL_COLUMN",
                    "No column of the file maps to email (header: " + String.join(", ", header) + ")");
        }
        return new ColumnMapping(header, columnOf, Collections.unmodifiableList(ignored));
    }

    private static int indexOf(String[] header, String name) {
        for (int i = 0; i < header.length; i++) {
            if (header[i].trim().equalsIgnoreCase(name.trim())) {
                return i;
            }
        }
        String wanted = ContactField.normalize(name);
        for (int i = 0; i < header.length; i++) {
            if (ContactField.normalize(header[i]).equals(wanted)) {
                return i;
            }
        }
        return -1;
    }

    /** The value of {@code field} in {@code values}, or null when the field has no column. */
    public String value(String[] values, ContactField field) {
        Integer column = columnOf.get(field);
        return column == null || column >= values.length ? null : values[column];
    }

    /** The column name feeding {@code field}, for error reports. */
    public String columnName(ContactField field) {
        Integer column = columnOf.get(field);
        return column == null ? field.apiName() : header[column];
    }

    public int width() {
        return header.length;
    }

    public String[] header() {
        return header.clone();
    }

    public List<String> ignoredColumns() {
        return ignoredColumns;
    }
}
