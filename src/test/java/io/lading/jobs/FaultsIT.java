package io.lading.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lading.testsupport.ApiClient;
import io.lading.testsupport.ContactsCsv;
import io.lading.testsupport.Database;
import io.lading.testsupport.EmbeddedServicesListener;
import io.lading.testsupport.LadingDeployment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The services Lading depends on fail under a running job, and come back: PostgreSQL is stopped in the middle of
 * an import (sessions cut, as a restart does) and started again on the same port and data; S3 is stopped while an
 * export runs. Meanwhile the API answers 503 problem+json with Retry-After; afterwards the job completes with
 * every row exactly once (or ends dead with a clear reason, which is a failure here: the outage is shorter than
 * the job's attempts). Sizes and outage lengths are kept short for CI ({@code -Dlading.faults.rows},
 * {@code .pgDownSeconds}, {@code .s3DownSeconds}, {@code .exportAttempts}, {@code .timeoutMinutes});
 * {@code bench/faults} runs a million rows and a minute of each outage.
 */
@ExtendWith(ArquillianExtension.class)
class FaultsIT {

    private static final Logger LOG = Logger.getLogger(FaultsIT.class.getName());
    private static final int ROWS = Integer.getInteger("lading.faults.rows", 150_000);
    private static final Duration POSTGRES_DOWN = Duration.ofSeconds(Integer.getInteger("lading.faults.pgDownSeconds", 8));
    private static final Duration S3_DOWN = Duration.ofSeconds(Integer.getInteger("lading.faults.s3DownSeconds", 20));
    /** The export's attempts: the default 3 outlast 20 s of S3 away (backoff 10 s, then 20 s); a minute needs 5. */
    private static final int EXPORT_ATTEMPTS = Integer.getInteger("lading.faults.exportAttempts", 3);
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(Integer.getInteger("lading.faults.timeoutMinutes", 4));

    @Deployment(testable = false)
    static WebArchive deployment() {
        return LadingDeployment.war();
    }

    private final ApiClient admin = ApiClient.admin();

    @BeforeEach
    void requireOwnServices() {
        assumeTrue(EmbeddedServicesListener.controlsServices(),
                "PostgreSQL and S3 must be the embedded ones this run started, to stop and start them");
    }

    /** Whatever a test did, the next one finds both services up. */
    @AfterEach
    void restoreServices() throws Exception {
        EmbeddedServicesListener.startPostgres();
        EmbeddedServicesListener.startS3();
    }

    @Test
    void anImportOutlivesAPostgresRestartWithEveryRowWrittenOnce() throws Exception {
        String domain = "pg-restart-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        ApiClient tenant = admin.newTenant("faults-pg-" + domain);
        ContactsCsv file = ContactsCsv.rows(ROWS).domain(domain);

        ApiClient.Response accepted = tenant.postFile("/api/contacts/import?fileName=pg-restart.csv", file.bytes(),
                "text/csv");
        assertEquals(202, accepted.status(), accepted.body());
        String jobId = accepted.json().getString("id");
        JsonObject before = tenant.awaitJob(jobId, JOB_TIMEOUT, job -> job.getInt("processedRows") >= ROWS / 10
                || ApiClient.SETTLED.contains(job.getString("status")));
        assertEquals("running", before.getString("status"), "the import must still run when PostgreSQL stops: " + before);

        EmbeddedServicesListener.stopPostgres();
        Instant stoppedAt = Instant.now();
        long committedBefore = before.getJsonNumber("processedRows").longValue();
        LOG.info(() -> "PostgreSQL stopped after " + committedBefore + " of " + ROWS + " rows were reported");

        ApiClient.Response meanwhile = tenant.get("/api/jobs/" + jobId);
        assertServiceUnavailable(meanwhile);
        awaitUntil(stoppedAt.plus(POSTGRES_DOWN));
        EmbeddedServicesListener.startPostgres();
        Instant backAt = Instant.now();

        JsonObject job = tenant.awaitJob(jobId, JOB_TIMEOUT, FaultsIT::hasEnded);
        LOG.info(() -> "Import " + job.getString("status") + " " + Duration.between(backAt, Instant.now()).toSeconds()
                + " s after PostgreSQL came back (down " + Duration.between(stoppedAt, backAt).toSeconds() + " s), after "
                + job.getInt("attempts") + " attempts: " + job);
        assertEquals("completed", job.getString("status"), job.toString());
        assertEquals(ROWS, job.getJsonNumber("processedRows").longValue(), job.toString());
        assertEquals(ROWS, job.getJsonNumber("createdRows").longValue(), job.toString());
        assertEquals(0, job.getJsonNumber("updatedRows").longValue(), job.toString());
        assertEquals(0, job.getJsonNumber("failedRows").longValue(), job.toString());
        assertEquals(ROWS, Database.count("select count(*) from contacts where email like ?", "%@" + domain));
        assertEquals(ROWS, Database.count("select count(distinct lower(email)) from contacts where email like ?",
                "%@" + domain));
        // The outage fails the attempt that was running (its chunk rolled back); the runner records it once the
        // database answers again, and exactly one retry, resuming after the last committed chunk, completes it.
        assertEquals(2, job.getInt("attempts"), "one failed attempt, then the retry that completed: " + job);
        List<String> retries = Database.strings("select message from job_events where job_id = ? and status = 'RETRY_SCHEDULED'",
                UUID.fromString(jobId));
        assertEquals(1, retries.size(), "one attempt failed by the outage: " + retries);
    }

