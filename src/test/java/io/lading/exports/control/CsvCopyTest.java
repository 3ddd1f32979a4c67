package io.lading.exports.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.RFC4180ParserBuilder;
import io.lading.companies.control.CompanyRecords;
import io.lading.contacts.control.ContactRecords;
import io.lading.contacts.entity.ContactColumn;
import io.lading.exports.entity.ExportFormat;
import io.lading.exports.entity.ExportParameters;
import io.lading.records.control.RecordKind;
import io.lading.records.entity.RecordColumn;
import io.lading.testsupport.MigratedDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The CSV that PostgreSQL's COPY writes is byte for byte the CSV the Java encoder writes from the same rows, on a
 * real PostgreSQL with the product's schema, over text that needs quoting, formula guards, accents, line breaks,
 * empty and missing values, and dates and timestamps at the edges of what java.time and PostgreSQL print alike.
 */
class CsvCopyTest {

    @RegisterExtension
    static final MigratedDatabase database = new MigratedDatabase();

    private static final String[] TEXTS = {
            null, "", "plain", "Zoë Łukasiewicz", "O'Brien", "say \"hi\"", "a,b", "line1\nline2", "line1\r\nline2",
            "cr\ronly", "=SUM(A1)", "+1 555", "-5", "@home", "\tTab", "\rCR", " leading space", "trailing ", "\\.",
            "\\", "naïve 日本語 😀", "\"", ",", "\n", "'quoted'", "=", "a\"\nb,c", "ends with quote\"", "-", "%_like",
            "x\ty", "München", "\u2028sep", "NULL", "\\N",
    };
    private static final String[] DATES = {
            null, "2020-02-03", "0001-01-01", "9999-12-31", "0999-12-31", "10000-01-01", "0044-03-15 BC",
            "1000-01-01 BC", "1970-01-01",
    };
    private static final String[] TIMESTAMPS = {
            "2024-01-02 03:04:00+00", "2024-01-02 03:04:05+00", "2024-01-02 03:04:05.12+00",
            "2024-01-02 03:04:05.123456+00", "2024-01-02 03:04:05.000001+00", "2024-01-02 00:30:05.1+02",
            "1999-12-31 23:59:59.999999-05", "0001-01-01 00:00:00+00", "10000-06-01 12:00:00+00",
            "0010-01-01 00:00:00+00 BC", "2024-02-29 23:00:00.001+00",
    };

    static Connection connection;
    static UUID tenant;
    static int contacts;

