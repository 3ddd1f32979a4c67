package io.lading.records.control;

import io.lading.records.entity.RecordColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An order of records: the caller's columns, then the id as the final tie-breaker, so the order is total and a
 * keyset (the last row's values) says exactly where the next page starts.
 */
public record RecordSort(List<Key> keys) {

    public record Key(RecordColumn column, boolean descending) {
    }

    /** One requested order-by entry as the API takes it; {@code field} names it in errors. */
    public record Requested(String column, String direction, String field) {
    }

    /** By id alone. */
    public static RecordSort byId(RecordKind kind) {
        return new RecordSort(List.of(new Key(kind.idColumn(), false)));
    }

    public static RecordSort of(RecordKind kind, List<Requested> requested) {
        List<Key> keys = new ArrayList<>();
        for (Requested r : requested) {
            RecordColumn column = RecordFilter.column(kind, r.column(), r.field() + ".column");
            String direction = r.direction() == null ? "asc" : r.direction().trim().toLowerCase(Locale.ROOT);
            if (!direction.equals("asc") && !direction.equals("desc")) {
                throw RecordFilter.invalid(r.field() + ".direction", "direction must be asc or desc");
            }
            if (keys.stream().noneMatch(k -> k.column() == column)) {
                keys.add(new Key(column, direction.equals("desc")));
            }
        }
        if (keys.stream().noneMatch(k -> k.column() == kind.idColumn())) {
            keys.add(new Key(kind.idColumn(), false));
        }
        return new RecordSort(List.copyOf(keys));
    }

    public List<RecordColumn> columns() {
        return keys.stream().map(Key::column).toList();
    }
}
