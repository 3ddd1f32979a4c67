package io.lading.contacts.control;

import io.lading.contacts.entity.ContactColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An order of contacts: the caller's columns, then the id as the final tie-breaker, so the order is total and a
 * keyset (the last row's values) says exactly where the next page starts.
 */
public record ContactSort(List<Key> keys) {

    public record Key(ContactColumn column, boolean descending) {
    }

    /** One requested order-by entry as the API takes it; {@code field} names it in errors. */
    public record Requested(String column, String direction, String field) {
    }

    public static final ContactSort BY_ID = new ContactSort(List.of(new Key(ContactColumn.ID, false)));

    public static ContactSort of(List<Requested> requested) {
        List<Key> keys = new ArrayList<>();
        for (Requested r : requested) {
            ContactColumn column = ContactFilter.column(r.column(), r.field() + ".column");
            String direction = r.direction() == null ? "asc" : r.direction().trim().toLowerCase(Locale.ROOT);
            if (!direction.equals("asc") && !direction.equals("desc")) {
                throw ContactFilter.invalid(r.field() + ".direction", "direction must be asc or desc");
            }
            if (keys.stream().noneMatch(k -> k.column() == column)) {
                keys.add(new Key(column, direction.equals("desc")));
            }
        }
        if (keys.stream().noneMatch(k -> k.column() == ContactColumn.ID)) {
            keys.add(new Key(ContactColumn.ID, false));
        }
        return new ContactSort(List.copyOf(keys));
    }

    public List<ContactColumn> columns() {
        return keys.stream().map(Key::column).toList();
    }
}
