package io.lading.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.testsupport.ApiClient;
import io.lading.testsupport.ContactsCsv;
import io.lading.testsupport.Database;
import io.lading.testsupport.LadingDeployment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The import chain end to end on the real stack: REST, broker, batch job, PostgreSQL and S3. */
@ExtendWith(ArquillianExtension.class)
class ImportIT {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return LadingDeployment.war();
    }

    private final ApiClient admin = ApiClient.admin();

    @Test
    void tenThousandRowsWithSomeBadOnesEndCompletedWithExactCounts() {
        ApiClient tenant = admin.newTenant("import-10k-" + UUID.randomUUID());
        ContactsCsv file = ContactsCsv.rows(10_000).badEvery(500).domain("tenk.example.com");

        ApiClient.Response accepted = tenant.postFile("/api/contacts/import?fileName=ten-k.csv", file.bytes(), "text/csv");

        assertEquals(202, accepted.status(), accepted.body());
        String jobId = accepted.json().getString("id");
        assertTrue(accepted.header("Location").endsWith("/api/contacts/import/" + jobId));
        JsonObject job = tenant.awaitSettled(jobId, JOB_TIMEOUT);
        assertEquals("completed", job.getString("status"), job.toString());
        assertEquals(10_000, job.getInt("processedRows"));
        assertEquals(file.goodRows(), job.getInt("createdRows"));
        assertEquals(0, job.getInt("updatedRows"));
        assertEquals(file.badRows(), job.getInt("failedRows"));
        assertEquals(100, job.getInt("progress"));
        assertEquals(file.goodRows(), Database.count(
                "select count(*) from contacts where email like '%@tenk.example.com'"));
        assertEquals(file.goodRows(), tenant.get("/api/contacts?limit=1").json().getJsonNumber("total").longValue());

        JsonObject detail = tenant.get("/api/contacts/import/" + jobId).json();
        assertEquals(file.badRows(), detail.getJsonArray("errors").size());
        JsonObject firstError = detail.getJsonArray("errors").getJsonObject(0);
        assertEquals(501, firstError.getInt("row"), "row 500 of the data is line 501 of the file");
        assertEquals("INVALID_NUMBER", firstError.getString("code"));
        assertEquals("Employees", firstError.getString("column"));

        String report = tenant.get("/api/contacts/import/" + jobId + "/errors").body();
        String[] lines = report.split("\r\n");
        assertTrue(lines[0].endsWith(",row,error_code,error"), lines[0]);
        assertEquals(file.badRows() + 1, lines.length);
    }

    @Test
    void presignedUploadThenImportByFileKey() {
        ApiClient tenant = admin.newTenant("import-presigned-" + UUID.randomUUID());
        ContactsCsv file = ContactsCsv.rows(250).snakeHeaders().domain("presigned.example.com");
        JsonObject ticket = tenant.post("/api/contacts/uploads",
                Json.createObjectBuilder().add("fileName", "contacts.csv").build()).json();

        assertEquals(200, tenant.putTo(ticket.getString("uploadUrl"), file.bytes()).status());
        ApiClient.Response accepted = tenant.post("/api/contacts/import",
                Json.createObjectBuilder().add("fileKey", ticket.getString("fileKey")).build());

        assertEquals(202, accepted.status(), accepted.body());
        JsonObject job = tenant.awaitSettled(accepted.json().getString("id"), JOB_TIMEOUT);
        assertEquals("completed", job.getString("status"), job.toString());
        assertEquals(250, job.getInt("createdRows"));
        assertEquals(250, Database.count("select count(*) from contacts where email like '%@presigned.example.com'"));
    }

    @Test
    void theContactListPagesNewestFirstThroughEveryContactOnce() {
        ApiClient tenant = admin.newTenant("import-pages-" + UUID.randomUUID());
        String first = tenant.postFile("/api/contacts/import?fileName=first.csv",
                ContactsCsv.rows(40).domain("first.example.com").bytes(), "text/csv").json().getString("id");
        assertEquals("completed", tenant.awaitSettled(first, JOB_TIMEOUT).getString("status"));
        String second = tenant.postFile("/api/contacts/import?fileName=second.csv",
                ContactsCsv.rows(25).domain("second.example.com").bytes(), "text/csv").json().getString("id");
        assertEquals("completed", tenant.awaitSettled(second, JOB_TIMEOUT).getString("status"));

        List<String> emails = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        String cursor = null;
        do {
            JsonObject page = tenant.get("/api/contacts?limit=7" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            assertEquals(65, page.getJsonNumber("total").longValue());
            page.getJsonArray("items").getValuesAs(JsonObject.class).forEach(contact -> {
                assertTrue(ids.add(contact.getString("id")), "listed twice: " + contact);
                emails.add(contact.getString("email"));
            });
            cursor = page.containsKey("nextCursor") && !page.isNull("nextCursor") ? page.getString("nextCursor") : null;
        } while (cursor != null);

        assertEquals(65, emails.size());
        assertTrue(emails.subList(0, 25).stream().allMatch(e -> e.endsWith("@second.example.com")), emails.toString());
        assertTrue(emails.subList(25, 65).stream().allMatch(e -> e.endsWith("@first.example.com")), emails.toString());
    }

    @Test
    void anUnknownFileKeyFailsWithAReasonNamingTheKey() {
        ApiClient tenant = admin.newTenant("import-missing-" + UUID.randomUUID());
        String prefix = tenant.post("/api/contacts/uploads",
                Json.createObjectBuilder().add("fileName", "x.csv").build()).json().getString("fileKey");
        String missingKey = prefix.substring(0, prefix.lastIndexOf('/') + 1) + "never-uploaded.csv";

        ApiClient.Response accepted = tenant.post("/api/contacts/import", Json.createObjectBuilder()
                .add("fileKey", missingKey)
                .add("options", Json.createObjectBuilder().add("maxAttempts", 1)).build());

        JsonObject job = tenant.awaitSettled(accepted.json().getString("id"), JOB_TIMEOUT);
        assertEquals("dead", job.getString("status"));
        assertEquals("MISSING_FILE", job.getString("failureCode"));
        assertTrue(job.getString("failureReason").contains(missingKey), job.getString("failureReason"));
    }

    @Test
    void aKeyOutsideTheTenantsPrefixIsRefusedBeforeAnyRead() {
        ApiClient tenant = admin.newTenant("import-prefix-" + UUID.randomUUID());
        for (String key : new String[] {"tenants/" + UUID.randomUUID() + "/uploads/a.csv", "../etc/passwd", "/abs.csv"}) {
            ApiClient.Response refused = tenant.post("/api/contacts/import",
                    Json.createObjectBuilder().add("fileKey", key).build());
            assertEquals(400, refused.status(), key);
            assertEquals("application/problem+json", refused.header("Content-Type"));
            assertEquals("FORBIDDEN_FILE_KEY", refused.json().getString("code"));
        }
    }

    @Test
    void anotherTenantsJobAndContactsAnswer404() {
        ApiClient owner = admin.newTenant("import-owner-" + UUID.randomUUID());
        ApiClient stranger = admin.newTenant("import-stranger-" + UUID.randomUUID());
        String jobId = owner.postFile("/api/contacts/import?fileName=a.csv",
                ContactsCsv.rows(3).domain("owner.example.com").bytes(), "text/csv").json().getString("id");
        owner.awaitSettled(jobId, JOB_TIMEOUT);
        String contactId = owner.get("/api/contacts?limit=1").json().getJsonArray("items").getJsonObject(0).getString("id");
        assertNotNull(contactId);

        assertEquals(404, stranger.get("/api/contacts/import/" + jobId).status());
        assertEquals(404, stranger.get("/api/jobs/" + jobId).status());
        assertEquals(404, stranger.get("/api/contacts/import/" + jobId + "/errors").status());
        assertEquals(404, stranger.post("/api/jobs/" + jobId + "/cancel").status());
        assertEquals(404, stranger.get("/api/contacts/" + contactId).status());
        assertEquals("NOT_FOUND", stranger.get("/api/contacts/" + contactId).json().getString("code"));
        assertEquals(0, stranger.get("/api/contacts").json().getJsonNumber("total").longValue());
    }

    @Test
    void noKeyOrAnUnknownKeyGets401() {
        ApiClient.Response none = ApiClient.anonymous().get("/api/contacts");
        assertEquals(401, none.status());
        assertEquals("UNAUTHENTICATED", none.json().getString("code"));
        assertEquals(401, ApiClient.anonymous().withKey("lading_user_not-a-real-key").get("/api/contacts/import").status());
        assertEquals(401, ApiClient.anonymous().post("/api/contacts/import",
                Json.createObjectBuilder().add("fileKey", "x").build()).status());
    }
}
