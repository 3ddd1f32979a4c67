package io.lading.records.control;

import io.lading.records.entity.RecordColumn;
import io.lading.platform.ProblemException;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which records (of one entity) a list or an export holds: exact values a column must or must not have
 * ({@code keywordMatch}), bounds on numbers and dates ({@code rangeQuery}) and free text over the entity's
 * {@linkplain RecordKind#textColumns() text columns} ({@code text}). Parsing checks every column against the
 * entity's {@linkplain RecordKind#columns() columns} and every value against the column's type, so what reaches {@link RecordFilterSql} is already whitelisted and typed.
 *
 * <p>The JSON shape (the jobs guide's, in camelCase):
 * {@code {"keywordMatch": {"must": {"country": ["USA"]}, "mustNot": {...}},
 * "rangeQuery": {"must": {"employees": {"gte": 50, "lte": 1000}}, "mustNot": {...}}, "text": "acme"}}.
 */
public record RecordFilter(Map<RecordColumn, List<Object>> must, Map<RecordColumn, List<Object>> mustNot,
                            List<Range> ranges, String text) {

    public static final RecordFilter NONE = new RecordFilter(Map.of(), Map.of(), List.of(), null);

    /** Range operators and their SQL comparison. */
    public static final Map<String, String> OPERATORS = Map.of("gte", ">=", "gt", ">", "lte", "<=", "lt", "<");

    /** Bounds on one column: {@code operator → value}; {@code negated} for {@code rangeQuery.mustNot}. */
    public record Range(RecordColumn column, Map<String, Object> bounds, boolean negated) {
    }

    public boolean isEmpty() {
        return must.isEmpty() && mustNot.isEmpty() && ranges.isEmpty() && (text == null || text.isBlank());
    }

    /** The filter of an API request body; {@code null} or {@code {}} selects everything. */
    public static RecordFilter fromJson(RecordKind kind, JsonValue json) {
        if (json == null || json.getValueType() == JsonValue.ValueType.NULL) {
            return NONE;
        }
        JsonObject filter = object(json, "filter");
        onlyKeys(filter, "filter", Set.of("keywordMatch", "rangeQuery", "text"));
        Map<RecordColumn, List<Object>> must = new LinkedHashMap<>();
        Map<RecordColumn, List<Object>> mustNot = new LinkedHashMap<>();
        if (filter.containsKey("keywordMatch")) {
            JsonObject keyword = object(filter.get("keywordMatch"), "filter.keywordMatch");
            onlyKeys(keyword, "filter.keywordMatch", Set.of("must", "mustNot"));
            keywords(kind, keyword, "must", must);
            keywords(kind, keyword, "mustNot", mustNot);
        }
        List<Range> ranges = new ArrayList<>();
        if (filter.containsKey("rangeQuery")) {
            JsonObject range = object(filter.get("rangeQuery"), "filter.rangeQuery");
            onlyKeys(range, "filter.rangeQuery", Set.of("must", "mustNot"));
            ranges(kind, range, "must", false, ranges);
            ranges(kind, range, "mustNot", true, ranges);
        }
        String text = null;
        if (filter.containsKey("text") && filter.get("text").getValueType() != JsonValue.ValueType.NULL) {
            if (!(filter.get("text") instanceof JsonString s)) {
                throw invalid("filter.text", "filter.text must be a string");
            }
            text = s.getString();
        }
        return new RecordFilter(must, mustNot, ranges, text);
    }

    /**
     * The filter of a list request's query parameters: {@code q} (text), {@code <column>=a,b} (must be one of),
     * {@code <column>.not=a,b} (must not be), {@code <column>.gte=...} (and gt, lte, lt). {@code reserved} names
     * the other parameters of the request, which are not columns.
     */
    public static RecordFilter fromQuery(RecordKind kind, Map<String, List<String>> parameters,
                                         Set<String> reserved) {
        Map<RecordColumn, List<Object>> must = new LinkedHashMap<>();
        Map<RecordColumn, List<Object>> mustNot = new LinkedHashMap<>();
        Map<RecordColumn, Map<String, Object>> bounds = new LinkedHashMap<>();
        String text = null;
        for (var parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            String value = parameter.getValue().isEmpty() ? "" : parameter.getValue().get(0);
            if (reserved.contains(name) || name.startsWith("_")) {
                continue;
            }
            if ("q".equals(name)) {
                text = value;
                continue;
            }
            int dot = name.lastIndexOf('.');
            String suffix = dot < 0 ? null : name.substring(dot + 1);
            RecordColumn column = column(kind, dot < 0 ? name : name.substring(0, dot), name);
            if (suffix == null || "not".equals(suffix)) {
                List<Object> values = new ArrayList<>();
                for (String item : value.split(",")) {
                    if (!item.isBlank()) {
                        values.add(typed(column, item.trim(), name));
                    }
                }
                if (!values.isEmpty()) {
                    (suffix == null ? must : mustNot).computeIfAbsent(column, c -> new ArrayList<>()).addAll(values);
                }
            } else if (OPERATORS.containsKey(suffix)) {
                requireOrdered(column, name);
                bounds.computeIfAbsent(column, c -> new LinkedHashMap<>()).put(suffix, typed(column, value, name));
            } else {
                throw invalid(name, "'" + suffix + "' is not an operator: use not, gte, gt, lte or lt");
            }
        }
        List<Range> ranges = bounds.entrySet().stream().map(b -> new Range(b.getKey(), b.getValue(), false)).toList();
        return new RecordFilter(must, mustNot, ranges, text);
    }

    private static void keywords(RecordKind kind, JsonObject keyword, String clause, Map<RecordColumn, List<Object>> into) {
        if (!keyword.containsKey(clause)) {
            return;
        }
        String path = "filter.keywordMatch." + clause;
        for (var entry : object(keyword.get(clause), path).entrySet()) {
            String field = path + "." + entry.getKey();
            RecordColumn column = column(kind, entry.getKey(), field);
            List<JsonValue> values = entry.getValue() instanceof JsonArray array ? array : List.of(entry.getValue());
            if (values.isEmpty()) {
                throw invalid(field, field + " lists no values");
            }
            List<Object> typed = new ArrayList<>();
            for (JsonValue value : values) {
                typed.add(typed(column, scalar(value, field), field));
            }
            into.computeIfAbsent(column, c -> new ArrayList<>()).addAll(typed);
        }
    }

    private static void ranges(RecordKind kind, JsonObject range, String clause, boolean negated, List<Range> into) {
        if (!range.containsKey(clause)) {
            return;
        }
        String path = "filter.rangeQuery." + clause;
        for (var entry : object(range.get(clause), path).entrySet()) {
            String field = path + "." + entry.getKey();
            RecordColumn column = column(kind, entry.getKey(), field);
            requireOrdered(column, field);
            JsonObject operators = object(entry.getValue(), field);
            if (operators.isEmpty()) {
                throw invalid(field, field + " gives no bound: use gte, gt, lte or lt");
            }
            Map<String, Object> bounds = new LinkedHashMap<>();
            for (var op : operators.entrySet()) {
                if (!OPERATORS.containsKey(op.getKey())) {
                    throw invalid(field + "." + op.getKey(),
                            "'" + op.getKey() + "' is not a range operator: use gte, gt, lte or lt");
                }
                bounds.put(op.getKey(), typed(column, scalar(op.getValue(), field + "." + op.getKey()), field));
            }
            into.add(new Range(column, bounds, negated));
        }
    }

    static RecordColumn column(RecordKind kind, String name, String field) {
        return kind.column(name).orElseThrow(() -> ProblemException.invalidField(field, "UNKNOWN_COLUMN",
                "'" + name + "' is not a " + kind.name() + " column; columns are " + kind.columns().stream()
                        .map(RecordColumn::apiName).toList()));
    }

    private static void requireOrdered(RecordColumn column, String field) {
        if (!column.type().ordered()) {
            throw invalid(field, "ranges apply to numbers and dates; " + column.apiName() + " is "
                    + column.type().name().toLowerCase(Locale.ROOT));
        }
    }

    private static Object typed(RecordColumn column, String text, String field) {
        if (text == null) {
            throw invalid(field, field + " must not be null");
        }
        try {
            Object value = column.parse(text);
            return column.lowerCase() ? ((String) value).trim().toLowerCase(Locale.ROOT) : value;
        } catch (IllegalArgumentException e) {
            throw invalid(field, e.getMessage());
        }
    }

    private static String scalar(JsonValue value, String field) {
        if (value instanceof JsonString s) {
            return s.getString();
        }
        if (value instanceof JsonNumber n) {
            return n.isIntegral() ? n.bigIntegerValueExact().toString() : n.toString();
        }
        throw invalid(field, field + " takes strings or numbers");
    }

    private static JsonObject object(JsonValue value, String field) {
        if (!(value instanceof JsonObject object)) {
            throw invalid(field, field + " must be a JSON object");
        }
        return object;
    }

    private static void onlyKeys(JsonObject object, String field, Set<String> allowed) {
        for (String key : object.keySet()) {
            if (!allowed.contains(key)) {
                throw invalid(field + "." + key, "'" + key + "' is not part of " + field + "; it takes " + allowed);
            }
        }
    }

    static ProblemException invalid(String field, String detail) {
        return ProblemException.invalidField(field, "INVALID_FILTER", detail);
    }
}
