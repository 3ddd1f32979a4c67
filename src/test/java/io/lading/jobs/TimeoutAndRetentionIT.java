package io.lading.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.testsupport.ApiClient;
import io.lading.testsupport.Bucket;
import io.lading.testsupport.ContactsCsv;
import io.lading.testsupport.Database;
import io.lading.testsupport.JobRow;
import io.lading.testsupport.ServerProcess;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three engine rules that take minutes, hours or days with the defaults, on a server of its own configured to make
 * them take seconds: a per-type timeout of 3 s for imports ({@code LADING_JOBS_TIMEOUT_IMPORT_MINUTES=0.05}, retries
 * after about a second), a progress grace of 5 s ({@code LADING_JOBS_PROGRESS_GRACE_SECONDS}: a running job that
 * commits nothing for that long fails its attempt), and the job retention running every minute
 * ({@code LADING_JOBS_RETENTION_HOUR} and {@code _MINUTE} {@code *}) with its default age of 30 days, against jobs
 * the test ages in the database.
 *
 * <p>The server ({@link ServerProcess#besideTheTests}, in {@code target/limits-server}) shares PostgreSQL, and with it
 * the cluster's persistent timer store, with the other integration tests: its every-minute retention timer stays
 * there after it stops. That prunes only jobs that ended more than 30 days ago, which no other test makes.
 */
class TimeoutAndRetentionIT {

    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
    /** Far more than two 3-second attempts can import on a fast machine (the second resumes from the checkpoint). */
    private static final int TIMEOUT_ROWS = 1_000_000;
    private static final int PROGRESS_GRACE_SECONDS = 5;
    /** Three of the CSV export's 50,000-row ranges: the first chunk ends after the stall, the stop lands before the next. */
    private static final int STALLED_EXPORT_ROWS = 120_000;

    private static ServerProcess server;
    private static ApiClient admin;

    @BeforeAll
    static void startServer() throws Exception {
        server = ServerProcess.besideTheTests("limits-server", Map.of(
                "LADING_NODE_ID", "limits-node",
                "LADING_JOBS_TIMEOUT_IMPORT_MINUTES", "0.05",
                "LADING_JOBS_BACKOFF_BASE_SECONDS", "1",
                "LADING_JOBS_PROGRESS_GRACE_SECONDS", String.valueOf(PROGRESS_GRACE_SECONDS),
                "LADING_JOBS_RETENTION_HOUR", "*",
                "LADING_JOBS_RETENTION_MINUTE", "*"));
        server.start();
        server.awaitReady(BOOT_TIMEOUT);
        admin = new ApiClient(server.baseUrl(), System.getenv("LADING_DEMO_ADMIN_KEY"));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anImportRunningPastItsTypesTimeoutFailsWithTimeoutAndFollowsTheRetryRules() throws Exception {
        String domain = "timeout-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        ApiClient tenant = admin.newTenant(domain);
        Path file = Files.createTempFile("timeout-", ".csv");
        try {
            ContactsCsv.rows(TIMEOUT_ROWS).domain(domain).writeTo(file);
            ApiClient.Response accepted = tenant.postFile("/api/contacts/import?fileName=slow.csv&maxAttempts=2", file,
                    "text/csv");
            assertEquals(202, accepted.status(), accepted.body());
            String jobId = accepted.json().getString("id");
            UUID id = UUID.fromString(jobId);

            JsonObject first = tenant.awaitJob(jobId, JOB_TIMEOUT, job -> job.getInt("attempts") >= 1
                    && !List.of("queued", "running").contains(job.getString("status")));
            assertEquals("retry_scheduled", first.getString("status"), "an attempt left: retried, " + first);
            assertEquals("TIMEOUT", first.getString("failureCode"), first.toString());
            assertTrue(first.containsKey("nextAttemptAt") && !first.isNull("nextAttemptAt"), first.toString());

            JsonObject last = tenant.awaitJob(jobId, JOB_TIMEOUT, job -> !"retry_scheduled".equals(job.getString("status"))
                    && ApiClient.SETTLED.contains(job.getString("status")));
            assertEquals("dead", last.getString("status"), "no attempt left: dead, " + last);
            assertEquals("TIMEOUT", last.getString("failureCode"), last.toString());
            assertEquals(2, last.getInt("attempts"), last.toString());

            List<JobRow.Event> timeline = JobRow.events(id);
            List<JobRow.Event> failures = timeline.stream()
                    .filter(e -> e.status().equals("RETRY_SCHEDULED") || e.status().equals("DEAD")).toList();
            assertEquals(List.of("RETRY_SCHEDULED", "DEAD"), failures.stream().map(JobRow.Event::status).toList(),
                    timeline.toString());
            for (JobRow.Event failure : failures) {
                assertTrue(failure.message().startsWith("TIMEOUT") || failure.message().contains("longer than its limit"),
                        "each attempt failed by the timeout: " + failure);
                Instant attemptStart = timeline.stream().filter(e -> e.status().equals("RUNNING")
                        && e.attempt() == failure.attempt()).map(JobRow.Event::at).findFirst().orElseThrow();
                Duration ran = Duration.between(attemptStart, failure.at());
                assertTrue(ran.compareTo(Duration.ofSeconds(3)) >= 0 && ran.compareTo(Duration.ofSeconds(30)) < 0,
                        "attempt " + failure.attempt() + " ended " + ran + " after it started; the limit is 3 s");
            }
            JobRow row = JobRow.read(id);
            assertTrue(row.processedRows() < TIMEOUT_ROWS, "stopped before the end: " + row);
            assertEquals(row.createdRows(), Database.count("select count(*) from contacts where email like ?",
                    "%@" + domain), "the contacts are those of the chunks committed before each stop");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void anExportThatCommitsNothingForTheProgressGraceFailsItsAttemptAndTheRetryFinishesTheFile() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String domain = "stall-" + run + ".example.com";
        JsonObject created = admin.post("/api/admin/tenants", Json.createObjectBuilder().add("name", "stall-" + run)
                .build()).json();
        Database.insertContacts(UUID.fromString(created.getString("tenantId")), STALLED_EXPORT_ROWS, domain);
        ApiClient tenant = admin.withKey(created.getString("userKey"));
        String jobId;
        // The export's first page waits for this lock: its batch thread is alive but makes no progress, as one stuck
        // on a dead connection would.
        try (Connection holder = Database.connect()) {
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                lock.execute("lock table contacts in access exclusive mode");
            }
            ApiClient.Response accepted = tenant.post("/api/contacts/export", Json.createObjectBuilder()
                    .add("format", "csv").add("selectColumns", Json.createArrayBuilder().add("email")).build());
            assertEquals(202, accepted.status(), accepted.body());
            jobId = accepted.json().getString("id");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!stallWarned(jobId) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            holder.rollback();
        }
        assertTrue(stallWarned(jobId), "no warning within 60 s that job " + jobId + " committed no progress for "
                + PROGRESS_GRACE_SECONDS + " s; see " + server.serverLog());

        JsonObject done = tenant.awaitJob(jobId, JOB_TIMEOUT, job -> !"retry_scheduled".equals(job.getString("status"))
                && ApiClient.SETTLED.contains(job.getString("status")));
        assertEquals("completed", done.getString("status"), done.toString());
        assertEquals(2, done.getInt("attempts"), "the stalled attempt failed, the retry finished: " + done);
        assertEquals(STALLED_EXPORT_ROWS, done.getInt("processedRows"), done.toString());
        List<JobRow.Event> retries = JobRow.events(UUID.fromString(jobId)).stream()
                .filter(e -> e.status().equals("RETRY_SCHEDULED")).toList();
        assertEquals(1, retries.size(), retries.toString());
        assertTrue(retries.get(0).message().contains("committed no progress"), retries.toString());

        ApiClient.Response link = tenant.get("/api/contacts/export/" + jobId + "/download");
        assertEquals(200, link.status(), link.body());
        HttpResponse<String> file = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(link.json().getString("downloadUrl"))).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, file.statusCode());
        List<String> lines = file.body().lines().toList();
        assertEquals("email", lines.get(0));
        Set<String> emails = new HashSet<>(lines.subList(1, lines.size()));
        assertEquals(STALLED_EXPORT_ROWS, lines.size() - 1, "one line per contact");
        assertEquals(STALLED_EXPORT_ROWS, emails.size(), "no contact twice: the retry continued the upload");
        assertTrue(emails.stream().allMatch(e -> e.endsWith("@" + domain)), "only the tenant's contacts");
    }

    @Test
    void retentionRemovesOldFinishedJobsWithTheirFilesAndNothingElse() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        ApiClient tenant = admin.newTenant("retention-" + run);
        ApiClient otherTenant = admin.newTenant("retention-other-" + run);
        String domain = "retention-" + run + ".example.com";

        UUID oldImport = importFile(tenant, ContactsCsv.rows(20).badEvery(4).domain(domain));
        UUID oldExport = export(tenant);
        UUID sharedOld = importFile(tenant, ContactsCsv.rows(5).startingAt(100).domain(domain));
        String sharedKey = fileKey(sharedOld);
        ApiClient.Response again = tenant.post("/api/contacts/import", Json.createObjectBuilder()
                .add("fileKey", sharedKey).add("fileName", "again.csv").build());
        assertEquals(202, again.status(), again.body());
        UUID sharedRecent = settled(tenant, again.json().getString("id"));
        UUID oldUnfinished = importFile(tenant, ContactsCsv.rows(3).startingAt(200).domain(domain));
        UUID recentImport = importFile(tenant, ContactsCsv.rows(3).startingAt(300).domain(domain));
        UUID otherRecentExport = export(otherTenant);
        assertTrue(Database.count("select count(*) from import_errors where job_id = ?", oldImport) > 0,
                "the old import has an error report");

        // Ended 31 days ago: past the default retention of 30 days.
        for (UUID old : List.of(oldImport, oldExport, sharedOld)) {
            Database.execute("update jobs set created_at = now() - interval '32 days', started_at = now() - interval"
                    + " '32 days', completed_at = now() - interval '31 days' where id = ?", old);
        }
        // A job that ended long ago and was revived: waiting for its retry, not finished.
        Database.execute("update jobs set status = 'RETRY_SCHEDULED', next_attempt_at = now() + interval '1 day',"
                + " created_at = now() - interval '40 days', completed_at = now() - interval '40 days' where id = ?",
                oldUnfinished);

        try {
            try (Bucket bucket = new Bucket()) {
                List<String> filesBefore = List.of(fileKey(oldImport), fileKey(oldExport), sharedKey, fileKey(recentImport),
                        fileKey(otherRecentExport));
                for (String key : filesBefore) {
                    assertEquals(List.of(key), bucket.objects(key), "stored before the retention runs");
                }
                String oldImportFile = fileKey(oldImport);
                String oldExportFile = fileKey(oldExport);
                long contacts = Database.count("select count(*) from contacts where email like ?", "%@" + domain);

                // The retention timer fires at the next whole minute.
                long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
                while (exists(oldImport) && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                }
                assertFalse(exists(oldImport), "the retention did not remove the old import within 150 s; see "
                        + server.serverLog());
                assertFalse(exists(oldExport), "old export");
                assertFalse(exists(sharedOld), "old import of a shared file");
                for (UUID gone : List.of(oldImport, oldExport, sharedOld)) {
                    assertEquals(0, Database.count("select count(*) from job_events where job_id = ?", gone), "timeline");
                }
                assertEquals(0, Database.count("select count(*) from import_errors where job_id = ?", oldImport),
                        "the error report's rows");
                assertEquals(List.of(), bucket.objects(oldImportFile), "the old import's file");
                assertEquals(List.of(), bucket.objects(oldExportFile), "the old export's file");

                for (UUID kept : List.of(sharedRecent, oldUnfinished, recentImport, otherRecentExport)) {
                    assertTrue(exists(kept), "job " + kept + " is kept");
                }
                assertEquals(List.of(sharedKey), bucket.objects(sharedKey), "a file a kept job refers to stays");
                assertEquals(List.of(fileKey(recentImport)), bucket.objects(fileKey(recentImport)), "recent import's file");
                assertEquals(List.of(fileKey(otherRecentExport)), bucket.objects(fileKey(otherRecentExport)),
                        "the other tenant's recent export");
                assertEquals(contacts, Database.count("select count(*) from contacts where email like ?", "%@" + domain),
                        "contacts stay");
            }
        } finally {
            // It would wait a day for its retry: later tests on this database expect no job of this one waiting.
            // (Not asserted here, so that a failure above is the one reported.)
            tenant.post("/api/jobs/" + oldUnfinished + "/cancel");
        }
    }

    private static boolean stallWarned(String jobId) throws Exception {
        String warning = "Job " + jobId + ": Batch execution ";
        String stall = "committed no progress for " + PROGRESS_GRACE_SECONDS + " s";
        return Files.readString(server.serverLog()).lines().anyMatch(l -> l.contains(warning) && l.contains(stall));
    }

    private static UUID importFile(ApiClient tenant, ContactsCsv file) {
        ApiClient.Response accepted = tenant.postFile("/api/contacts/import?fileName=r.csv", file.bytes(), "text/csv");
        assertEquals(202, accepted.status(), accepted.body());
        return settled(tenant, accepted.json().getString("id"));
    }

    private static UUID export(ApiClient tenant) {
        ApiClient.Response accepted = tenant.post("/api/contacts/export", Json.createObjectBuilder().add("format", "csv")
                .add("selectColumns", Json.createArrayBuilder().add("email")).build());
        assertEquals(202, accepted.status(), accepted.body());
        return settled(tenant, accepted.json().getString("id"));
    }

    private static UUID settled(ApiClient tenant, String id) {
        JsonObject job = tenant.awaitSettled(id, JOB_TIMEOUT);
        assertEquals("completed", job.getString("status"), job.toString());
        return UUID.fromString(id);
    }

    private static String fileKey(UUID job) {
        return Database.value(String.class, "select file_key from jobs where id = ?", job);
    }

    private static boolean exists(UUID job) {
        return Database.count("select count(*) from jobs where id = ?", job) > 0;
    }
}
