package io.lading.exports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.testsupport.ApiClient;
import io.lading.testsupport.Bucket;
import io.lading.testsupport.ContactsCsv;
import io.lading.testsupport.Database;
import io.lading.testsupport.LadingDeployment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The export expiry with its defaults (the test server sets none of LADING_EXPORTS_EXPIRY_*): the timer the
 * deployment created runs daily at 04:00, and an export's file is kept 7 days after it completed.
 */
@ExtendWith(ArquillianExtension.class)
class ExportExpiryIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return LadingDeployment.war();
    }

    private final ApiClient admin = ApiClient.admin();

    /**
     * Read from WildFly's database timer store (the table its {@code database-data-store} keeps timers in), which
     * is what makes the timer fire once per cluster: one row, daily at 04:00:00.
     */
    @Test
    void theExpiryTimerIsStoredOnceRunningDailyAtFour() {
        String timer = "from jboss_ejb_timer where timed_object_id like '%.ExportExpiryTimer'";
        assertEquals(1, Database.count("select count(*) " + timer), "one stored timer for the cluster");
        assertEquals(List.of("0|0|4|*|*|*|*"), Database.strings("select concat_ws('|', schedule_expr_second,"
                + " schedule_expr_minute, schedule_expr_hour, schedule_expr_day_of_month, schedule_expr_month,"
                + " schedule_expr_day_of_week, schedule_expr_year) " + timer), "second|minute|hour|day|month|weekday|year");
        assertEquals(List.of("04:00:00"), Database.strings("select to_char(next_date, 'HH24:MI:SS') " + timer),
                "its next run");
    }

    @Test
    void aCompletedExportIsKeptSevenDaysAfterItCompleted() throws Exception {
        JsonObject created = admin.post("/api/admin/tenants", Json.createObjectBuilder()
                .add("name", "expiry-" + UUID.randomUUID()).build()).json();
        ApiClient tenant = admin.withKey(created.getString("userKey"));
        ApiClient.Response imported = tenant.postFile("/api/contacts/import?fileName=e.csv", ContactsCsv.rows(5).bytes(),
                "text/csv");
        assertEquals("completed", tenant.awaitSettled(imported.json().getString("id"), TIMEOUT).getString("status"));
        String kept = export(tenant);
        String expiring = export(tenant);

        JsonObject job = tenant.get("/api/contacts/export/" + expiring).json();
        OffsetDateTime completedAt = OffsetDateTime.parse(job.getString("completedAt"));
        OffsetDateTime expiresAt = OffsetDateTime.parse(job.getString("expiresAt"));
        Duration fromSevenDays = Duration.between(completedAt.plusDays(7), expiresAt).abs();
        assertTrue(fromSevenDays.compareTo(Duration.ofSeconds(5)) < 0,
                "expiresAt " + expiresAt + " is 7 days after completedAt " + completedAt + " (the file's last part and"
                        + " the status change commit moments apart)");
        UUID expiringId = UUID.fromString(expiring);
        String file = Database.value(String.class, "select file_key from jobs where id = ?", expiringId);

        // One completed a minute less than 7 days ago, one a minute more; the expiry with its configured age (the
        // timer's run, started by an operator) expires just the second.
        Database.execute("update jobs set completed_at = now() - interval '7 days' + interval '1 minute' where id = ?",
                UUID.fromString(kept));
        Database.execute("update jobs set completed_at = now() - interval '7 days' - interval '1 minute' where id = ?",
                expiringId);
        ApiClient.Response run = admin.post("/api/admin/exports/expire?tenantId=" + created.getString("tenantId"));
        assertEquals(200, run.status(), run.body());
        assertEquals(1, run.json().getInt("expired"), run.body());

        assertEquals("completed", tenant.get("/api/contacts/export/" + kept).json().getString("status"));
        assertEquals(200, tenant.get("/api/contacts/export/" + kept + "/download").status());
        assertEquals("expired", tenant.get("/api/contacts/export/" + expiring).json().getString("status"));
        ApiClient.Response gone = tenant.get("/api/contacts/export/" + expiring + "/download");
        assertEquals(410, gone.status(), gone.body());
        assertEquals("EXPORT_EXPIRED", gone.json().getString("code"));
        try (Bucket bucket = new Bucket()) {
            assertEquals(List.of(), bucket.objects(file), "the expired export's file is deleted");
        }
    }

    private static String export(ApiClient tenant) {
        ApiClient.Response accepted = tenant.post("/api/contacts/export", Json.createObjectBuilder().add("format", "csv")
                .add("selectColumns", Json.createArrayBuilder().add("email")).build());
        assertEquals(202, accepted.status(), accepted.body());
        String id = accepted.json().getString("id");
        assertEquals("completed", tenant.awaitSettled(id, TIMEOUT).getString("status"));
        return id;
    }
}
