package io.lading.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PageTest {

    private static final OffsetDateTime AT = OffsetDateTime.parse("2026-01-31T10:00:00Z");

    private static Cursor cursorOf(Integer row) {
        return new Cursor(AT.minusSeconds(row), new UUID(0, row));
    }

    @Test
    void aQueryThatFoundNoMoreThanTheLimitIsTheLastPage() {
        Page<Integer> page = Page.of(List.of(1, 2, 3), 3, PageTest::cursorOf);
        assertEquals(List.of(1, 2, 3), page.items());
        assertNull(page.nextCursor());
    }

    @Test
    void theExtraRowIsLeftOutAndTheCursorPointsAfterTheLastRowShown() {
        Page<Integer> page = Page.of(List.of(1, 2, 3, 4), 3, PageTest::cursorOf);
        assertEquals(List.of(1, 2, 3), page.items());
        assertEquals(cursorOf(3), Cursor.decode(page.nextCursor()));
    }

    @Test
    void mappingKeepsTheCursor() {
        Page<String> page = Page.of(List.of(1, 2), 1, PageTest::cursorOf).map(row -> "row " + row);
        assertEquals(List.of("row 1"), page.items());
        assertEquals(cursorOf(1), Cursor.decode(page.nextCursor()));
    }
}
