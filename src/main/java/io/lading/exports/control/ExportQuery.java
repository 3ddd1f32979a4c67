package io.lading.exports.control;

import io.lading.exports.entity.ExportFormat;
import io.lading.exports.entity.ExportParameters;
import io.lading.platform.ProblemException;
import io.lading.records.control.RecordFilter;
import io.lading.records.control.RecordFilterSql;
import io.lading.records.control.RecordKind;
import io.lading.records.control.RecordSort;
import io.lading.records.entity.RecordColumn;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * An export's parameters made into SQL over its entity's table: the selected columns, the filter and the order, all checked against the
 * column whitelist. Reads go page by page after the last row's sort key (keyset pagination, never OFFSET), so
 * every page is as fast as the first and rows that change meanwhile are neither skipped nor repeated.
 */
final class ExportQuery {

    final RecordKind kind;
    final UUID tenantId;
    final ExportFormat format;
    final List<RecordColumn> selected;
    final RecordFilter filter;
    final RecordSort sort;

    ExportQuery(RecordKind kind, UUID tenantId, ExportFormat format, List<RecordColumn> selected, RecordFilter filter,
                RecordSort sort) {
        this.kind = kind;
        this.tenantId = tenantId;
        this.format = format;
        this.selected = selected;
        this.filter = filter;
        this.sort = sort;
    }

    /** The query of stored parameters (checked when the export was submitted). */
    static ExportQuery of(RecordKind kind, UUID tenantId, ExportParameters parameters) {
        ExportFormat format = ExportFormat.parse(parameters.format()).orElseThrow(() ->
                ProblemException.invalidField("format", "UNSUPPORTED_FORMAT",
                        "format must be csv, json, jsonl or xlsx, not '" + parameters.format() + "'"));
        if (parameters.columns() == null || parameters.columns().isEmpty()) {
            throw ProblemException.invalidField("selectColumns", "MISSING_SELECT_COLUMNS",
                    "selectColumns must name the columns to export, e.g. [\"email\", \"firstName\"]");
        }
        LinkedHashSet<RecordColumn> columns = new LinkedHashSet<>();
        for (int i = 0; i < parameters.columns().size(); i++) {
            String name = parameters.columns().get(i);
            String field = "selectColumns[" + i + "]";
            columns.add(kind.column(name).orElseThrow(() -> ProblemException.invalidField(field,
                    "UNKNOWN_COLUMN", "'" + name + "' is not a " + kind.name() + " column")));
        }
        JsonValue filterJson = parameters.filter() == null ? null
                : Json.createReader(new StringReader(parameters.filter())).readValue();
        List<RecordSort.Requested> order = new ArrayList<>();
        if (parameters.orderBy() != null) {
            for (int i = 0; i < parameters.orderBy().size(); i++) {
                ExportParameters.Order o = parameters.orderBy().get(i);
                if (o == null || o.column() == null) {
                    throw ProblemException.invalidField("orderBy[" + i + "].column", "INVALID_FILTER",
                            "orderBy entries are {\"column\", \"direction\"}");
                }
                order.add(new RecordSort.Requested(o.column(), o.direction(), "orderBy[" + i + "]"));
            }
        }
        return new ExportQuery(kind, tenantId, format, List.copyOf(columns), RecordFilter.fromJson(kind, filterJson),
                RecordSort.of(kind, order));
    }

    long count(Connection c) throws SQLException {
        RecordFilterSql.Sql where = RecordFilterSql.where(kind, tenantId, filter);
        try (PreparedStatement query = c.prepareStatement("select count(*) from " + kind.table() + where.text())) {
            bind(query, where.params());
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Up to {@code limit} rows after {@code after} (a sort key; null for the first page), in order. */
    List<ExportItem> page(Connection c, List<Object> after, int limit) throws SQLException {
        RecordFilterSql.Sql sql = range(after, limit);
        List<ExportItem> rows = new ArrayList<>(limit);
        try (PreparedStatement query = c.prepareStatement(sql.text())) {
            bind(query, sql.params());
            query.setFetchSize(limit);
            try (ResultSet rs = query.executeQuery()) {
                int keyStart = selected.size() + 1;
                List<RecordColumn> keyColumns = sort.columns();
                while (rs.next()) {
                    Object[] values = new Object[selected.size()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = read(rs, i + 1, selected.get(i));
                    }
                    List<Object> key = new ArrayList<>(keyColumns.size());
                    for (int i = 0; i < keyColumns.size(); i++) {
                        key.add(read(rs, keyStart + i, keyColumns.get(i)));
                    }
                    rows.add(new ExportItem(values, key));
                }
            }
        }
        return rows;
    }

    /**
     * Up to {@code limit} rows after {@code after} (null: from the first), in order: the selected columns as
     * {@code v1, v2, ...}, then the sort columns as {@code k1, k2, ...}.
     */
    RecordFilterSql.Sql range(List<Object> after, int limit) {
        RecordFilterSql.Sql where = RecordFilterSql.where(kind, tenantId, filter);
        List<Object> params = new ArrayList<>(where.params());
        StringBuilder sql = new StringBuilder("select ");
        for (int i = 0; i < selected.size(); i++) {
            sql.append(selected.get(i).column()).append(" as v").append(i + 1).append(", ");
        }
        for (int i = 0; i < sort.columns().size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(sort.columns().get(i).column()).append(" as k").append(i + 1);
        }
        sql.append(" from ").append(kind.table()).append(where.text());
        if (after != null) {
            RecordFilterSql.Sql keyset = RecordFilterSql.after(sort, after);
            sql.append(keyset.text());
            params.addAll(keyset.params());
        }
        sql.append(RecordFilterSql.orderBy(sort)).append(" limit ?");
        params.add(limit);
        return new RecordFilterSql.Sql(sql.toString(), params);
    }

    /** A sort key from its text form in a checkpoint. */
    List<Object> parseKey(List<String> key) {
        List<Object> values = new ArrayList<>(key.size());
        List<RecordColumn> columns = sort.columns();
        for (int i = 0; i < key.size(); i++) {
            Object value = columns.get(i).parse(key.get(i));
            values.add(value instanceof Long n && columns.get(i).type() == RecordColumn.Type.NUMBER
                    ? Integer.valueOf(n.intValue()) : value);
        }
        return values;
    }

    static List<String> formatKey(List<Object> key) {
        return key.stream().map(RecordColumn::format).toList();
    }

    private static Object read(ResultSet rs, int index, RecordColumn column) throws SQLException {
        return switch (column.type()) {
            case TEXT -> rs.getString(index);
            case NUMBER -> rs.getObject(index, Integer.class);
            case DATE -> rs.getObject(index, LocalDate.class);
            case TIMESTAMP -> rs.getObject(index, OffsetDateTime.class);
            case UUID -> rs.getObject(index, UUID.class);
        };
    }

    private static void bind(PreparedStatement statement, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            statement.setObject(i + 1, params.get(i));
        }
    }
}
