package io.lading.exports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.opencsv.CSVReader;
import io.lading.testsupport.ApiClient;
import io.lading.testsupport.Bucket;
import io.lading.testsupport.ContactsCsv;
import io.lading.testsupport.Database;
import io.lading.testsupport.LadingDeployment;
import io.lading.testsupport.TestServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Exports end to end: a generated file is imported, then exported with filters in every format; each downloaded
 * file is parsed and compared, row by row and in order, with what a hand-written SQL query over the same tenant
 * selects.
 */
@ExtendWith(ArquillianExtension.class)
class ExportIT {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int ROWS = 12_000;
    /**
     * Enough rows for an export to run for several seconds (about 300 MB of CSV, many parts), longer than a cancel
     * takes to land: up to a heartbeat (2 s) and then the chunk under way, while a CSV export here writes some
     * 300,000 rows a second.
     */
    private static final int LARGE_EXPORT_ROWS = Integer.getInteger("lading.test.largeExportRows", 2_000_000);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return LadingDeployment.war();
    }

    private final ApiClient admin = ApiClient.admin();

    /** A tenant with ROWS generated contacts plus two whose values would run as spreadsheet formulas. */
    private ApiClient tenantWithContacts(String name) {
        ApiClient tenant = admin.newTenant(name + "-" + UUID.randomUUID());
        String file = ContactsCsv.rows(ROWS).domain("export.example.com").text()
                + "formula.1@export.example.com,=HYPERLINK(\"http://evil.example\"),Doe,+1 555 0100,@SUM(A1),"
                + "-2+3 Acme,USA,Austin,77,2021-05-06\r\n"
                + "formula.2@export.example.com,\"\tTabbed\",Roe,,=1+2,Acme,Germany,Berlin,5000,2019-01-02\r\n";
        String jobId = tenant.postFile("/api/contacts/import?fileName=export.csv",
                file.getBytes(StandardCharsets.UTF_8), "text/csv").json().getString("id");
        JsonObject imported = tenant.awaitSettled(jobId, JOB_TIMEOUT);
        assertEquals("completed", imported.getString("status"), imported.toString());
        assertEquals(ROWS + 2, imported.getInt("createdRows"));
        return tenant;
    }

    @Test
    void filteredExportsHoldExactlyWhatSqlSelectsInEveryFormat() throws Exception {
        ApiClient tenant = tenantWithContacts("export-formats");
        UUID tenantId = tenantFromDb(tenant);

        // Everything, over two keyset pages (10,000 rows each) ordered by non-unique columns: CSV.
        JsonObject all = export(tenant, "csv", List.of("email", "firstName", "phone", "title", "company", "country",
                "employees", "createdOn"), JsonValue.NULL, order("country", "desc", "employees", "asc"));
        List<List<String>> expectedAll = select(
                "select email, first_name, phone, title, company, country, employees, created_on from contacts"
                        + " where tenant_id = ? order by country desc, employees asc, id asc", tenantId);
        assertEquals(ROWS + 2, expectedAll.size());
        assertEquals(ROWS + 2, all.getInt("rowCount"));
        byte[] csv = download(tenant, all);
        assertEquals(all.getString("sha256"), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(csv)));
        assertEquals(csv.length, all.getJsonNumber("fileSize").longValue());
        assertEquals(neutralised(expectedAll), csvRows(csv, "email,firstName,phone,title,company,country,employees,createdOn"));

        // A country list: JSON, values as they are (JSON is no spreadsheet).
        JsonObject countries = export(tenant, "json", List.of("id", "email", "country", "employees", "title"),
                Json.createObjectBuilder().add("keywordMatch", Json.createObjectBuilder()
                        .add("must", Json.createObjectBuilder().add("country", Json.createArrayBuilder().add("USA").add("Poland")))
                        .add("mustNot", Json.createObjectBuilder().add("city", "Kraków"))).build(),
                order("email", "asc"));
        List<List<String>> expectedCountries = select("""
                select id, email, country, employees, title from contacts
                 where tenant_id = ? and country in ('USA', 'Poland') and (city is null or city <> 'Kraków')
                 order by email asc, id asc""", tenantId);
        assertTrue(expectedCountries.size() > 1000, "the filter selects a real share: " + expectedCountries.size());
        JsonArray json = Json.createReader(new StringReader(new String(download(tenant, countries), StandardCharsets.UTF_8)))
                .readArray();
        List<List<String>> exportedCountries = new ArrayList<>();
        for (JsonValue value : json) {
            JsonObject row = value.asJsonObject();
            exportedCountries.add(List.of(row.getString("id"), row.getString("email"), row.getString("country"),
                    row.get("employees").toString(), row.getString("title")));
        }
        assertEquals(expectedCountries, exportedCountries);
        assertEquals(expectedCountries.size(), countries.getInt("rowCount"));
        assertTrue(exportedCountries.stream().anyMatch(r -> r.get(4).equals("@SUM(A1)")));

        // An employee range with free text: XLSX, preview first with GET /api/contacts.
        JsonObject rangeFilter = Json.createObjectBuilder()
                .add("rangeQuery", Json.createObjectBuilder().add("must", Json.createObjectBuilder()
                        .add("employees", Json.createObjectBuilder().add("gte", 50).add("lte", 5000))))
                .add("text", "acme").build();
        long preview = tenant.get("/api/contacts?limit=1&q=acme&employees.gte=50&employees.lte=5000").json()
                .getJsonNumber("total").longValue();
        JsonObject range = export(tenant, "xlsx", List.of("email", "lastName", "title", "company", "employees",
                "createdAt"), rangeFilter, order("createdOn", "desc"));
        List<List<String>> expectedRange = select("""
                select email, last_name, title, company, employees, created_at from contacts
                 where tenant_id = ? and employees >= 50 and employees <= 5000
                   and (email ilike '%acme%' or first_name ilike '%acme%' or last_name ilike '%acme%' or company ilike '%acme%')
                 order by created_on desc, id asc""", tenantId);
        assertEquals(expectedRange.size(), preview);
        assertEquals(expectedRange.size(), range.getInt("rowCount"));
        assertTrue(expectedRange.size() > 100, "the filter selects a real share: " + expectedRange.size());
        List<List<String>> xlsx = xlsxRows(download(tenant, range));
        assertEquals(List.of("email", "lastName", "title", "company", "employees", "createdAt"), xlsx.get(0));
        assertEquals(neutralised(expectedRange), xlsx.subList(1, xlsx.size()));
        assertTrue(xlsx.stream().anyMatch(r -> r.get(0).equals("formula.1@export.example.com")
                && r.get(2).equals("'@SUM(A1)") && r.get(3).equals("'-2+3 Acme")));

        // JSON Lines of the same range.
        JsonObject lines = export(tenant, "jsonl", List.of("email"), rangeFilter, order("createdOn", "desc"));
        String[] jsonl = new String(download(tenant, lines), StandardCharsets.UTF_8).split("\n");
        assertEquals(expectedRange.size(), jsonl.length);
        assertEquals(expectedRange.get(0).get(0), Json.createReader(new StringReader(jsonl[0])).readObject().getString("email"));
    }

    @Test
    void formulaLeadingValuesComeBackNeutralisedInCsv() throws Exception {
        ApiClient tenant = admin.newTenant("export-formula-" + UUID.randomUUID());
        String file = "email,first_name,title,company\r\n"
                + "f1@formula.example.com,=HYPERLINK(\"http://evil.example\"),@SUM(A1),-2+3\r\n"
                + "f2@formula.example.com,Plain,+cmd,Plain\r\n";
        String importId = tenant.postFile("/api/contacts/import?fileName=f.csv", file.getBytes(StandardCharsets.UTF_8),
                "text/csv").json().getString("id");
        assertEquals("completed", tenant.awaitSettled(importId, JOB_TIMEOUT).getString("status"));
        // Imports trim whitespace, so leading tabs and CRs are written directly, as another writer might.
        try (Connection c = Database.connect(); PreparedStatement insert = c.prepareStatement("""
                insert into contacts (id, tenant_id, email, first_name, title, company)
                values (gen_random_uuid(), ?, 'f3@formula.example.com', ?, ?, 'Plain')""")) {
            insert.setObject(1, tenantFromDb(tenant));
            insert.setString(2, "\tTab");
            insert.setString(3, "\rCR");
            insert.executeUpdate();
        }

        JsonObject job = export(tenant, "csv", List.of("email", "firstName", "title", "company"), JsonValue.NULL,
                order("email", "asc"));

        byte[] csv = download(tenant, job);
        List<List<String>> rows = csvRows(csv, "email,firstName,title,company");
        assertEquals(List.of("f1@formula.example.com", "'=HYPERLINK(\"http://evil.example\")", "'@SUM(A1)", "'-2+3"),
                rows.get(0));
        assertEquals(List.of("f2@formula.example.com", "Plain", "'+cmd", "Plain"), rows.get(1));
        assertEquals("'\tTab", rows.get(2).get(1));
        // opencsv reads a quoted CR as a line break; the bytes say what was written:
        assertTrue(new String(csv, StandardCharsets.UTF_8).contains("f3@formula.example.com,'\tTab,\"'\rCR\",Plain\r\n"));

        JsonObject sheet = export(tenant, "xlsx", List.of("email", "firstName", "title"), JsonValue.NULL,
                order("email", "asc"));
        List<List<String>> cells = xlsxRows(download(tenant, sheet));
        assertEquals(List.of("f1@formula.example.com", "'=HYPERLINK(\"http://evil.example\")", "'@SUM(A1)"), cells.get(1));
        assertEquals(List.of("f3@formula.example.com", "'\tTab", "'\rCR"), cells.get(3));
    }

    @Test
    void badColumnsOperatorsAndInjectionAttemptsGet400BeforeAnyJob() {
        ApiClient tenant = admin.newTenant("export-refused-" + UUID.randomUUID());
        record Case(JsonObject body, int status, String code, String field) {
        }
        JsonArrayBuilder email = Json.createArrayBuilder().add("email");
        List<Case> cases = List.of(
                new Case(Json.createObjectBuilder().add("format", "csv").build(), 400, "MISSING_SELECT_COLUMNS", "selectColumns"),
                new Case(Json.createObjectBuilder().add("format", "pdf").add("selectColumns", email).build(), 400,
                        "UNSUPPORTED_FORMAT", "format"),
                new Case(Json.createObjectBuilder().add("format", "csv").add("selectColumns",
                        Json.createArrayBuilder().add("email").add("email, (select key_hash from api_keys limit 1)")).build(),
                        400, "UNKNOWN_COLUMN", "selectColumns[1]"),
                new Case(Json.createObjectBuilder().add("format", "csv").add("selectColumns", Json.createArrayBuilder().add("email"))
                        .add("orderBy", Json.createArrayBuilder().add(Json.createObjectBuilder()
                                .add("column", "email; drop table contacts").add("direction", "asc"))).build(),
                        400, "UNKNOWN_COLUMN", "orderBy[0].column"),
                new Case(Json.createObjectBuilder().add("format", "csv").add("selectColumns", Json.createArrayBuilder().add("email"))
                        .add("orderBy", Json.createArrayBuilder().add(Json.createObjectBuilder()
                                .add("column", "email").add("direction", "asc, (select 1)"))).build(),
                        400, "INVALID_FILTER", "orderBy[0].direction"),
                new Case(Json.createObjectBuilder().add("format", "csv").add("selectColumns", Json.createArrayBuilder().add("email"))
                        .add("filter", Json.createObjectBuilder().add("keywordMatch", Json.createObjectBuilder()
                                .add("must", Json.createObjectBuilder().add("1=1 or country", "x")))).build(),
                        400, "UNKNOWN_COLUMN", "filter.keywordMatch.must.1=1 or country"),
                new Case(Json.createObjectBuilder().add("format", "csv").add("selectColumns", Json.createArrayBuilder().add("email"))
                        .add("filter", Json.createObjectBuilder().add("rangeQuery", Json.createObjectBuilder()
                                .add("must", Json.createObjectBuilder().add("employees",
                                        Json.createObjectBuilder().add("like", 5))))).build(),
                        400, "INVALID_FILTER", "filter.rangeQuery.must.employees.like"));
        for (Case c : cases) {
            ApiClient.Response refused = tenant.post("/api/contacts/export", c.body());
            assertEquals(c.status(), refused.status(), c.body() + " → " + refused.body());
            assertEquals("application/problem+json", refused.header("Content-Type"));
            assertEquals(c.code(), refused.json().getString("code"), refused.body());
            assertEquals(c.field(), refused.json().getString("field", null), refused.body());
        }
        assertEquals(0, tenant.get("/api/contacts/export").json().getJsonArray("items").size());
        assertEquals("UNKNOWN_COLUMN", tenant.get("/api/contacts?key_hash=x").json().getString("code"));
        assertEquals("INVALID_FILTER", tenant.get("/api/contacts?employees.gte=many").json().getString("code"));
    }

    @Test
    void theExpiryDeletesTheFileAndDownloadAnswers410() throws Exception {
        ApiClient tenant = admin.newTenant("export-expiry-" + UUID.randomUUID());
        String importId = tenant.postFile("/api/contacts/import?fileName=e.csv",
                ContactsCsv.rows(20).domain("expiry.example.com").bytes(), "text/csv").json().getString("id");
        tenant.awaitSettled(importId, JOB_TIMEOUT);
        ApiClient.Response accepted = tenant.post("/api/contacts/export", Json.createObjectBuilder().add("format", "csv")
                .add("selectColumns", Json.createArrayBuilder().add("email")).build());
        assertEquals(202, accepted.status(), accepted.body());
        String id = accepted.json().getString("id");
        assertTrue(accepted.header("Location").endsWith("/api/contacts/export/" + id));
        ApiClient.Response early = tenant.get("/api/contacts/export/" + id + "/download");
        if (early.status() != 200) {
            assertEquals(400, early.status(), early.body());
            assertEquals("EXPORT_NOT_READY", early.json().getString("code"));
        }
        JsonObject job = tenant.awaitSettled(id, JOB_TIMEOUT);
        assertEquals("completed", job.getString("status"), job.toString());
        assertNotNull(job.getString("expiresAt"));
        String url = tenant.get("/api/contacts/export/" + id + "/download").json().getString("downloadUrl");
        assertEquals(200, fetch(url).statusCode());

        ApiClient.Response run = admin.post("/api/admin/exports/expire?olderThanSeconds=0&tenantId=" + job.getString("tenantId"));
        assertEquals(200, run.status(), run.body());
        assertEquals(1, run.json().getInt("expired"));

        assertEquals("expired", tenant.get("/api/contacts/export/" + id).json().getString("status"));
        ApiClient.Response gone = tenant.get("/api/contacts/export/" + id + "/download");
        assertEquals(410, gone.status(), gone.body());
        assertEquals("EXPORT_EXPIRED", gone.json().getString("code"));
        assertEquals(404, fetch(url).statusCode(), "the file itself is deleted, not only the link refused");
        assertEquals(403, tenant.post("/api/admin/exports/expire?olderThanSeconds=0").status());
        assertEquals(404, admin.newTenant("export-stranger-" + UUID.randomUUID()).get("/api/contacts/export/" + id).status());
    }

    @Test
    void aRunningExportShowsItsProgressAndACancelStopsItAndDropsItsUpload() throws Exception {
        String name = "export-cancel-" + UUID.randomUUID();
        ApiClient tenant = admin.newTenant(name);
        UUID tenantId = tenantNamed(name);
        // Written straight into the table: the test is about the export, and an import of this size takes minutes.
        try (Connection c = Database.connect(); PreparedStatement insert = c.prepareStatement("""
                insert into contacts (id, tenant_id, email, first_name, last_name, phone, title, company, country,
                                      city, employees, created_on)
                select gen_random_uuid(), ?, 'c' || n || '@cancel-export.example.com', 'First ' || n, 'Last ' || n,
                       '+1 555 ' || n, 'Title ' || (n % 50), 'Company ' || (n % 997), 'Country ' || (n % 40),
                       'City ' || (n % 300), n % 5000, date '2020-01-01' + (n % 1500)
                  from generate_series(1, ?) n""")) {
            insert.setObject(1, tenantId);
            insert.setInt(2, LARGE_EXPORT_ROWS);
            assertEquals(LARGE_EXPORT_ROWS, insert.executeUpdate());
        }

        ApiClient.Response accepted = tenant.post("/api/contacts/export", Json.createObjectBuilder().add("format", "csv")
                .add("selectColumns", Json.createArrayBuilder().add("id").add("email").add("firstName").add("lastName")
                        .add("phone").add("title").add("company").add("country").add("city").add("employees")
                        .add("createdOn").add("createdAt")).build());
        assertEquals(202, accepted.status(), accepted.body());
        String id = accepted.json().getString("id");
        String key = fileKey(UUID.fromString(id));

        // Progress while it runs: rows written of the estimated total, rising between two looks.
        JsonObject first = tenant.awaitJob(id, JOB_TIMEOUT, job -> job.getInt("processedRows") > 0
                || ApiClient.SETTLED.contains(job.getString("status")));
        assertEquals("running", first.getString("status"), "the export must still run to be cancelled: " + first);
        assertEquals(LARGE_EXPORT_ROWS, first.getJsonNumber("totalRows").longValue(), "the estimated total: " + first);
        JsonObject later = tenant.awaitJob(id, JOB_TIMEOUT, job -> job.getInt("processedRows") > first.getInt("processedRows")
                || ApiClient.SETTLED.contains(job.getString("status")));
        assertEquals("running", later.getString("status"), later.toString());
        assertTrue(later.getInt("progress") > 0 && later.getInt("progress") < 100, later.toString());
        assertEquals(later.getInt("processedRows") * 100L / LARGE_EXPORT_ROWS, later.getInt("progress"),
                "progress is rows written of the total: " + later);
        try (Bucket bucket = new Bucket()) {
            assertEquals(List.of(key), bucket.openUploads(key), "the file is being uploaded in parts");
        }

        ApiClient.Response cancel = tenant.post("/api/jobs/" + id + "/cancel");
        assertEquals(202, cancel.status(), cancel.body());
        JsonObject cancelled = tenant.awaitSettled(id, JOB_TIMEOUT);

        assertEquals("cancelled", cancelled.getString("status"), cancelled.toString());
        assertTrue(cancelled.getInt("processedRows") < LARGE_EXPORT_ROWS, "stopped before the end: " + cancelled);
        ApiClient.Response download = tenant.get("/api/contacts/export/" + id + "/download");
        assertEquals(400, download.status(), download.body());
        assertEquals("EXPORT_NOT_READY", download.json().getString("code"));
        try (Bucket bucket = new Bucket()) {
            assertEquals(List.of(), bucket.objects(key), "a cancelled export leaves no file");
            assertEquals(List.of(), bucket.openUploads(key), "a cancelled export's multipart upload is aborted");
        }
        // What runs after the cancel's commit must not take a database connection there: one taken after the
        // commit was returned twice to WildFly's pool (IJ000609), and the pool then broke another job's batch thread.
        String log = Files.readString(TestServer.serverLog());
        assertFalse(log.contains("Could not abort the upload of export " + id), "the cleanup after the commit failed");
        assertFalse(log.contains("IJ000609"), "a connection was returned twice to the pool");
    }

    // --- helpers ---

    private static JsonArrayBuilder order(String... columnsAndDirections) {
        JsonArrayBuilder order = Json.createArrayBuilder();
        for (int i = 0; i < columnsAndDirections.length; i += 2) {
            order.add(Json.createObjectBuilder().add("column", columnsAndDirections[i])
                    .add("direction", columnsAndDirections[i + 1]));
        }
        return order;
    }

    private JsonObject export(ApiClient tenant, String format, List<String> columns, JsonValue filter,
                              JsonArrayBuilder orderBy) {
        JsonArrayBuilder select = Json.createArrayBuilder();
        columns.forEach(select::add);
        ApiClient.Response accepted = tenant.post("/api/contacts/export", Json.createObjectBuilder()
                .add("format", format).add("selectColumns", select).add("filter", filter).add("orderBy", orderBy).build());
        assertEquals(202, accepted.status(), accepted.body());
        JsonObject job = tenant.awaitSettled(accepted.json().getString("id"), JOB_TIMEOUT);
        assertEquals("completed", job.getString("status"), job.toString());
        JsonObject shown = tenant.get("/api/contacts/export/" + job.getString("id")).json();
        assertEquals(format, shown.getString("format"));
        assertEquals(100, shown.getInt("progress"));
        return shown;
    }

    private static UUID tenantNamed(String name) {
        return Database.value(UUID.class, "select id from tenants where name = ?", name);
    }

    private static String fileKey(UUID jobId) {
        return Database.value(String.class, "select file_key from jobs where id = ?", jobId);
    }

    private static UUID tenantFromDb(ApiClient tenant) {
        String contactId = tenant.get("/api/contacts?limit=1").json().getJsonArray("items").getJsonObject(0).getString("id");
        return Database.value(UUID.class, "select tenant_id from contacts where id = ?", UUID.fromString(contactId));
    }

    /** Rows of a query, every value as text the way the export writes it (timestamps ISO-8601 in UTC). */
    private static List<List<String>> select(String sql, UUID tenantId) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = Database.connect(); PreparedStatement q = c.prepareStatement(sql)) {
            q.setObject(1, tenantId);
            try (ResultSet rs = q.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>(n);
                    for (int i = 1; i <= n; i++) {
                        Object value = rs.getObject(i);
                        row.add(value == null ? ""
                                : value instanceof java.sql.Timestamp ? rs.getObject(i, java.time.OffsetDateTime.class)
                                        .withOffsetSameInstant(java.time.ZoneOffset.UTC).toString()
                                : value.toString());
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** The OWASP rule, written out here independently of the code under test. */
    private static List<List<String>> neutralised(List<List<String>> rows) {
        return rows.stream().map(row -> row.stream().map(v -> !v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0
                && !v.matches("-?\\d+") ? "'" + v : v).toList()).toList();
    }

    private static List<List<String>> csvRows(byte[] csv, String header) throws Exception {
        try (CSVReader reader = new CSVReader(new InputStreamReader(new ByteArrayInputStream(csv), StandardCharsets.UTF_8))) {
            List<String[]> all = reader.readAll();
            assertEquals(header, String.join(",", all.get(0)));
            return all.subList(1, all.size()).stream().map(List::of).toList();
        }
    }

    private static List<List<String>> xlsxRows(byte[] xlsx) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            assertEquals(1, workbook.getNumberOfSheets());
            Sheet sheet = workbook.getSheetAt(0);
            int width = sheet.getRow(0).getLastCellNum();
            for (Row row : sheet) {
                List<String> values = new ArrayList<>(width);
                for (int i = 0; i < width; i++) {
                    Cell cell = row.getCell(i);
                    values.add(cell == null ? "" : cell.getCellType() == CellType.NUMERIC
                            ? Long.toString((long) cell.getNumericCellValue()) : cell.getStringCellValue());
                }
                rows.add(values);
            }
        }
        return rows;
    }

    private static byte[] download(ApiClient tenant, JsonObject export) throws Exception {
        ApiClient.Response link = tenant.get("/api/contacts/export/" + export.getString("id") + "/download");
        assertEquals(200, link.status(), link.body());
        assertNotNull(link.json().getString("expiresAt"));
        HttpResponse<byte[]> file = fetch(link.json().getString("downloadUrl"));
        assertEquals(200, file.statusCode());
        return file.body();
    }

    private static HttpResponse<byte[]> fetch(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
