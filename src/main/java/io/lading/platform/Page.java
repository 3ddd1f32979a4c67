package io.lading.platform;

import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of a list, newest first, with the cursor of the next page (null on the last page). */
public record Page<T>(List<T> items, @Schema(nullable = true) String nextCursor) {

    /**
     * The page from a query that read one row more than {@code limit}: that extra row only says a next page exists,
     * whose cursor is taken from the page's last row.
     */
    public static <T> Page<T> of(List<T> rowsPlusOne, int limit, Function<T, Cursor> cursorOf) {
        if (rowsPlusOne.size() <= limit) {
            return new Page<>(rowsPlusOne, null);
        }
        List<T> page = rowsPlusOne.subList(0, limit);
        return new Page<>(page, cursorOf.apply(page.get(page.size() - 1)).encode());
    }

    public <R> Page<R> map(Function<T, R> view) {
        return new Page<>(items.stream().map(view).toList(), nextCursor);
    }
}
