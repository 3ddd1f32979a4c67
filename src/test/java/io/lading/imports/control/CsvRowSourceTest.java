package io.lading.imports.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.imports.entity.SourceRow;
import io.lading.jobs.control.JobFailure;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvRowSourceTest {

    private static final Charset CP1252 = Charset.forName("windows-1252");

    @Test
    void quotedFieldsKeepCommasDoubledQuotesAndNewlines() throws IOException {
        String csv = "email,note,city\r\n"
                + "ana@example.com,\"Hello, \"\"world\"\"\nsecond line\",\"Lisbon, PT\"\r\n"
                + "bo@example.com,,Porto";

        List<SourceRow> rows = readAll(csv);

        assertEquals(2, rows.size());
        assertArrayEquals(new String[] {"ana@example.com", "Hello, \"world\"\nsecond line", "Lisbon, PT"},
                rows.get(0).values());
        assertArrayEquals(new String[] {"bo@example.com", "", "Porto"}, rows.get(1).values(),
                "the last line has no line end, and an empty field stays empty");
    }

    @Test
    void rowNumbersFollowTheSpreadsheetWithTheHeaderAsRowOne() throws IOException {
        String csv = "email,note\n"
                + "ana@example.com,\"two\nphysical lines\"\n"
                + "bo@example.com,one line\n"
                + "cy@example.com,\"three\nphysical\nlines\"\n"
                + "di@example.com,last\n";

        List<SourceRow> rows = readAll(csv);

        assertEquals(List.of(2L, 3L, 4L, 5L), rows.stream().map(SourceRow::row).toList());
        assertEquals("di@example.com", rows.get(3).values()[0]);
    }

    @Test
    void blankLinesAreSkippedButKeepTheirRowNumbers() throws IOException {
        String csv = "email\n\nana@example.com\n   \n\nbo@example.com\n\n";

        List<SourceRow> rows = readAll(csv);

        assertEquals(List.of("ana@example.com", "bo@example.com"), rows.stream().map(r -> r.values()[0]).toList());
        assertEquals(List.of(3L, 6L), rows.stream().map(SourceRow::row).toList(),
                "a spreadsheet shows blank rows too, so error reports must count them");
    }

    @Test
    void utf8ByteOrderMarkIsStrippedFromTheFirstHeader() throws IOException {
        byte[] csv = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                "Email,Name\r\nana@example.com,Ana\r\n".getBytes(StandardCharsets.UTF_8));

        try (CsvRowSource source = new CsvRowSource(new ByteArrayInputStream(csv), StandardCharsets.UTF_8, null)) {
            assertArrayEquals(new String[] {"Email", "Name"}, source.header());
            assertEquals(5, source.header()[0].length(), "no invisible character left in front");
            assertArrayEquals(new String[] {"ana@example.com", "Ana"}, source.nextRow().values());
        }
    }

    @Test
    void fileWithoutByteOrderMarkKeepsItsFirstBytes() throws IOException {
        try (CsvRowSource source = source("em\nx\n")) {
            assertArrayEquals(new String[] {"em"}, source.header());
            assertArrayEquals(new String[] {"x"}, source.nextRow().values());
        }
    }

    @Test
    void headerCellsAreTrimmed() throws IOException {
        try (CsvRowSource source = source(" email ,  First Name  \nana@example.com,Ana\n")) {
            assertArrayEquals(new String[] {"email", "First Name"}, source.header());
        }
    }

    @ParameterizedTest
    @ValueSource(chars = {',', ';', '\t', '|'})
    void delimiterIsDetectedFromTheHeader(char delimiter) throws IOException {
        String d = String.valueOf(delimiter);
        String csv = String.join(d, "email", "first name", "company") + "\n"
                + String.join(d, "ana@example.com", "Ana", "\"Acme" + d + " Inc\"") + "\n";

        try (CsvRowSource source = source(csv)) {
            assertEquals(delimiter, source.delimiter());
            assertArrayEquals(new String[] {"email", "first name", "company"}, source.header());
            assertArrayEquals(new String[] {"ana@example.com", "Ana", "Acme" + d + " Inc"}, source.nextRow().values());
        }
    }

    @Test
    void delimitersInsideQuotedHeaderCellsDoNotCount() throws IOException {
        try (CsvRowSource source = source("\"Name, full, as written\";email;phone\nAna;ana@example.com;1\n")) {
            assertEquals(';', source.delimiter());
            assertArrayEquals(new String[] {"Name, full, as written", "email", "phone"}, source.header());
        }
    }

    @Test
    void singleColumnFileDefaultsToComma() throws IOException {
        try (CsvRowSource source = source("email\nana@example.com\n")) {
            assertEquals(',', source.delimiter());
        }
    }

    @Test
    void givenDelimiterIsUsedInsteadOfDetection() throws IOException {
        try (CsvRowSource source = new CsvRowSource(
                new ByteArrayInputStream("email;a,b,c\nana@example.com;1,2,3\n".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8, ';')) {
            assertEquals(';', source.delimiter());
            assertArrayEquals(new String[] {"email", "a,b,c"}, source.header());
            assertArrayEquals(new String[] {"ana@example.com", "1,2,3"}, source.nextRow().values());
        }
    }

    @Test
    void windows1252BytesDecodeWithThatCharset() throws IOException {
        byte[] csv = "email;last name;city\nana@example.com;Müller;Zürich\n".getBytes(CP1252);
        assertEquals((byte) 0xFC, csv[csv.length - 6], "the file really is cp1252: ü is one byte");

        try (CsvRowSource source = new CsvRowSource(new ByteArrayInputStream(csv), CP1252, null)) {
            assertEquals(';', source.delimiter());
            assertArrayEquals(new String[] {"ana@example.com", "Müller", "Zürich"}, source.nextRow().values());
        }
    }

    @Test
    void emptyStreamFailsAsEmptyFile() {
        JobFailure failure = assertThrows(JobFailure.class, () -> source(""));

        assertEquals("EMPTY_FILE", failure.code());
        assertFalse(failure.retryable());
    }

    @Test
    void streamOfOnlyAByteOrderMarkOrBlankLinesFailsAsEmptyFile() {
        byte[] bomOnly = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

        assertEquals("EMPTY_FILE", assertThrows(JobFailure.class,
                () -> new CsvRowSource(new ByteArrayInputStream(bomOnly), StandardCharsets.UTF_8, null)).code());
        assertEquals("EMPTY_FILE", assertThrows(JobFailure.class, () -> source("\n\n")).code());
    }

    @Test
    void headerOnlyFileHasNoRows() throws IOException {
        try (CsvRowSource source = source("email,name\n")) {
            assertArrayEquals(new String[] {"email", "name"}, source.header());
            assertNull(source.nextRow());
        }
    }

    @Test
    void unclosedQuoteStopsTheReadInsteadOfSwallowingTheRestOfTheFile() throws IOException {
        try (CsvRowSource source = source(unclosedQuoteFollowedBy(250))) {
            assertThrows(Exception.class, source::nextRow);
        }
    }

    @Test
    void unclosedQuoteSpanningMoreThan200LinesFailsAsUnsupportedFormat() throws IOException {
        try (CsvRowSource source = source(unclosedQuoteFollowedBy(250))) {
            JobFailure failure = assertThrows(JobFailure.class, source::nextRow);

            assertEquals("UNSUPPORTED_FORMAT", failure.code());
            assertFalse(failure.retryable());
        }
    }

    @Test
    void unclosedQuoteAtTheEndOfTheFileFailsAsUnsupportedFormat() throws IOException {
        try (CsvRowSource source = source(unclosedQuoteFollowedBy(1))) {
            JobFailure failure = assertThrows(JobFailure.class, source::nextRow);

            assertEquals("UNSUPPORTED_FORMAT", failure.code());
        }
    }

    @Test
    void bytesReadGrowsWithTheRowsAndEndsAtTheInputLength() throws IOException {
        StringBuilder csv = new StringBuilder("email,first name,note\n");
        for (int i = 0; csv.length() < 1_000_000; i++) {
            csv.append("person").append(i).append("@example.com,Name ").append(i).append(",\"a, b\"\n");
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);

        List<Long> progress = new ArrayList<>();
        long rows = 0;
        try (CsvRowSource source = new CsvRowSource(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8, null)) {
            long before = source.bytesRead();
            for (SourceRow row = source.nextRow(); row != null; row = source.nextRow()) {
                assertEquals(source.bytesRead(), row.bytesRead(), "a row carries the count at the time it was read");
                progress.add(row.bytesRead());
                rows++;
            }
            assertTrue(before < bytes.length, "the header alone does not read the whole file: " + before);
            assertEquals(bytes.length, source.bytesRead());
        }

        assertTrue(rows > 10_000);
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i) >= progress.get(i - 1), "bytesRead never goes back, at row " + i);
        }
        assertTrue(progress.get(0) < bytes.length / 2, "progress starts low: " + progress.get(0));
        assertTrue(progress.get(progress.size() / 2) > progress.get(0), "progress grows along the file");
    }

    // --- helpers ------------------------------------------------------------------------------------------

    private static String unclosedQuoteFollowedBy(int lines) {
        StringBuilder csv = new StringBuilder("email,note\na@example.com,\"open\n");
        for (int i = 0; i < lines; i++) {
            csv.append("b").append(i).append("@example.com,x\n");
        }
        return csv.toString();
    }

    private static CsvRowSource source(String csv) throws IOException {
        return new CsvRowSource(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8,
                null);
    }

    private static List<SourceRow> readAll(String csv) throws IOException {
        List<SourceRow> rows = new ArrayList<>();
        try (CsvRowSource source = source(csv)) {
            for (SourceRow row = source.nextRow(); row != null; row = source.nextRow()) {
                rows.add(row);
            }
        }
        return rows;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
