package io.lading.security;

import io.lading.contacts.control.ContactRecords;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.imports.control.ColumnMapping;
import io.lading.imports.control.RowValidation;
import io.lading.imports.control.CsvRowSource;
import io.lading.imports.entity.SourceRow;
import io.lading.jobs.control.JobFailure;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bounds that keep a hostile CSV from taking the heap: field, column and record limits. */
class CsvRowSourceLimitsTest {

    /** CsvRowSource's limits, as SECURITY.md states them. */
    private static final int MAX_FIELD_CHARS = 32_767;
    private static final int MAX_COLUMNS = 1_000;


    @Test
    void aTenMegabyteCellIsCutSoTheRowFailsValidationInsteadOfFillingTheHeap() throws IOException {
        InputStream file = concat(bytes("email,company,city\r\nana@example.com,"),
                repeated('x', 10 << 20), bytes(",Lisbon\r\nbo@example.com,Acme,Porto\r\n"));
        try (CsvRowSource source = new CsvRowSource(file, StandardCharsets.UTF_8, null)) {
            SourceRow huge = source.nextRow();
            assertEquals(3, huge.values().length, "the delimiters after the cut still count");
            assertEquals(MAX_FIELD_CHARS, huge.values()[1].length());
            assertEquals("Lisbon", huge.values()[2]);
            var mapping = ColumnMapping.resolve(ContactRecords.KIND, source.header(), null);
            var rejected = (io.lading.imports.entity.ImportRow.Rejected) RowValidation.validate(huge, mapping);
            assertEquals("FIELD_TOO_LONG", rejected.code());
            assertArrayEquals(new String[] {"bo@example.com", "Acme", "Porto"}, source.nextRow().values(),
                    "the next row is read as usual");
            assertNull(source.nextRow());
        }
    }

    @Test
    void aHugeQuotedCellWithDoubledQuotesAndNewlinesIsCutToo() throws IOException {
        byte[] cell = ("line one\n" + "ab\"\"".repeat(3_000_000)).getBytes(StandardCharsets.US_ASCII);
        InputStream file = concat(bytes("email,note\nana@example.com,\""), new ByteArrayInputStream(cell),
                bytes("\"\nbo@example.com,short\n"));
        try (CsvRowSource source = new CsvRowSource(file, StandardCharsets.UTF_8, null)) {
            SourceRow huge = source.nextRow();
            assertEquals(2, huge.values().length);
            assertTrue(huge.values()[1].length() <= MAX_FIELD_CHARS, "cut");
            assertTrue(huge.values()[1].startsWith("line one\nab\"ab\""), "escaped quotes and newlines are content");
            assertEquals(2L, huge.row());
            SourceRow next = source.nextRow();
            assertArrayEquals(new String[] {"bo@example.com", "short"}, next.values());
            assertEquals(3L, next.row(), "a quoted multi-line value is still one row");
        }
    }

    @Test
    void aHeaderWiderThanTheColumnLimitIsRefused() {
        String header = String.join(",", Collections.nCopies(MAX_COLUMNS + 1, "c")) + "\n";
        JobFailure failure = assertThrows(JobFailure.class,
                () -> new CsvRowSource(bytes(header), StandardCharsets.UTF_8, null));
        assertEquals("TOO_MANY_COLUMNS", failure.code());
    }

    @Test
    void aRowWithAMillionDelimitersHasOneFieldMoreThanTheLimitAndNoMore() throws IOException {
        InputStream file = concat(bytes("email,name\n"), repeated(',', 1_000_000), bytes("\nbo@example.com,Bo\n"));
        try (CsvRowSource source = new CsvRowSource(file, StandardCharsets.UTF_8, ',')) {
            assertEquals(MAX_COLUMNS + 1, source.nextRow().values().length);
            assertEquals(List.of("bo@example.com", "Bo"), List.of(source.nextRow().values()));
        }
    }

    @Test
    void aRecordOverTheRecordLimitFailsTheFileWithItsRowNumber() {
        String wide = (",".repeat(1) + "y".repeat(30_000)).repeat(200);
        InputStream file = concat(bytes("a" + ",b".repeat(200) + "\nok,1\n"), bytes(wide + "\n"));
        JobFailure failure = assertThrows(JobFailure.class, () -> {
            try (CsvRowSource source = new CsvRowSource(file, StandardCharsets.UTF_8, ',')) {
                while (source.nextRow() != null) {
                    // read to the end
                }
            }
        });
        assertEquals("UNSUPPORTED_FORMAT", failure.code());
        assertTrue(failure.getMessage().contains("Row 3"), failure.getMessage());
    }

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static InputStream repeated(char c, int count) {
        return new InputStream() {
            private int left = count;

            @Override
            public int read() {
                return left-- > 0 ? c : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) c);
                left -= n;
                return n;
            }
        };
    }

    private static InputStream concat(InputStream... parts) {
        return new SequenceInputStream(Collections.enumeration(List.of(parts)));
    }
}
