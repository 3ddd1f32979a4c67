package io.lading.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.testsupport.ApiClient;
import io.lading.testsupport.ContactsCsv;
import io.lading.testsupport.Database;
import io.lading.testsupport.JobRow;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import io.lading.testsupport.LadingDeployment;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Recurring and delayed jobs and a job's own retry policy, on the real server. The failsafe server sweeps schedules
 * every 2 s (LADING_SCHEDULES_SWEEP_SECONDS), so a firing's job exists within seconds of its minute and the
 * every-minute count is exact.
 */
@ExtendWith(ArquillianExtension.class)
class SchedulesIT {

    /** A firing is made within one sweep (2 s) of its minute; this allows for a loaded machine. */
    private static final Duration FIRING_LAG = Duration.ofSeconds(20);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return LadingDeployment.war();
    }

    private final ApiClient admin = ApiClient.admin();

    private static JsonObject exportRequest(JsonObjectBuilder options) {
        return Json.createObjectBuilder().add("format", "csv")
                .add("selectColumns", Json.createArrayBuilder().add("email").add("firstName"))
                .add("options", options).build();
    }

    private static JsonObject schedule(String name, String cron, String zone, JsonObject exportRequest) {
        return Json.createObjectBuilder().add("name", name).add("cron", cron).add("timeZone", zone)
                .add("job", Json.createObjectBuilder().add("type", "export").add("request", exportRequest)).build();
    }

    private static List<String> jobsOf(String scheduleId) {
        return Database.strings("select id::text from jobs where schedule_id = ?::uuid order by created_at", scheduleId);
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Not within " + timeout + ": " + what);
            }
            Thread.sleep(250);
        }
    }

    @Test
    void anEveryMinuteScheduleCreatesExactlyOneJobPerMinute() throws Exception {
        ApiClient tenant = admin.newTenant("schedules-minute-" + UUID.randomUUID());
        ApiClient.Response created = tenant.post("/api/schedules", schedule("every minute", "* * * * *", "UTC",
                exportRequest(Json.createObjectBuilder())));
        assertEquals(201, created.status(), created.body());
        JsonObject schedule = created.json();
        String id = schedule.getString("id");
        assertTrue(created.header("Location").endsWith("/api/schedules/" + id), created.header("Location"));
        Instant createdAt = OffsetDateTime.parse(schedule.getString("createdAt")).toInstant();
        Instant first = createdAt.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        assertEquals(first, OffsetDateTime.parse(schedule.getString("nextRunAt")).toInstant(), schedule.toString());
        List<Instant> firings = List.of(first, first.plusSeconds(60), first.plusSeconds(120));
        Instant fourth = first.plusSeconds(180);
        try {
            countFirings(tenant, id, firings, fourth);
        } finally {
            // Not left firing every minute for the rest of the suite.
            tenant.delete("/api/schedules/" + id);
        }
    }

    private static void countFirings(ApiClient tenant, String id, List<Instant> firings, Instant fourth)
            throws InterruptedException {
        // Three minute boundaries pass; the schedule moves on to the fourth once the third has fired.
        await("the third firing and the schedule moved on to " + fourth,
                Duration.between(Instant.now(), firings.get(2)).plus(FIRING_LAG),
                () -> {
                    JsonObject now = tenant.get("/api/schedules/" + id).json();
                    return !now.isNull("nextRunAt")
                            && OffsetDateTime.parse(now.getString("nextRunAt")).toInstant().equals(fourth);
                });
        assertTrue(Instant.now().isBefore(fourth), "counted before the fourth firing was due");

        List<String> jobs = jobsOf(id);
        assertEquals(3, jobs.size(), "one job per minute boundary crossed (" + firings + "): " + jobs);
        List<Instant> jobCreated = new ArrayList<>();
        for (String jobId : jobs) {
            JsonObject job = tenant.get("/api/jobs/" + jobId).json();
            assertEquals(id, job.getString("scheduleId"), job.toString());
            assertEquals("export", job.getString("type"), job.toString());
            jobCreated.add(OffsetDateTime.parse(job.getString("createdAt")).toInstant());
        }
        for (int i = 0; i < 3; i++) {
            Instant at = jobCreated.get(i);
            assertFalse(at.isBefore(firings.get(i)), "job " + i + " created at " + at + ", before its firing " + firings.get(i));
            assertTrue(at.isBefore(firings.get(i).plus(FIRING_LAG)), "job " + i + " created at " + at + ", long after "
                    + firings.get(i));
        }
        JsonObject after = tenant.get("/api/schedules/" + id).json();
        assertEquals(jobs.get(2), after.getString("lastJobId"), after.toString());
        assertFalse(after.isNull("lastRunAt"), after.toString());
        // The jobs are ordinary exports: they run to the end.
        for (String jobId : jobs) {
            assertEquals("completed", tenant.awaitSettled(jobId, Duration.ofMinutes(1)).getString("status"));
        }
    }

    @Test
    void firingsMissedWhileNoNodeRanBecomeOneJobAndPauseResumeAndDeleteWork() throws Exception {
        ApiClient tenant = admin.newTenant("schedules-missed-" + UUID.randomUUID());
        JsonObject schedule = tenant.post("/api/schedules", schedule("nightly", "0 3 * * *", "Europe/Berlin",
                exportRequest(Json.createObjectBuilder()))).json();
        String id = schedule.getString("id");

        // As if every node had been down for three days: three 03:00 firings are overdue.
        Database.execute("update schedules set next_run_at = now() - interval '3 days' where id = ?::uuid", id);
        await("the overdue schedule fired", Duration.ofSeconds(30), () -> !jobsOf(id).isEmpty());
        await("the schedule moved on", Duration.ofSeconds(30), () -> {
            JsonObject now = tenant.get("/api/schedules/" + id).json();
            return !now.isNull("nextRunAt") && OffsetDateTime.parse(now.getString("nextRunAt")).isAfter(OffsetDateTime.now());
        });
        assertEquals(1, jobsOf(id).size(), "missed firings collapse into one");

        JsonObject paused = tenant.patch("/api/schedules/" + id, Json.createObjectBuilder().add("paused", true).build()).json();
        assertTrue(paused.getBoolean("paused"), paused.toString());
        assertTrue(paused.isNull("nextRunAt"), paused.toString());
        JsonObject resumed = tenant.patch("/api/schedules/" + id, Json.createObjectBuilder().add("paused", false).build()).json();
        assertFalse(resumed.getBoolean("paused"), resumed.toString());
        assertTrue(OffsetDateTime.parse(resumed.getString("nextRunAt")).isAfter(OffsetDateTime.now()), resumed.toString());
        JsonObject moved = tenant.patch("/api/schedules/" + id, Json.createObjectBuilder().add("cron", "15 4 * * 1")
                .build()).json();
        assertEquals("15 4 * * 1", moved.getString("cron"));
        assertEquals(java.time.DayOfWeek.MONDAY, OffsetDateTime.parse(moved.getString("nextRunAt"))
                .atZoneSameInstant(java.time.ZoneId.of("Europe/Berlin")).getDayOfWeek(), moved.toString());

        JsonObject listed = tenant.get("/api/schedules").json();
        assertEquals(1, listed.getJsonArray("items").size(), listed.toString());
        assertEquals(404, admin.newTenant("schedules-other-" + UUID.randomUUID()).get("/api/schedules/" + id).status(),
                "another tenant does not see it");

        assertEquals(204, tenant.delete("/api/schedules/" + id).status());
        assertEquals(404, tenant.get("/api/schedules/" + id).status());
        assertEquals(1, jobsOf(id).size(), "its job stays");
    }

    @Test
    void anImportScheduleImportsItsFileAndAFiringThatCannotCreateItsJobIsSkippedWithItsReason() throws Exception {
        ApiClient tenant = admin.newTenant("schedules-import-file-" + UUID.randomUUID());
        String domain = "scheduled-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        JsonObject ticket = tenant.post("/api/contacts/uploads",
                Json.createObjectBuilder().add("fileName", "nightly.csv").build()).json();
        assertEquals(200, tenant.putTo(ticket.getString("uploadUrl"), ContactsCsv.rows(3).domain(domain).bytes()).status());
        String fileKey = ticket.getString("fileKey");
        ApiClient.Response created = tenant.post("/api/schedules", Json.createObjectBuilder().add("name", "nightly import")
                .add("cron", "0 3 * * *").add("timeZone", "UTC")
                .add("job", Json.createObjectBuilder().add("type", "import")
                        .add("request", Json.createObjectBuilder().add("fileKey", fileKey))).build());
        assertEquals(201, created.status(), created.body());
        String id = created.json().getString("id");

        Database.execute("update schedules set next_run_at = now() - interval '1 minute' where id = ?::uuid", id);
        await("the import schedule fired", Duration.ofSeconds(30), () -> jobsOf(id).size() == 1);
        String jobId = jobsOf(id).get(0);
        JsonObject imported = tenant.awaitSettled(jobId, Duration.ofMinutes(1));
        assertEquals("completed", imported.getString("status"), imported.toString());
        assertEquals(3, imported.getInt("createdRows"), imported.toString());
        assertEquals(3, Database.count("select count(*) from contacts where email like ?", "%@" + domain));

        // The next firing asks for a column the file lacks: the import service refuses it, so no job is made.
        JsonObject mismatched = Json.createObjectBuilder().add("fileKey", fileKey)
                .add("fieldMapping", Json.createObjectBuilder().add("email", "No Such Column")).build();
        assertEquals(200, tenant.patch("/api/schedules/" + id, Json.createObjectBuilder().add("job",
                Json.createObjectBuilder().add("type", "import").add("request", mismatched)).build()).status());
        Database.execute("update schedules set next_run_at = now() - interval '1 minute' where id = ?::uuid", id);
        await("the firing skipped with its reason", Duration.ofSeconds(30), () -> {
            JsonObject now = tenant.get("/api/schedules/" + id).json();
            return !now.isNull("lastError") && OffsetDateTime.parse(now.getString("nextRunAt")).isAfter(OffsetDateTime.now());
        });
        JsonObject skipped = tenant.get("/api/schedules/" + id).json();
        assertTrue(skipped.getString("lastError").contains("No Such Column"), skipped.toString());
        assertEquals(jobId, skipped.getString("lastJobId"), "the last job is still the one that was made");
        assertEquals(List.of(jobId), jobsOf(id));
    }

    @ParameterizedTest(name = "cron \"{0}\" in \"{1}\" is refused")
    @CsvSource(delimiter = '|', value = {
            "61 * * * *  | UTC           | cron",
            "* * * *     | UTC           | cron",
            "0 2 * * * * | UTC           | cron",
            "0 0 30 2 *  | UTC           | cron",
            "0 2 * * *   | Mars/Olympus  | timeZone",
            "0 2 * * *   | +02:00        | timeZone"})
    void aBadCronOrZoneIs400InvalidCron(String cron, String zone, String field) {
        ApiClient tenant = admin.newTenant("schedules-bad-" + UUID.randomUUID());
        ApiClient.Response refused = tenant.post("/api/schedules", schedule("bad", cron, zone,
                exportRequest(Json.createObjectBuilder())));

        assertEquals(400, refused.status(), refused.body());
        assertEquals("INVALID_CRON", refused.json().getString("code"), refused.body());
        assertEquals(field, refused.json().getString("field"), refused.body());
        assertEquals(0, tenant.get("/api/schedules").json().getJsonArray("items").size());
    }

    @Test
    void anImportScheduleNeedsAFileKeyOfTheTenantsOwn() {
        ApiClient tenant = admin.newTenant("schedules-import-" + UUID.randomUUID());
        JsonObject request = Json.createObjectBuilder().add("fileKey", "tenants/" + UUID.randomUUID() + "/drop/contacts.csv").build();
        ApiClient.Response refused = tenant.post("/api/schedules", Json.createObjectBuilder().add("name", "nightly")
                .add("cron", "0 2 * * *").add("timeZone", "UTC")
                .add("job", Json.createObjectBuilder().add("type", "import").add("request", request)).build());

        assertEquals(400, refused.status(), refused.body());
        assertEquals("FORBIDDEN_FILE_KEY", refused.json().getString("code"), refused.body());
    }

    @Test
    void aDelayedJobWaitsScheduledUntilItsRunAtThenRuns() throws Exception {
        ApiClient tenant = admin.newTenant("delayed-" + UUID.randomUUID());
        Instant runAt = Instant.now().plusSeconds(12).truncatedTo(ChronoUnit.SECONDS);
        ApiClient.Response accepted = tenant.post("/api/contacts/export",
                exportRequest(Json.createObjectBuilder().add("runAt", runAt.toString())));
        assertEquals(202, accepted.status(), accepted.body());
        JsonObject job = accepted.json();
        String jobId = job.getString("id");
        assertEquals("scheduled", job.getString("status"), job.toString());
        assertEquals(runAt, OffsetDateTime.parse(job.getString("runAt")).toInstant());

        // Until runAt it stays scheduled (polled, every answer checked), and no node has started it.
        while (Instant.now().isBefore(runAt.minusMillis(500))) {
            JsonObject now = tenant.get("/api/jobs/" + jobId).json();
            assertEquals("scheduled", now.getString("status"), "before " + runAt + ": " + now);
            assertTrue(now.isNull("startedAt"), now.toString());
            Thread.sleep(500);
        }
        JsonObject done = tenant.awaitSettled(jobId, Duration.ofMinutes(1));
        assertEquals("completed", done.getString("status"), done.toString());
        Instant startedAt = OffsetDateTime.parse(done.getString("startedAt")).toInstant();
        assertFalse(startedAt.isBefore(runAt), "started " + startedAt + ", before its runAt " + runAt);
        assertTrue(startedAt.isBefore(runAt.plusSeconds(30)), "started " + startedAt + ", long after " + runAt);
    }

    @Test
    void aScheduledJobCanBeCancelledAndNeverRuns() throws Exception {
        ApiClient tenant = admin.newTenant("delayed-cancel-" + UUID.randomUUID());
        String runAt = Instant.now().plusSeconds(3600).toString();
        String jobId = tenant.post("/api/contacts/export",
                exportRequest(Json.createObjectBuilder().add("runAt", runAt))).json().getString("id");

        ApiClient.Response cancelled = tenant.post("/api/contacts/export/" + jobId + "/cancel");

        assertEquals(202, cancelled.status(), cancelled.body());
        assertEquals("cancelled", cancelled.json().getString("status"), cancelled.body());
        JobRow row = JobRow.read(UUID.fromString(jobId));
        assertEquals("CANCELLED", row.status());
        assertEquals(0, row.attempts(), "it never started");
    }

    @Test
    void aRunAtInThePastRunsNow() throws Exception {
        ApiClient tenant = admin.newTenant("delayed-past-" + UUID.randomUUID());
        JsonObject job = tenant.post("/api/contacts/export", exportRequest(Json.createObjectBuilder()
                .add("runAt", "2020-01-01T00:00:00Z"))).json();

        assertEquals("queued", job.getString("status"), job.toString());
        assertEquals("completed", tenant.awaitSettled(job.getString("id"), Duration.ofMinutes(1)).getString("status"));
    }

    @Test
    void aFixedBackoffWaitsItsDelayBetweenAttempts() throws Exception {
        ApiClient tenant = admin.newTenant("backoff-" + UUID.randomUUID());
        // A presigned upload that never happens: every attempt finds no file (MISSING_FILE, worth retrying).
        String fileKey = tenant.post("/api/contacts/uploads", Json.createObjectBuilder().add("fileName", "late.csv")
                .build()).json().getString("fileKey");
        int delay = 4;
        ApiClient.Response accepted = tenant.post("/api/contacts/import", Json.createObjectBuilder()
                .add("fileKey", fileKey)
                .add("options", Json.createObjectBuilder().add("maxAttempts", 3).add("timeoutMinutes", 5)
                        .add("backoff", Json.createObjectBuilder().add("type", "fixed").add("delaySeconds", delay)))
                .build());
        assertEquals(202, accepted.status(), accepted.body());
        JsonObject job = accepted.json();
        assertEquals(Json.createObjectBuilder().add("type", "fixed").add("delaySeconds", delay).build(),
                job.getJsonObject("backoff"), job.toString());
        assertEquals(5, job.getInt("timeoutMinutes"), job.toString());

        JsonObject dead = tenant.awaitJob(job.getString("id"), Duration.ofMinutes(1),
                now -> List.of("dead", "failed", "completed").contains(now.getString("status")));
        assertEquals("dead", dead.getString("status"), dead.toString());
        assertEquals("MISSING_FILE", dead.getString("failureCode"), dead.toString());
        assertEquals(3, dead.getInt("attempts"), dead.toString());

        List<JobRow.Event> timeline = JobRow.events(UUID.fromString(job.getString("id")));
        List<Instant> retries = timeline.stream().filter(e -> e.status().equals("RETRY_SCHEDULED")).map(JobRow.Event::at).toList();
        List<Instant> starts = timeline.stream().filter(e -> e.status().equals("RUNNING")).map(JobRow.Event::at).toList();
        assertEquals(2, retries.size(), timeline.toString());
        assertEquals(3, starts.size(), timeline.toString());
        for (int i = 0; i < 2; i++) {
            Duration waited = Duration.between(retries.get(i), starts.get(i + 1));
            // The timeline entry is written a moment after the retry time is set from the same clock: allow that.
            assertTrue(waited.compareTo(Duration.ofSeconds(delay).minusMillis(50)) >= 0, "retry " + (i + 1) + " came after " + waited
                    + ", sooner than the fixed " + delay + " s: " + timeline);
            assertTrue(waited.compareTo(Duration.ofSeconds(delay + 15)) < 0, "retry " + (i + 1) + " came after " + waited
                    + ": " + timeline);
        }
    }

    @ParameterizedTest(name = "{0} is refused naming {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"runAt\": \"tomorrow\"}                                   | runAt",
            "{\"runAt\": \"2999-01-01T00:00:00Z\"}                       | runAt",
            "{\"backoff\": {\"type\": \"linear\", \"delaySeconds\": 5}}  | backoff.type",
            "{\"backoff\": {\"type\": \"fixed\", \"delaySeconds\": 0}}   | backoff.delaySeconds",
            "{\"backoff\": {\"type\": \"fixed\"}}                        | backoff.delaySeconds",
            "{\"timeoutMinutes\": 0}                                     | timeoutMinutes"})
    void badTimingOptionsAre400InvalidOption(String options, String field) {
        ApiClient tenant = admin.newTenant("options-" + UUID.randomUUID());
        JsonObject request = Json.createObjectBuilder().add("format", "csv")
                .add("selectColumns", Json.createArrayBuilder().add("email"))
                .add("options", Json.createReader(new java.io.StringReader(options)).readObject()).build();

        ApiClient.Response refused = tenant.post("/api/contacts/export", request);

        assertEquals(400, refused.status(), refused.body());
        assertEquals("INVALID_OPTION", refused.json().getString("code"), refused.body());
        assertEquals(field, refused.json().getString("field"), refused.body());
    }
}