    @BeforeAll
    static void trickyRecords() throws Exception {
        connection = database.connect();
        tenant = UUID.randomUUID();
        try (Statement statement = connection.createStatement()) {
            statement.execute("insert into tenants (id, name) values ('" + tenant + "', '" + tenant + "')");
        }
        Random random = new Random(16);
        int companies = 60;
        try (PreparedStatement insert = connection.prepareStatement("insert into companies (tenant_id, name, domain,"
                + " industry, employees, country, city, phone, created_on, created_at, updated_at)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?::date, ?::timestamptz, ?::timestamptz)")) {
            for (int i = 0; i < companies; i++) {
                insert.setObject(1, tenant);
                insert.setString(2, "Co " + i + " " + text(random, "x"));
                insert.setString(3, "co" + i + ".example");
                insert.setString(4, text(random, null));
                insert.setObject(5, random.nextInt(5) == 0 ? null : random.nextInt(2000) - 100);
                insert.setString(6, text(random, null));
                insert.setString(7, text(random, null));
                insert.setString(8, text(random, null));
                // Infinite dates only where no export sorts by them (a sort key of infinity fails either way)
                insert.setString(9, i < 2 ? (i == 0 ? "infinity" : "-infinity") : DATES[random.nextInt(DATES.length)]);
                insert.setString(10, TIMESTAMPS[random.nextInt(TIMESTAMPS.length)]);
                insert.setString(11, TIMESTAMPS[random.nextInt(TIMESTAMPS.length)]);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        contacts = 2_000;
        try (PreparedStatement insert = connection.prepareStatement("insert into contacts (tenant_id, email,"
                + " first_name, last_name, phone, title, company, country, city, employees, created_on, created_at,"
                + " updated_at, company_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::date, ?::timestamptz,"
                + " ?::timestamptz, (select id from companies where tenant_id = ? and domain = ?))")) {
            for (int i = 0; i < contacts; i++) {
                String domain = "co" + random.nextInt(companies + 20) + ".example";
                insert.setObject(1, tenant);
                insert.setString(2, (random.nextInt(10) == 0 ? "=" : "") + "u" + i + "@" + domain);
                for (int column = 3; column <= 9; column++) {
                    insert.setString(column, text(random, null));
                }
                insert.setObject(10, random.nextInt(4) == 0 ? null : random.nextInt(100_000) - 50);
                insert.setString(11, DATES[random.nextInt(DATES.length)]);
                insert.setString(12, TIMESTAMPS[random.nextInt(TIMESTAMPS.length)]);
                insert.setString(13, TIMESTAMPS[random.nextInt(TIMESTAMPS.length)]);
                insert.setObject(14, tenant);
                insert.setString(15, domain);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        connection.setAutoCommit(false); // as in a chunk's transaction
    }

    /** One of the tricky texts, or (half the time) two glued together; {@code fallback} instead of null. */
    private static String text(Random random, String fallback) {
        String one = TEXTS[random.nextInt(TEXTS.length)];
        String text = random.nextBoolean() || one == null ? one : one + TEXTS[random.nextInt(TEXTS.length)];
        return text == null ? fallback : text;
    }

    @AfterAll
    static void close() throws Exception {
        connection.close();
    }

    @Test
    void everyContactColumnInTheDefaultOrder() throws Exception {
        List<String> all = Arrays.stream(ContactColumn.values()).map(RecordColumn::apiName).toList();
        assertSameBytes(ContactRecords.KIND, new ExportParameters("csv", all, null, null), 97, contacts);
    }

    @Test
    void theTenFieldsFilteredAndOrderedByNullableColumns() throws Exception {
        List<String> fields = List.of("email", "firstName", "lastName", "phone", "title", "company", "country",
                "city", "employees", "createdOn");
        String filter = "{\"keywordMatch\": {\"mustNot\": {\"country\": [\"O'Brien\", \"a,b\"]}},"
                + " \"rangeQuery\": {\"must\": {\"employees\": {\"gte\": -10}}}}";
        assertSameBytes(ContactRecords.KIND, new ExportParameters("csv", fields, filter, List.of(
                new ExportParameters.Order("lastName", "desc"), new ExportParameters.Order("createdOn", "asc"))),
                50, -1);
    }

    @Test
    void aTextFilterWithQuotesAndOrderByTimestamp() throws Exception {
        assertSameBytes(ContactRecords.KIND, new ExportParameters("csv", List.of("companyName", "email", "updatedAt"),
                "{\"text\": \"o'b\"}", List.of(new ExportParameters.Order("updatedAt", "asc"))), 3, -1);
        assertSameBytes(ContactRecords.KIND, new ExportParameters("csv", List.of("title", "createdAt"),
                "{\"text\": \"\\\\\"}", List.of(new ExportParameters.Order("createdAt", "desc"))), 11, -1);
    }

    @Test
    void everyCompanyColumnOrderedByEmployees() throws Exception {
        List<String> all = CompanyRecords.KIND.columns().stream().map(RecordColumn::apiName).toList();
        assertSameBytes(CompanyRecords.KIND, new ExportParameters("csv", all, null, List.of(
                new ExportParameters.Order("employees", "desc"))), 7, 60);
    }

    @Test
    void aSingleTextColumnOrderedByItselfWithEmptyAndMissingValues() throws Exception {
        // a lone cell of \. is one COPY would quote; the sort key cells that follow it keep it from being alone
        assertSameBytes(ContactRecords.KIND, new ExportParameters("csv", List.of("title"), null,
                List.of(new ExportParameters.Order("title", "desc"))), 9, -1);
        assertFalse(CsvCopy.applies(ExportQuery.of(ContactRecords.KIND, tenant, new ExportParameters("json",
                List.of("title", "email"), null, null))));
    }

    /** Writes the export both ways, page by page, and compares; {@code rows} is the expected count or -1. */
    private static void assertSameBytes(RecordKind kind, ExportParameters parameters, int pageSize, int rows)
            throws Exception {
        ExportQuery query = ExportQuery.of(kind, tenant, parameters);
        assertTrue(CsvCopy.applies(query));
        assertEquals(ExportFormat.CSV, query.format);

        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        ExportEncoder encoder = ExportEncoder.of(ExportFormat.CSV, query.selected, encoded);
        encoder.begin(0);
        long encodedRows = 0;
        List<Object> last = null;
        for (List<ExportItem> page; !(page = query.page(connection, last, pageSize)).isEmpty(); ) {
            for (ExportItem item : page) {
                encoder.row(item.values());
            }
            encodedRows += page.size();
            last = page.get(page.size() - 1).key();
        }
        encoder.end();

        ByteArrayOutputStream copied = new ByteArrayOutputStream();
        ExportEncoder header = ExportEncoder.of(ExportFormat.CSV, query.selected, copied);
        header.begin(0);
        header.flush();
        long copiedRows = 0;
        int ranges = 0;
        last = null;
        do {
            CsvCopy.Copied range = CsvCopy.copy(connection, query, new ExportChunk.Range(last, pageSize), copied);
            assertTrue(range.rows() <= pageSize, "a range holds a page at most: " + range.rows());
            copiedRows += range.rows();
            last = range.rows() < pageSize ? null : range.lastKey();
            ranges++;
        } while (last != null);

        if (rows >= 0) {
            assertEquals(rows, encodedRows);
        }
        assertTrue(encodedRows > pageSize, "several pages: " + encodedRows);
        assertEquals(encodedRows, copiedRows);
        assertEquals(encodedRows / pageSize + 1, ranges);
        String expected = encoded.toString(StandardCharsets.UTF_8);
        String actual = copied.toString(StandardCharsets.UTF_8);
        if (!expected.equals(actual)) {
            int at = 0;
            while (at < Math.min(expected.length(), actual.length()) && expected.charAt(at) == actual.charAt(at)) {
                at++;
            }
            int from = Math.max(0, expected.lastIndexOf("\r\n", at - 1));
            assertEquals(expected.substring(from, Math.min(expected.length(), at + 80)),
                    actual.substring(from, Math.min(actual.length(), at + 80)), "first difference at char " + at);
        }
        assertArrayEquals(encoded.toByteArray(), copied.toByteArray());
        try (CSVReader reader = new CSVReaderBuilder(new InputStreamReader(new ByteArrayInputStream(
                copied.toByteArray()), StandardCharsets.UTF_8)).withCSVParser(new RFC4180ParserBuilder().build())
                .build()) {
            assertEquals(encodedRows + 1, reader.readAll().size());
        }
    }
}
