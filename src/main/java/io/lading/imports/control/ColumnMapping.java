package io.lading.imports.control;

import io.lading.jobs.control.JobFailure;
import io.lading.records.control.RecordKind;
import io.lading.records.entity.RecordDraft;
import io.lading.records.entity.RecordField;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Which column of the file feeds which field of the entity. An explicit mapping (field → column name) wins;
 * fields it does not name are matched by header name, ignoring case, spaces, '_' and '-'. Every field the
 * entity requires must have a column.
 */
public final class ColumnMapping {

    // The kind's fields and drafts, taken once: the kind is a CDI proxy, and validation asks for them every row.
    private final List<? extends RecordField> fields;
    private final Function<String[], RecordDraft> drafts;
    private final String[] header;
    /** By the field's position in {@link #fields()}: the file's column that feeds it, or -1. */
    private final int[] columnAt;
    private final List<String> ignoredColumns;

    private ColumnMapping(RecordKind kind, String[] header, Map<RecordField, Integer> columnOf,
                          List<String> ignoredColumns) {
        this.fields = List.copyOf(kind.fields());
        this.drafts = kind.drafts();
        this.header = header;
        this.columnAt = fields.stream().mapToInt(f -> columnOf.getOrDefault(f, -1)).toArray();
        this.ignoredColumns = ignoredColumns;
    }

    public static ColumnMapping resolve(RecordKind kind, String[] header, Map<String, String> explicit) {
        Map<RecordField, Integer> columnOf = new HashMap<>();
        if (explicit != null) {
            for (var entry : explicit.entrySet()) {
                RecordField field = kind.forApiName(entry.getKey()).orElseThrow(() -> JobFailure.permanent(
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
            var field = kind.forHeader(header[i]).filter(f -> !columnOf.containsKey(f));
            if (field.isPresent()) {
                columnOf.put(field.get(), column);
            } else {
                ignored.add(header[i]);
            }
        }
        for (RecordField required : kind.fields()) {
            if (required.required() && !columnOf.containsKey(required)) {
                throw JobFailure.permanent("MISSING_" + required.name().toUpperCase(Locale.ROOT) + "_COLUMN",
                        "No column of the file maps to " + required.apiName() + " (header: "
                                + String.join(", ", header) + ")");
            }
        }
        return new ColumnMapping(kind, header, columnOf, Collections.unmodifiableList(ignored));
    }

    private static int indexOf(String[] header, String name) {
        for (int i = 0; i < header.length; i++) {
            if (header[i].trim().equalsIgnoreCase(name.trim())) {
                return i;
            }
        }
        String wanted = RecordField.normalize(name);
        for (int i = 0; i < header.length; i++) {
            if (RecordField.normalize(header[i]).equals(wanted)) {
                return i;
            }
        }
        return -1;
    }

    /** The value of {@code field} in {@code values}, or null when the field has no column. */
    public String value(String[] values, RecordField field) {
        return value(values, fields.indexOf(field));
    }

    /** The value of the field at {@code position} in {@link #fields()}, or null when it has no column. */
    public String value(String[] values, int position) {
        int column = columnAt[position];
        return column < 0 || column >= values.length ? null : values[column];
    }

    /** The column name feeding {@code field}, for error reports. */
    public String columnName(RecordField field) {
        int position = fields.indexOf(field);
        return position < 0 || columnAt[position] < 0 ? field.apiName() : header[columnAt[position]];
    }

    /** The entity's fields, in its drafts' order. */
    public List<? extends RecordField> fields() {
        return fields;
    }

    /** A validated row's draft: texts in {@link #fields()} order. */
    public RecordDraft draft(String[] texts) {
        return drafts.apply(texts);
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
