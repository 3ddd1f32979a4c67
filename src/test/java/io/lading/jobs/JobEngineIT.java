package io.lading.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.testsupport.ApiClient;
import io.lading.testsupport.ContactsCsv;
import io.lading.testsupport.Database;
import io.lading.testsupport.LadingDeployment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The job engine's promises, for any job type, shown with imports: cancel, retry, fairness, events. */
@ExtendWith(ArquillianExtension.class)
class JobEngineIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(4);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return LadingDeployment.war();
    }

    private final ApiClient admin = ApiClient.admin();

    @Test
    void cancellingARunningImportStopsItAtAChunkBoundaryWithItsCountsSoFar() {
        ApiClient tenant = admin.newTenant("engine-cancel-" + UUID.randomUUID());
        ContactsCsv file = ContactsCsv.rows(300_000).domain("cancel.example.com");
        String jobId = tenant.postFile("/api/contacts/import?fileName=big.csv", file.bytes(), "text/csv")
                .json().getString("id");
        tenant.awaitJob(jobId, TIMEOUT, job -> job.getInt("processedRows") > 0);

        Instant asked = Instant.now();
        ApiClient.Response cancel = tenant.post("/api/jobs/" + jobId + "/cancel");
        Duration answeredIn = Duration.between(asked, Instant.now());

        assertEquals(202, cancel.status(), cancel.body());
        assertTrue(answeredIn.toMillis() < 2000, "cancel answered in " + answeredIn);
        JsonObject job = tenant.awaitSettled(jobId, TIMEOUT);
        assertEquals("cancelled", job.getString("status"));
        assertTrue(job.getInt("processedRows") < 300_000, job.toString());
        assertEquals(job.getInt("createdRows"),
                Database.count("select count(*) from contacts where email like '%@cancel.example.com'"),
                "the contacts written are exactly the committed chunks");
        assertEquals(409, tenant.post("/api/jobs/" + jobId + "/cancel").status(), "a cancelled job cannot be cancelled again");
    }

    @Test
    void aJobWhoseFileIsMissingEndsDeadAndCompletesWhenRetriedAfterTheUpload() {
        ApiClient tenant = admin.newTenant("engine-retry-" + UUID.randomUUID());
        JsonObject ticket = tenant.post("/api/contacts/uploads",
                Json.createObjectBuilder().add("fileName", "late.csv").build()).json();
        String jobId = tenant.post("/api/contacts/import", Json.createObjectBuilder()
                .add("fileKey", ticket.getString("fileKey"))
                .add("options", Json.createObjectBuilder().add("maxAttempts", 1)).build()).json().getString("id");
        JsonObject dead = tenant.awaitSettled(jobId, TIMEOUT);
        assertEquals("dead", dead.getString("status"));
        assertTrue(dead.getString("failureReason").contains(ticket.getString("fileKey")));

        assertEquals(200, tenant.putTo(ticket.getString("uploadUrl"),
                ContactsCsv.rows(40).domain("late.example.com").bytes()).status());
        ApiClient.Response retry = tenant.post("/api/jobs/" + jobId + "/retry");

        assertEquals(202, retry.status(), retry.body());
        JsonObject job = tenant.awaitJob(jobId, TIMEOUT, j -> j.getString("status").equals("completed")
                || j.getString("status").equals("dead"));
        assertEquals("completed", job.getString("status"), job.toString());
        assertEquals(2, job.getInt("attempts"));
        assertEquals(40, Database.count("select count(*) from contacts where email like '%@late.example.com'"));
    }

    @Test
    void aSmallJobOfOneTenantRunsBeforeAnotherTenantsTwentyLargeOnesDrain() throws Exception {
        ApiClient busy = admin.newTenant("engine-busy-" + UUID.randomUUID());
        ApiClient small = admin.newTenant("engine-small-" + UUID.randomUUID());
        // One upload, twenty jobs over it, sent at once (one at a time, on a busy machine the first ones could
        // finish before the last were sent, and no queue would form): queued before the small one.
        JsonObject ticket = busy.post("/api/contacts/uploads",
                Json.createObjectBuilder().add("fileName", "large.csv").build()).json();
        assertEquals(200, busy.putTo(ticket.getString("uploadUrl"),
                ContactsCsv.rows(100_000).domain("busy.example.com").bytes()).status());
        List<Callable<String>> submissions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            submissions.add(() -> busy.post("/api/contacts/import", Json.createObjectBuilder()
                    .add("fileKey", ticket.getString("fileKey"))
                    .add("options", Json.createObjectBuilder().add("dryRun", true)).build()).json().getString("id"));
        }
        ExecutorService senders = Executors.newFixedThreadPool(20);
        List<String> large = new ArrayList<>();
        try {
            for (Future<String> id : senders.invokeAll(submissions)) {
                large.add(id.get());
            }
        } finally {
            senders.shutdown();
        }
        String smallJob = small.postFile("/api/contacts/import?fileName=small.csv",
                ContactsCsv.rows(10).domain("small.example.com").bytes(), "text/csv").json().getString("id");

        JsonObject done = small.awaitSettled(smallJob, TIMEOUT);
        assertEquals("completed", done.getString("status"));
        // Judged by start times (the database's clock), not by what is still queued when the small job ends: its
        // own run may outlast the start of the rest on a busy machine.
        java.time.OffsetDateTime smallStarted = java.time.OffsetDateTime.parse(done.getString("startedAt"));
        long largeStartedLater = large.stream().map(id -> busy.get("/api/jobs/" + id).json())
                .filter(job -> !job.containsKey("startedAt") || job.isNull("startedAt")
                        || java.time.OffsetDateTime.parse(job.getString("startedAt")).isAfter(smallStarted))
                .count();
        assertTrue(largeStartedLater > 0, "the small job started before the busy tenant's twenty jobs had all started");
        large.forEach(id -> busy.post("/api/jobs/" + id + "/cancel"));
        large.forEach(id -> busy.awaitSettled(id, TIMEOUT));
    }

    @Test
    void eventsStreamProgressAndEndWithTheFinalStatus() throws Exception {
        ApiClient tenant = admin.newTenant("engine-sse-" + UUID.randomUUID());
        List<String> events = new ArrayList<>();
        List<String> data = new ArrayList<>();
        int status;
        try (Connection db = Database.connect()) {
            db.setAutoCommit(false);
            // While the test holds this lock, writes to contacts wait: the import runs but cannot end, however fast
            // the machine, until the stream has shown it running. (A file large enough to outlast a second's
            // progress event was a race the import began to win.)
            try (Statement lock = db.createStatement()) {
                lock.execute("lock table contacts in share mode");
            }
            String jobId = tenant.postFile("/api/contacts/import?fileName=sse.csv",
                    ContactsCsv.rows(20_000).domain("sse.example.com").bytes(), "text/csv").json().getString("id");
            HttpRequest request = HttpRequest.newBuilder(URI.create(ApiClient.baseUrl() + "/api/jobs/" + jobId
                            + "/events"))
                    .header("X-API-Key", keyOf(tenant)).header("Accept", "text/event-stream")
                    .timeout(TIMEOUT).build();
            HttpResponse<java.util.stream.Stream<String>> response = HttpClient.newHttpClient()
                    .send(request, HttpResponse.BodyHandlers.ofLines());
            status = response.statusCode();
            // Should no progress event come, the lock goes all the same: the job ends, and the stream with it, so
            // the test fails instead of waiting for ever.
            ScheduledExecutorService deadline = Executors.newSingleThreadScheduledExecutor();
            deadline.schedule(() -> {
                db.rollback();
                return null;
            }, TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            try {
                Iterator<String> lines = response.body().iterator();
                while (lines.hasNext()) {
                    String line = lines.next();
                    if (line.startsWith("event:")) {
                        events.add(line.substring(6).trim());
                        if (events.get(events.size() - 1).equals("progress")) {
                            db.rollback();
                        }
                    } else if (line.startsWith("data:")) {
                        data.add(line.substring(5).trim());
                    }
                }
            } finally {
                deadline.shutdownNow();
            }
        }

        assertEquals(200, status);
        assertTrue(events.contains("progress"), "progress events while running: " + events);
        assertEquals("status", events.get(events.size() - 1));
        JsonObject last = Json.createReader(new StringReader(data.get(data.size() - 1))).readObject();
        assertEquals("completed", last.getString("status"));
        assertEquals(20_000, last.getInt("createdRows"));
    }

    @Test
    void aRepeatedIdempotencyKeyReturnsTheFirstJob() {
        ApiClient tenant = admin.newTenant("engine-idem-" + UUID.randomUUID());
        String key = UUID.randomUUID().toString();
        JsonObject body = Json.createObjectBuilder().add("fileKey", tenant.post("/api/contacts/uploads",
                Json.createObjectBuilder().add("fileName", "i.csv").build()).json().getString("fileKey"))
                .add("options", Json.createObjectBuilder().add("maxAttempts", 1)).build();

        String first = tenant.postWithHeader("/api/contacts/import", body, "Idempotency-Key", key).json().getString("id");
        String second = tenant.postWithHeader("/api/contacts/import", body, "Idempotency-Key", key).json().getString("id");

        assertEquals(first, second);
        assertEquals(1, Database.count("select count(*) from jobs where idempotency_key = ?", key));
    }

    @Test
    void statsCountJobsByTypeAndStatus() {
        ApiClient tenant = admin.newTenant("engine-stats-" + UUID.randomUUID());
        String jobId = tenant.postFile("/api/contacts/import?fileName=s.csv",
                ContactsCsv.rows(5).domain("stats.example.com").bytes(), "text/csv").json().getString("id");
        tenant.awaitSettled(jobId, TIMEOUT);

        JsonObject stats = tenant.get("/api/jobs/stats").json();

        assertEquals(1, stats.getJsonArray("counts").size(), stats.toString());
        JsonObject count = stats.getJsonArray("counts").getJsonObject(0);
        assertEquals("import", count.getString("type"));
        assertEquals("completed", count.getString("status"));
        assertEquals(1, count.getInt("jobs"));
        assertEquals(0, stats.getInt("queueDepth"));
    }

    @Test
    void theJobListPagesNewestFirstWithoutGapsAndFiltersByTypeStatusTextAndTime() {
        String name = "engine-list-" + UUID.randomUUID();
        ApiClient tenant = admin.newTenant(name);
        UUID tenantId = Database.value(UUID.class, "select id from tenants where name = ?", name);
        OffsetDateTime base = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).minusHours(1);
        // Two pairs share a creation time: pages must break ties by id, neither skipping nor repeating a job.
        UUID percent = insertJob(tenantId, "IMPORT", "COMPLETED", "March 50%_off.csv", null, base);
        UUID missing = insertJob(tenantId, "IMPORT", "DEAD", "b.csv", "The file is MISSING", base);
        UUID export = insertJob(tenantId, "EXPORT", "COMPLETED", "c.csv", null, base.plusMinutes(1));
        insertJob(tenantId, "IMPORT", "COMPLETED", "march 500 off.csv", null, base.plusMinutes(1));
        insertJob(tenantId, "IMPORT", "CANCELLED", "e.csv", null, base.plusMinutes(2));
        String newestFirst = " order by created_at desc, id desc";

        List<String> paged = new ArrayList<>();
        int pages = 0;
        String cursor = null;
        do {
            JsonObject page = tenant.get("/api/jobs?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            pages++;
            page.getJsonArray("items").forEach(job -> paged.add(job.asJsonObject().getString("id")));
            cursor = page.isNull("nextCursor") ? null : page.getString("nextCursor");
        } while (cursor != null);

        assertEquals(Database.strings("select id::text from jobs where tenant_id = ?" + newestFirst, tenantId), paged);
        assertEquals(3, pages);
        assertEquals(List.of(export.toString()), listed(tenant, "type=export"));
        assertEquals(Database.strings("select id::text from jobs where tenant_id = ? and type = 'IMPORT'"
                + " and status = 'COMPLETED'" + newestFirst, tenantId), listed(tenant, "type=import&status=completed"));
        // Text is a substring of the file name or the failure reason in any case, with % and _ taken literally.
        assertEquals(List.of(percent.toString()), listed(tenant, "q=" + encode("50%_")));
        assertEquals(List.of(missing.toString()), listed(tenant, "q=missing"));
        assertEquals(List.of(export.toString()), listed(tenant, "q=" + export));
        assertEquals(Database.strings("select id::text from jobs where tenant_id = ? and created_at = ?" + newestFirst,
                tenantId, base.plusMinutes(1)), listed(tenant, "from=" + encode(base.plusMinutes(1).toString())
                + "&to=" + encode(base.plusMinutes(2).toString())));
    }

    private static UUID insertJob(UUID tenantId, String type, String status, String fileName, String failureReason,
                                  OffsetDateTime createdAt) {
        UUID id = UUID.randomUUID();
        Database.execute("insert into jobs (id, tenant_id, type, status, file_name, failure_reason, created_at)"
                + " values (?, ?, ?, ?, ?, ?, ?)", id, tenantId, type, status, fileName, failureReason, createdAt);
        return id;
    }

    private static List<String> listed(ApiClient tenant, String query) {
        List<String> ids = new ArrayList<>();
        tenant.get("/api/jobs?" + query).json().getJsonArray("items")
                .forEach(job -> ids.add(job.asJsonObject().getString("id")));
        return ids;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String keyOf(ApiClient client) {
        return client.key();
    }
}
