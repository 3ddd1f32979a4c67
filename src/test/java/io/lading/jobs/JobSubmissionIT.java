package io.lading.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.testsupport.ApiClient;
import io.lading.testsupport.ContactsCsv;
import io.lading.testsupport.Database;
import io.lading.testsupport.LadingDeployment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the engine promises at submission and at the end of a job, for every job type: one Idempotency-Key rule,
 * a queue limit that holds under concurrent requests, the option and retry refusals, and how a job that cannot
 * succeed ends ({@code failed} or {@code dead}), each status change in the job's timeline.
 */
@ExtendWith(ArquillianExtension.class)
class JobSubmissionIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static final int PARALLEL = 6;
    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return LadingDeployment.war();
    }

    private final ApiClient admin = ApiClient.admin();

    private static JsonObject csvExport() {
        return Json.createObjectBuilder().add("format", "csv")
                .add("selectColumns", Json.createArrayBuilder().add("email")).build();
    }

    @Test
    void aKeyReusedAcrossJobTypesNamesTwoJobsAndARepeatWithinATypeTheFirst() {
        ApiClient tenant = admin.newTenant("submit-key-types-" + UUID.randomUUID());
        String key = "  shared-" + UUID.randomUUID() + "  ";
        JsonObject importBody = Json.createObjectBuilder().add("fileKey", tenant.post("/api/contacts/uploads",
                Json.createObjectBuilder().add("fileName", "k.csv").build()).json().getString("fileKey"))
                .add("options", Json.createObjectBuilder().add("maxAttempts", 1)).build();

        ApiClient.Response export = tenant.postWithHeader("/api/contacts/export", csvExport(), "Idempotency-Key", key);
        ApiClient.Response imported = tenant.postWithHeader("/api/contacts/import", importBody, "Idempotency-Key", key);
        ApiClient.Response exportAgain = tenant.postWithHeader("/api/contacts/export", csvExport(), "Idempotency-Key",
                key.trim());

        assertEquals(202, export.status(), export.body());
        assertEquals(202, imported.status(), imported.body());
        assertEquals("import", imported.json().getString("type"), "an import never gets the export back");
        assertNotEquals(export.json().getString("id"), imported.json().getString("id"));
        assertEquals(200, tenant.get(imported.header("Location").replaceFirst("^https?://[^/]+", "")).status());
        assertEquals(202, exportAgain.status(), exportAgain.body());
        assertEquals(export.json().getString("id"), exportAgain.json().getString("id"), "the key is trimmed");
        assertEquals(List.of("EXPORT", "IMPORT"), Database.strings(
                "select type from jobs where idempotency_key = ? order by type", key.trim()));
    }

    @Test
    void concurrentSubmissionsWithOneKeyMakeOneJobAndNoError() throws Exception {
        ApiClient tenant = admin.newTenant("submit-key-race-" + UUID.randomUUID());
        String key = "race-" + UUID.randomUUID();

        List<ApiClient.Response> answers = all(PARALLEL,
                () -> tenant.postWithHeader("/api/contacts/export", csvExport(), "Idempotency-Key", key));

        for (ApiClient.Response answer : answers) {
            assertEquals(202, answer.status(), answer.body());
        }
        assertEquals(1, answers.stream().map(a -> a.json().getString("id")).distinct().count(), answers.toString());
        assertEquals(1, Database.count("select count(*) from jobs where idempotency_key = ?", key));
    }

    @Test
    void aKeyLongerThan200CharactersIsRefused() {
        ApiClient tenant = admin.newTenant("submit-key-long-" + UUID.randomUUID());
        String tooLong = "k".repeat(201);

        for (String path : List.of("/api/contacts/export", "/api/contacts/import")) {
            JsonValue body = path.endsWith("export") ? csvExport()
                    : Json.createObjectBuilder().add("fileKey", "uploads/x/y.csv").build();
            ApiClient.Response refused = tenant.postWithHeader(path, body, "Idempotency-Key", tooLong);

            assertEquals(400, refused.status(), refused.body());
            assertEquals("INVALID_IDEMPOTENCY_KEY", refused.json().getString("code"));
            assertEquals("Idempotency-Key", refused.json().getString("field"));
        }
        assertEquals(202, tenant.postWithHeader("/api/contacts/export", csvExport(), "Idempotency-Key",
                "k".repeat(200)).status(), "200 characters are allowed");
        assertEquals(0, Database.count("select count(*) from jobs where idempotency_key = ?", tooLong));
    }

    @Test
    void aFullQueueAnswers429WithRetryAfterAndConcurrentSubmissionsCannotOverfillIt() throws Exception {
        String name = "submit-queue-" + UUID.randomUUID();
        ApiClient tenant = admin.newTenant(name);
        UUID tenantId = Database.value(UUID.class, "select id from tenants where name = ?", name);
        String otherName = "submit-queue-other-" + UUID.randomUUID();
        admin.newTenant(otherName);
        UUID otherId = Database.value(UUID.class, "select id from tenants where name = ?", otherName);
        List<String> accepted = new ArrayList<>();
        try {
            // Jobs that wait without a message (no node will take them): the queue fills without running anything.
            fillQueue(tenantId, 5000);
            ApiClient.Response full = tenant.post("/api/contacts/export", csvExport());
            assertEquals(429, full.status(), full.body());
            assertEquals("QUEUE_FULL", full.json().getString("code"));
            assertNotNull(full.header("Retry-After"), "429 says when to come back");
            assertTrue(Integer.parseInt(full.header("Retry-After")) > 0);
            Matcher limit = Pattern.compile("limit (\\d+)").matcher(full.json().getString("detail"));
            assertTrue(limit.find(), full.body());
            int queueLimit = Integer.parseInt(limit.group(1));

            // One place left: of several submissions at the same moment, exactly one takes it. The accepted job
            // must not start during the burst (a running job no longer waits, and would free its place again):
            // the tenant holds its fair share of the node's slots while another tenant has a job waiting, so the
            // node defers it, and it stays queued.
            Database.execute("delete from jobs where tenant_id = ? and file_name = 'filler'", tenantId);
            holdFairShare(tenantId, nodeId(tenant));
            fillQueue(otherId, 1);
            fillQueue(tenantId, queueLimit - 1);
            List<ApiClient.Response> answers = all(PARALLEL, () -> tenant.post("/api/contacts/export", csvExport()));
            answers.stream().filter(a -> a.status() == 202).forEach(a -> accepted.add(a.json().getString("id")));

            Map<Integer, Long> byStatus = answers.stream()
                    .collect(Collectors.groupingBy(ApiClient.Response::status, Collectors.counting()));
            assertEquals(Map.of(202, 1L, 429, (long) PARALLEL - 1), byStatus, answers.toString());
            assertEquals("queued", tenant.get("/api/jobs/" + accepted.get(0)).json().getString("status"),
                    "the accepted job still waits (deferred), so no place was freed during the burst");
            assertEquals(queueLimit, Database.count("select count(*) from jobs where tenant_id = ? and status in"
                    + " ('QUEUED', 'RETRY_SCHEDULED')", tenantId), "the fillers and the one accepted job");
        } finally {
            Database.execute("delete from jobs where tenant_id in (?, ?) and file_name = 'filler'", tenantId, otherId);
            for (String id : accepted) {
                tenant.post("/api/jobs/" + id + "/cancel");
            }
        }
    }

    private static void fillQueue(UUID tenantId, int jobs) {
        Database.execute("""
                insert into jobs (id, tenant_id, type, status, file_name, created_at)
                select gen_random_uuid(), ?, 'EXPORT', 'QUEUED', 'filler', now() from generate_series(1, ?)""",
                tenantId, jobs);
    }

    /** The node that runs this tenant's jobs (the test server has one): the node its first job ran on. */
    private static String nodeId(ApiClient tenant) {
        String id = tenant.post("/api/contacts/export", csvExport()).json().getString("id");
        assertEquals("completed", tenant.awaitSettled(id, Duration.ofMinutes(2)).getString("status"));
        String node = Database.value(String.class, "select node_id from jobs where id = ?", UUID.fromString(id));
        assertNotNull(node, "a job that ran names its node");
        return node;
    }

    /**
     * Rows of jobs this tenant runs on the node, as many as the node has slots (LADING_JOBS_CONCURRENCY, 4 on the
     * test server), so at least the tenant's fair share; beating now, so no sweep takes them for orphans.
     */
    private static void holdFairShare(UUID tenantId, String node) {
        Database.execute("""
                insert into jobs (id, tenant_id, type, status, file_name, node_id, heartbeat_at, started_at, attempts)
                select gen_random_uuid(), ?, 'EXPORT', 'RUNNING', 'filler', ?, now(), now(), 1
                  from generate_series(1, 4)""", tenantId, node);
    }

    @Test
    void badOptionsAreRefusedBeforeAnyJob() {
        ApiClient tenant = admin.newTenant("submit-options-" + UUID.randomUUID());
        String fileKey = tenant.post("/api/contacts/uploads",
                Json.createObjectBuilder().add("fileName", "o.csv").build()).json().getString("fileKey");
        record Case(String path, JsonObject body, String field) {
        }
        Function<JsonObject, JsonObject> importWith = options -> Json.createObjectBuilder().add("fileKey", fileKey)
                .add("options", options).build();
        Function<JsonObject, JsonObject> exportWith = options -> Json.createObjectBuilder(csvExport())
                .add("options", options).build();
        List<Case> cases = List.of(
                new Case("/api/contacts/import", importWith.apply(option("priority", "urgent")), "priority"),
                new Case("/api/contacts/import", importWith.apply(option("maxAttempts", 0)), "maxAttempts"),
                new Case("/api/contacts/import", importWith.apply(option("maxAttempts", 21)), "maxAttempts"),
                new Case("/api/contacts/import", importWith.apply(option("dedupe", "create")), "dedupe"),
                new Case("/api/contacts/import", importWith.apply(option("dedupe", "merge")), "dedupe"),
                new Case("/api/contacts/export", exportWith.apply(option("priority", "urgent")), "priority"),
                new Case("/api/contacts/export", exportWith.apply(option("maxAttempts", 0)), "maxAttempts"),
                new Case("/api/contacts/export", exportWith.apply(option("maxAttempts", 21)), "maxAttempts"));

        for (Case c : cases) {
            ApiClient.Response refused = tenant.post(c.path(), c.body());
            assertEquals(400, refused.status(), c + " " + refused.body());
            assertEquals("INVALID_OPTION", refused.json().getString("code"), c.toString());
            assertEquals(c.field(), refused.json().getString("field"), c.toString());
        }
        assertEquals(0, tenant.get("/api/jobs").json().getJsonArray("items").size());
    }

    @Test
    void aJsonRequestWithoutABodyIsRefusedWithMissingBodyAndMakesNothing() {
        ApiClient tenant = admin.newTenant("submit-no-body-" + UUID.randomUUID());
        Map<String, String> expected = Map.of(
                "/api/contacts/import", "fileKey or fileUrl",
                "/api/contacts/export", "format and selectColumns",
                "/api/companies/export", "format and selectColumns",
                "/api/schedules", "name, cron, timeZone and job",
                "/api/webhooks", "url and events");
        expected.forEach((path, what) -> {
            ApiClient.Response refused = tenant.postFile(path, new byte[0], "application/json");
            assertEquals(400, refused.status(), path + " " + refused.body());
            assertEquals("MISSING_BODY", refused.json().getString("code"), path);
            assertEquals("Send a JSON body with " + what, refused.json().getString("detail"), path);
        });
        assertEquals(0, tenant.get("/api/jobs").json().getJsonArray("items").size());
        assertEquals(0, tenant.get("/api/schedules").json().getJsonArray("items").size());
        assertEquals(0, tenant.get("/api/webhooks").json().getJsonArray("items").size());
    }

    private static JsonObject option(String name, Object value) {
        var builder = Json.createObjectBuilder();
        if (value instanceof Integer n) {
            builder.add(name, n);
        } else {
            builder.add(name, value.toString());
        }
        return builder.build();
    }

    @Test
    void dedupeSkipLeavesExistingContactsAsTheyWereAndCountsThemSkipped() {
        String name = "submit-skip-" + UUID.randomUUID();
        ApiClient tenant = admin.newTenant(name);
        UUID tenantId = Database.value(UUID.class, "select id from tenants where name = ?", name);
        String first = tenant.postFile("/api/contacts/import?fileName=first.csv",
                ContactsCsv.rows(30).domain("skip.example.com").namePrefix("Old").bytes(), "text/csv")
                .json().getString("id");
        assertEquals("completed", tenant.awaitSettled(first, TIMEOUT).getString("status"));
        List<String> before = Database.strings("select email || '|' || first_name from contacts where tenant_id = ?"
                + " order by email", tenantId);

        // Rows 21-50: 10 contacts known (skipped), 20 new.
        JsonObject second = tenant.awaitSettled(tenant.postFile("/api/contacts/import?fileName=second.csv&dedupe=skip",
                ContactsCsv.rows(30).startingAt(21).domain("skip.example.com").namePrefix("New").bytes(), "text/csv")
                .json().getString("id"), TIMEOUT);

        assertEquals("completed", second.getString("status"), second.toString());
        assertEquals(10, second.getInt("skippedRows"), second.toString());
        assertEquals(20, second.getInt("createdRows"));
        assertEquals(0, second.getInt("updatedRows"));
        assertEquals(before, Database.strings("select email || '|' || first_name from contacts where tenant_id = ?"
                + " and first_name like 'Old%' order by email", tenantId), "known contacts kept their values");
        assertEquals(50, Database.count("select count(*) from contacts where tenant_id = ?", tenantId));
        assertEquals(20, Database.count("select count(*) from contacts where tenant_id = ? and first_name like 'New%'",
                tenantId));
    }

    @Test
    void retryingACompletedJobIsRefusedAndSoIsRetryingTheRowsOfAnImportThatRejectedNone() {
        ApiClient tenant = admin.newTenant("submit-retry-" + UUID.randomUUID());
        String jobId = tenant.postFile("/api/contacts/import?fileName=clean.csv",
                ContactsCsv.rows(5).domain("clean.example.com").bytes(), "text/csv").json().getString("id");
        JsonObject done = tenant.awaitSettled(jobId, TIMEOUT);
        assertEquals("completed", done.getString("status"));
        assertEquals(0, done.getInt("failedRows"));

        ApiClient.Response retry = tenant.post("/api/jobs/" + jobId + "/retry");
        ApiClient.Response retryFailed = tenant.post("/api/contacts/import/" + jobId + "/retry-failed",
                JsonValue.EMPTY_JSON_OBJECT);

        assertEquals(409, retry.status(), retry.body());
        assertEquals("JOB_NOT_RETRYABLE", retry.json().getString("code"));
        assertEquals(409, retryFailed.status(), retryFailed.body());
        assertEquals("NOTHING_TO_RETRY", retryFailed.json().getString("code"));
        assertEquals(1, Database.count("select count(*) from jobs where id = ?::uuid or parent_id = ?::uuid",
                jobId, jobId), "no child import was queued");
        assertEquals("completed", tenant.get("/api/jobs/" + jobId).json().getString("status"));
    }

    @Test
    void aFailureRetryingCannotFixEndsFailedAtOnceAndOneThatMayPassEndsDeadAfterItsAttempts() throws IOException {
        ApiClient tenant = admin.newTenant("submit-ends-" + UUID.randomUUID());
        // A zip archive that is not a workbook: no attempt can read it.
        String broken = tenant.postFile("/api/contacts/import?fileName=broken.xlsx&maxAttempts=3", zipOfText(), XLSX)
                .json().getString("id");
        // A file that is not uploaded yet may arrive: worth retrying, but this job has one attempt.
        String ticket = tenant.post("/api/contacts/uploads",
                Json.createObjectBuilder().add("fileName", "l.csv").build()).json().getString("fileKey");
        String late = tenant.post("/api/contacts/import", Json.createObjectBuilder().add("fileKey", ticket)
                .add("options", Json.createObjectBuilder().add("maxAttempts", 1)).build()).json().getString("id");

        JsonObject failed = tenant.awaitSettled(broken, TIMEOUT);
        JsonObject dead = tenant.awaitSettled(late, TIMEOUT);

        assertEquals("failed", failed.getString("status"), failed.toString());
        assertEquals("UNSUPPORTED_FORMAT", failed.getString("failureCode"));
        assertEquals(1, failed.getInt("attempts"), "no retry for a failure retrying cannot fix");
        assertEquals("dead", dead.getString("status"), dead.toString());
        assertEquals("MISSING_FILE", dead.getString("failureCode"));
        assertTrue(statuses(tenant, broken).contains("failed"), "the timeline shows the failure");
        assertEquals(202, tenant.post("/api/jobs/" + broken + "/retry").status(), "a failed job can be retried");
    }

    @Test
    void theStartOfARollbackAndAnExportsExpiryAreInTheJobsTimeline() {
        String name = "submit-timeline-" + UUID.randomUUID();
        ApiClient tenant = admin.newTenant(name);
        UUID tenantId = Database.value(UUID.class, "select id from tenants where name = ?", name);
        String imported = tenant.postFile("/api/contacts/import?fileName=t.csv",
                ContactsCsv.rows(10).domain("timeline.example.com").bytes(), "text/csv").json().getString("id");
        assertEquals("completed", tenant.awaitSettled(imported, TIMEOUT).getString("status"));
        String export = tenant.post("/api/contacts/export", csvExport()).json().getString("id");
        assertEquals("completed", tenant.awaitSettled(export, TIMEOUT).getString("status"));

        ApiClient.Response rollback = tenant.post("/api/contacts/import/" + imported + "/rollback");
        assertEquals(202, rollback.status(), rollback.body());
        ApiClient.Response expiry = admin.post("/api/admin/exports/expire?olderThanSeconds=0&tenantId=" + tenantId);
        assertEquals(200, expiry.status(), expiry.body());

        List<String> importStatuses = statuses(tenant, imported);
        assertTrue(importStatuses.contains("rolling_back"), "rollback start recorded: " + importStatuses);
        tenant.awaitSettled(rollback.json().getString("id"), TIMEOUT);
        assertTrue(statuses(tenant, imported).contains("rolled_back"));
        assertEquals("expired", tenant.get("/api/contacts/export/" + export).json().getString("status"));
        List<String> exportStatuses = statuses(tenant, export);
        assertEquals("expired", exportStatuses.get(exportStatuses.size() - 1), "expiry recorded: " + exportStatuses);
    }

    /** The statuses of the job's timeline events, oldest first. */
    private static List<String> statuses(ApiClient tenant, String jobId) {
        ApiClient.Response timeline = tenant.get("/api/jobs/" + jobId + "/timeline");
        assertEquals(200, timeline.status(), timeline.body());
        return Json.createReader(new StringReader(timeline.body())).readArray().stream().map(JsonValue::asJsonObject)
                .filter(entry -> "event".equals(entry.getString("kind")))
                .map(entry -> entry.getString("status")).toList();
    }

    private static byte[] zipOfText() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("notes.txt"));
            zip.write("not a workbook".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    /** Runs {@code n} calls at the same moment and returns their answers. */
    private static <T> List<T> all(int n, Callable<T> call) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch ready = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.call();
                }));
            }
            ready.await();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }
}