    @Test
    void anExportOutlivesS3BeingAwayAndHoldsEveryRow() throws Exception {
        JsonObject created = admin.post("/api/admin/tenants", Json.createObjectBuilder()
                .add("name", "faults-s3-" + UUID.randomUUID()).build()).json();
        UUID tenantId = UUID.fromString(created.getString("tenantId"));
        ApiClient tenant = admin.withKey(created.getString("userKey"));
        Database.insertContacts(tenantId, ROWS, "s3-away.example.com");
        long expected = Database.count("select count(*) from contacts where tenant_id = ?", tenantId);

        ApiClient.Response accepted = tenant.post("/api/contacts/export", Json.createObjectBuilder()
                .add("format", "csv")
                .add("selectColumns", Json.createArrayBuilder().add("email").add("firstName").add("company"))
                .add("options", Json.createObjectBuilder().add("maxAttempts", EXPORT_ATTEMPTS))
                .build());
        assertEquals(202, accepted.status(), accepted.body());
        String jobId = accepted.json().getString("id");
        // At once: the export cannot complete without S3 (its file is a multipart upload), so S3 is away for it.
        EmbeddedServicesListener.stopS3();
        Instant stoppedAt = Instant.now();

        ApiClient.Response upload = tenant.postFile("/api/contacts/import?fileName=while-s3-away.csv",
                ContactsCsv.rows(3).domain("s3-away.example.com").bytes(), "text/csv");
        assertServiceUnavailable(upload);
        awaitUntil(stoppedAt.plus(S3_DOWN));
        JsonObject during = tenant.get("/api/contacts/export/" + jobId).json();
        LOG.info(() -> "Export while S3 was away: " + during);
        assertFalse("completed".equals(during.getString("status")), "an export cannot complete without S3: " + during);
        EmbeddedServicesListener.startS3();
        Instant backAt = Instant.now();

        JsonObject job = tenant.awaitJob(jobId, JOB_TIMEOUT, FaultsIT::hasEnded);
        LOG.info(() -> "Export " + job.getString("status") + " " + Duration.between(backAt, Instant.now()).toSeconds()
                + " s after S3 came back (down " + Duration.between(stoppedAt, backAt).toSeconds() + " s), after "
                + job.getInt("attempts") + " attempts: " + job);
        if ("dead".equals(job.getString("status"))) {
            // Allowed by the contract, but only with a reason a user can act on.
            String reason = job.getString("failureReason", "");
            assertTrue(reason.contains("S3"), "a dead export says S3 failed: " + job);
        }
        assertEquals("completed", job.getString("status"), "the outage is shorter than the attempts: " + job);
        assertEquals(expected, job.getJsonNumber("rowCount").longValue(), job.toString());
        String url = tenant.get("/api/contacts/export/" + jobId + "/download").json().getString("downloadUrl");
        HttpResponse<String> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, download.statusCode());
        long lines = download.body().lines().count();
        assertEquals(expected + 1, lines, "a header line and one line per contact");
    }

    /** Completed, or out of attempts; a scheduled retry is not an end here. */
    private static boolean hasEnded(JsonObject job) {
        return !"retry_scheduled".equals(job.getString("status")) && ApiClient.SETTLED.contains(job.getString("status"));
    }

    private static void assertServiceUnavailable(ApiClient.Response response) {
        assertEquals(503, response.status(), response.body());
        assertTrue(response.header("Content-Type").startsWith("application/problem+json"), response.header("Content-Type"));
        assertNotNull(response.header("Retry-After"), "Retry-After");
        String code = response.json().getString("code");
        assertTrue(code.equals("SERVICE_UNAVAILABLE") || code.equals("STORAGE_UNAVAILABLE"), response.body());
    }

    /** Waits out the rest of an outage: the point is the time the service is away, not a condition. */
    private static void awaitUntil(Instant end) throws InterruptedException {
        long millis = Duration.between(Instant.now(), end).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
