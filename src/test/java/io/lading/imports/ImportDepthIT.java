package io.lading.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.testsupport.ApiClient;
import io.lading.testsupport.Bucket;
import io.lading.testsupport.ContactsCsv;
import io.lading.testsupport.Database;
import io.lading.testsupport.LadingDeployment;
import io.lading.testsupport.Workbooks;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Imports users can trust: mapping checks, exact counts, the error report, dry runs and rollback. */
@ExtendWith(ArquillianExtension.class)
class ImportDepthIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return LadingDeployment.war();
    }

    private final ApiClient admin = ApiClient.admin();

    @Test
    void aMappingNamingAnUnknownFieldOrAMissingColumnIsRefusedBeforeAnyJobRuns() {
        String name = "depth-mapping-" + UUID.randomUUID();
        ApiClient tenant = admin.newTenant(name);
        byte[] file = ContactsCsv.rows(5).domain("mapping.example.com").bytes();

        ApiClient.Response unknownField = tenant.postFile(
                "/api/contacts/import?fileName=m.csv&mapping.shoeSize=Email%20Address", file, "text/csv");
        ApiClient.Response missingColumn = tenant.postFile(
                "/api/contacts/import?fileName=m.csv&mapping.email=Work%20Email", file, "text/csv");

        assertEquals(400, unknownField.status(), unknownField.body());
        assertEquals("UNKNOWN_FIELD", unknownField.json().getString("code"));
        assertEquals(400, missingColumn.status(), missingColumn.body());
        assertEquals("MAPPING_COLUMN_MISSING", missingColumn.json().getString("code"));
        assertTrue(missingColumn.json().getString("detail").contains("Work Email"));
        assertEquals(0, Database.count("select count(*) from jobs j join tenants t on t.id = j.tenant_id where t.name like 'depth-mapping-%'"));
        try (Bucket bucket = new Bucket()) {
            assertEquals(List.of(), bucket.objects("tenants/"
                    + Database.value(UUID.class, "select id from tenants where name = ?", name) + "/"),
                    "a body refused for its mapping is not stored");
        }
    }

    @Test
    void badRowsAndDuplicatesAreCountedExactlyAndTheFixedErrorReportImportsCleanly() {
        ApiClient tenant = admin.newTenant("depth-counts-" + UUID.randomUUID());
        ContactsCsv file = ContactsCsv.rows(6_000).badEvery(20).dupEvery(10).domain("dups.example.com");

        String jobId = tenant.postFile("/api/contacts/import?fileName=d.csv", file.bytes(), "text/csv").json().getString("id");
        JsonObject job = tenant.awaitSettled(jobId, TIMEOUT);

        assertEquals("completed", job.getString("status"), job.toString());
        assertEquals(file.badRows(), job.getInt("failedRows"));
        assertEquals(file.duplicateRows(), job.getInt("duplicateRows"));
        assertEquals(file.goodRows() - file.duplicateRows(), job.getInt("createdRows"));
        assertEquals(file.duplicateRows(), job.getInt("updatedRows"));
        assertEquals(file.goodRows() - file.duplicateRows(),
                Database.count("select count(*) from contacts where email like '%@dups.example.com'"));

        String report = tenant.get("/api/contacts/import/" + jobId + "/errors").body();
        List<String> fixed = new ArrayList<>();
        String[] lines = report.split("\r\n");
        fixed.add(stripLastColumns(lines[0]));
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].contains("DUPLICATE_IN_FILE")) {
                fixed.add(stripLastColumns(lines[i]).replace(" at dups", "@dups").replace(",lots,", ",12,"));
            }
        }
        assertEquals(file.badRows() + 1, fixed.size(), "the report holds every rejected row");
        String again = tenant.postFile("/api/contacts/import?fileName=fixed.csv",
                String.join("\r\n", fixed).getBytes(StandardCharsets.UTF_8), "text/csv").json().getString("id");
        JsonObject reimport = tenant.awaitSettled(again, TIMEOUT);
        assertEquals(0, reimport.getInt("failedRows"), reimport.toString());
        assertEquals(file.badRows(), reimport.getInt("processedRows"));
    }

    @Test
    void retryFailedStartsAChildImportOfJustTheRejectedRowsAsTheyCameIn() {
        ApiClient tenant = admin.newTenant("depth-retry-failed-" + UUID.randomUUID());
        ContactsCsv file = ContactsCsv.rows(1_000).badEvery(40).domain("retryfailed.example.com");
        String parentId = tenant.postFile("/api/contacts/import?fileName=r.csv", file.bytes(), "text/csv")
                .json().getString("id");
        assertEquals(file.badRows(), tenant.awaitSettled(parentId, TIMEOUT).getInt("failedRows"));

        ApiClient.Response accepted = tenant.post("/api/contacts/import/" + parentId + "/retry-failed",
                Json.createObjectBuilder().build());

        assertEquals(202, accepted.status(), accepted.body());
        JsonObject child = tenant.awaitSettled(accepted.json().getString("id"), TIMEOUT);
        assertEquals(parentId, child.getString("parentId"));
        assertEquals("completed", child.getString("status"), child.toString());
        assertEquals(file.badRows(), child.getInt("processedRows"), "just the rejected rows");
        assertEquals(file.badRows(), child.getInt("failedRows"), "unchanged rows fail again, for the same reasons");
        assertEquals(file.goodRows(),
                Database.count("select count(*) from contacts where email like '%@retryfailed.example.com'"));
    }

    @Test
    void aDryRunPredictsTheCountsAndWritesNothing() {
        ApiClient tenant = admin.newTenant("depth-dry-" + UUID.randomUUID());
        ContactsCsv file = ContactsCsv.rows(1_000).badEvery(50).domain("dry.example.com");

        String jobId = tenant.postFile("/api/contacts/import?fileName=dry.csv&dryRun=true", file.bytes(), "text/csv")
                .json().getString("id");
        JsonObject job = tenant.awaitSettled(jobId, TIMEOUT);

        assertEquals("completed", job.getString("status"));
        assertEquals(file.goodRows(), job.getInt("createdRows"));
        assertEquals(file.badRows(), job.getInt("failedRows"));
        assertEquals(0, Database.count("select count(*) from contacts where email like '%@dry.example.com'"));
        assertEquals(409, tenant.post("/api/contacts/import/" + jobId + "/rollback").status());
    }

    @Test
    void aDryRunPredictsExactlyWhatTheImportThenDoesWithDuplicatesChunksApart() {
        ApiClient tenant = admin.newTenant("depth-dry-dups-" + UUID.randomUUID());
        // 6,000 rows (two chunks of 5,000), then the first 300 data rows again: duplicates a chunk or more apart.
        ContactsCsv file = ContactsCsv.rows(6_000).badEvery(25).dupEvery(10).domain("drydups.example.com");
        String[] lines = file.text().split("\r\n");
        StringBuilder csv = new StringBuilder(file.text());
        for (int i = 1; i <= 300; i++) {
            csv.append(lines[i]).append("\r\n");
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);

        JsonObject dry = tenant.awaitSettled(tenant.postFile("/api/contacts/import?fileName=dry.csv&dryRun=true", bytes,
                "text/csv").json().getString("id"), TIMEOUT);
        assertEquals("completed", dry.getString("status"), dry.toString());
        assertEquals(0, Database.count("select count(*) from contacts where email like '%@drydups.example.com'"));
        assertEquals(0, Database.count("select count(*) from import_seen_emails where job_id = '"
                + dry.getString("id") + "'"), "a finished dry run keeps no list of emails");

        JsonObject real = tenant.awaitSettled(tenant.postFile("/api/contacts/import?fileName=real.csv", bytes,
                "text/csv").json().getString("id"), TIMEOUT);
        assertEquals("completed", real.getString("status"), real.toString());
        long repeatedGood = 300 - Arrays.stream(lines, 1, 301).filter(line -> line.contains(" at drydups") || line.contains(",lots,")).count();
        assertTrue(repeatedGood > 250, "the repeated rows are mostly valid: " + repeatedGood);
        for (String count : List.of("processedRows", "createdRows", "updatedRows", "failedRows", "duplicateRows")) {
            assertEquals(real.getInt(count), dry.getInt(count), count + ": dry " + dry + " real " + real);
        }
        assertEquals(file.duplicateRows() + repeatedGood, real.getInt("duplicateRows"), real.toString());
        assertEquals(real.getInt("createdRows"),
                Database.count("select count(*) from contacts where email like '%@drydups.example.com'"));
    }

    @Test
    void rollingBackTheLaterOfTwoOverlappingImportsRestoresTheFirstExactlyAndThenNothingIsLeft() throws Exception {
        ApiClient tenant = admin.newTenant("depth-rollback-" + UUID.randomUUID());
        String a = tenant.postFile("/api/contacts/import?fileName=a.csv",
                ContactsCsv.rows(3_000).domain("rb.example.com").bytes(), "text/csv").json().getString("id");
        assertEquals("completed", tenant.awaitSettled(a, TIMEOUT).getString("status"));
        String stateAfterA = snapshot("rb.example.com");

        String b = tenant.postFile("/api/contacts/import?fileName=b.csv",
                ContactsCsv.rows(3_000).startingAt(1_501).namePrefix("B-").domain("rb.example.com").bytes(), "text/csv")
                .json().getString("id");
        JsonObject importB = tenant.awaitSettled(b, TIMEOUT);
        assertEquals(1_500, importB.getInt("updatedRows"));
        assertEquals(1_500, importB.getInt("createdRows"));

        ApiClient.Response refused = tenant.post("/api/contacts/import/" + a + "/rollback");
        assertEquals(409, refused.status());
        assertEquals("JOB_NOT_ROLLBACKABLE", refused.json().getString("code"));
        assertTrue(refused.json().getString("detail").contains(b), "names the later import: " + refused.body());

        ApiClient.Response rollbackB = tenant.post("/api/contacts/import/" + b + "/rollback");
        assertEquals(202, rollbackB.status(), rollbackB.body());
        JsonObject rollbackJob = tenant.awaitSettled(rollbackB.json().getString("id"), TIMEOUT);
        assertEquals("completed", rollbackJob.getString("status"));
        assertEquals(3_000, rollbackJob.getInt("totalRows"), "1,500 restored and 1,500 deleted: " + rollbackJob);
        assertEquals(3_000, rollbackJob.getInt("processedRows"), rollbackJob.toString());
        assertEquals(100, rollbackJob.getInt("progress"), rollbackJob.toString());
        assertEquals("rolled_back", tenant.get("/api/contacts/import/" + b).json().getString("status"));
        assertEquals(stateAfterA, snapshot("rb.example.com"), "rollback of B restores exactly A's contacts");

        ApiClient.Response rollbackA = tenant.post("/api/contacts/import/" + a + "/rollback");
        assertEquals(202, rollbackA.status(), rollbackA.body());
        assertEquals("completed", tenant.awaitSettled(rollbackA.json().getString("id"), TIMEOUT).getString("status"));
        assertEquals(0, Database.count("select count(*) from contacts where email like '%@rb.example.com'"));
    }

    @Test
    void anXlsxFileImportsTheSameContactsAsItsCsvTwin() throws Exception {
        ApiClient csvTenant = admin.newTenant("depth-csv-twin-" + UUID.randomUUID());
        ApiClient xlsxTenant = admin.newTenant("depth-xlsx-twin-" + UUID.randomUUID());
        ContactsCsv file = ContactsCsv.rows(2_000).badEvery(100).domain("twin.example.com");

        String csvJob = csvTenant.postFile("/api/contacts/import?fileName=twin.csv", file.bytes(), "text/csv")
                .json().getString("id");
        String xlsxJob = xlsxTenant.postFile("/api/contacts/import?fileName=twin.xlsx", toXlsx(file.text()),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").json().getString("id");
        JsonObject fromCsv = csvTenant.awaitSettled(csvJob, TIMEOUT);
        JsonObject fromXlsx = xlsxTenant.awaitSettled(xlsxJob, TIMEOUT);

        assertEquals("completed", fromXlsx.getString("status"), fromXlsx.toString());
        assertEquals(fromCsv.getInt("createdRows"), fromXlsx.getInt("createdRows"));
        assertEquals(fromCsv.getInt("failedRows"), fromXlsx.getInt("failedRows"));
        assertEquals(contactsOf(csvTenant), contactsOf(xlsxTenant));
    }

    /** The CSV's rows as a workbook: text cells, employee counts as numbers, dates as date cells. */
    private static byte[] toXlsx(String csv) throws Exception {
        return Workbooks.fromCsv(csv, "Contacts", 8, 9);
    }

    private static String contactsOf(ApiClient tenant) throws Exception {
        String tenantId = tenant.get("/api/contacts/import?limit=1").json().getJsonArray("items").getJsonObject(0)
                .getString("tenantId");
        try (Connection c = Database.connect(); var s = c.prepareStatement("select email, first_name, last_name,"
                + " phone, title, company, country, city, employees, created_on from contacts where tenant_id = ?::uuid"
                + " order by email")) {
            s.setString(1, tenantId);
            try (ResultSet rs = s.executeQuery()) {
                StringBuilder out = new StringBuilder();
                while (rs.next()) {
                    for (int i = 1; i <= 10; i++) {
                        out.append(rs.getString(i)).append('|');
                    }
                    out.append('\n');
                }
                return out.toString();
            }
        }
    }

    /** Every column of every contact of the domain, in a stable order: equal strings, equal state. */
    private static String snapshot(String domain) throws Exception {
        try (Connection c = Database.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select id, email, first_name, last_name, phone, title, company, country,"
                     + " city, employees, created_on, created_at, updated_at, last_import_id from contacts"
                     + " where email like '%@" + domain + "' order by email")) {
            StringBuilder out = new StringBuilder();
            while (rs.next()) {
                for (int i = 1; i <= 14; i++) {
                    out.append(rs.getString(i)).append('|');
                }
                out.append('\n');
            }
            return out.toString();
        }
    }

    private static String stripLastColumns(String line) {
        List<String> cells = Arrays.asList(line.split(",", -1));
        return cells.subList(0, cells.size() - 3).stream().collect(Collectors.joining(","));
    }
}
