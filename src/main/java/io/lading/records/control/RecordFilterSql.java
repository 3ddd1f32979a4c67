package io.lading.records.control;

import io.lading.platform.LikePattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * Compiles a {@link RecordFilter} and a {@link RecordSort} to SQL over an entity's table. Column expressions come
 * only from the entity's columns; every value is a bind parameter, in the order of {@link Sql#params()}.
 */
public final class RecordFilterSql {

    private RecordFilterSql() {
    }

    /** SQL text with its parameters. */
    public record Sql(String text, List<Object> params) {
    }

    /** {@code where tenant_id = ? and ...}: the tenant's records the filter selects. */
    public static Sql where(RecordKind kind, UUID tenantId, RecordFilter filter) {
        StringBuilder sql = new StringBuilder(" where tenant_id = ?");
        List<Object> params = new ArrayList<>();
        params.add(tenantId);
        for (var must : filter.must().entrySet()) {
            sql.append(" and ").append(must.getKey().column()).append(in(must.getValue().size()));
            params.addAll(must.getValue());
        }
        for (var mustNot : filter.mustNot().entrySet()) {
            // "not USA" includes contacts with no country: a user reads it as "everything but USA".
            String column = mustNot.getKey().column();
            sql.append(" and (").append(column).append(" is null or ").append(column)
                    .append(notIn(mustNot.getValue().size())).append(')');
            params.addAll(mustNot.getValue());
        }
        for (RecordFilter.Range range : filter.ranges()) {
            StringJoiner bounds = new StringJoiner(" and ", range.negated() ? " and not coalesce(" : " and (",
                    range.negated() ? ", false)" : ")");
            for (Map.Entry<String, Object> bound : range.bounds().entrySet()) {
                bounds.add(range.column().column() + " " + RecordFilter.OPERATORS.get(bound.getKey()) + " ?");
                params.add(bound.getValue());
            }
            sql.append(bounds);
        }
        if (filter.text() != null && !filter.text().isBlank()) {
            StringJoiner any = new StringJoiner(" or ", " and (", ")");
            String like = LikePattern.containing(filter.text().trim());
            for (String column : kind.textColumns()) {
                any.add(column + " ilike ?");
                params.add(like);
            }
            sql.append(any);
        }
        return new Sql(sql.toString(), params);
    }

    /** {@code order by ...} with NULLs where PostgreSQL puts them by default (last ascending, first descending). */
    public static String orderBy(RecordSort sort) {
        StringJoiner order = new StringJoiner(", ", " order by ", "");
        for (RecordSort.Key key : sort.keys()) {
            order.add(key.column().column() + (key.descending() ? " desc" : " asc"));
        }
        return order.toString();
    }

    /**
     * {@code and (...)}: the rows after {@code last} (the values of the sort's columns in the last row seen) in
     * the sort's order. Expanded as (k1 after v1) or (k1 = v1 and k2 after v2) or ..., NULL-aware.
     */
    public static Sql after(RecordSort sort, List<Object> last) {
        StringJoiner any = new StringJoiner(" or ", " and (", ")");
        List<Object> params = new ArrayList<>();
        List<RecordSort.Key> keys = sort.keys();
        int clauses = 0;
        for (int i = 0; i < keys.size(); i++) {
            RecordSort.Key key = keys.get(i);
            Object value = last.get(i);
            String beyond = beyond(key, value);
            if (beyond == null) {
                continue;
            }
            List<Object> clauseParams = new ArrayList<>();
            List<String> all = samePrefix(keys, last, i, clauseParams);
            all.add(beyond);
            if (value != null) {
                clauseParams.add(value);
            }
            any.add(all.size() == 1 ? beyond : "(" + String.join(" and ", all) + ")");
            params.addAll(clauseParams);
            clauses++;
        }
        return clauses == 0 ? new Sql(" and false", List.of()) : new Sql(any.toString(), params);
    }

    /** "The keys before the i-th equal last's values", one condition a key; their parameters go to params. */
    private static List<String> samePrefix(List<RecordSort.Key> keys, List<Object> last, int i, List<Object> params) {
        List<String> all = new ArrayList<>();
        for (int j = 0; j < i; j++) {
            Object equal = last.get(j);
            String column = keys.get(j).column().column();
            if (equal == null) {
                all.add(column + " is null");
            } else {
                all.add(column + " = ?");
                params.add(equal);
            }
        }
        return all;
    }

    /** The condition "comes after {@code value}" on one key, or null when nothing can (NULL is last ascending). */
    private static String beyond(RecordSort.Key key, Object value) {
        String column = key.column().column();
        if (!key.descending()) {
            if (value == null) {
                return null;
            }
            return key.column().nullable() ? "(" + column + " > ? or " + column + " is null)" : column + " > ?";
        }
        if (value == null) {
            return column + " is not null";
        }
        return column + " < ?";
    }

    private static String in(int count) {
        return count == 1 ? " = ?" : " in (" + "?,".repeat(count - 1) + "?)";
    }

    private static String notIn(int count) {
        return count == 1 ? " <> ?" : " not in (" + "?,".repeat(count - 1) + "?)";
    }
}
