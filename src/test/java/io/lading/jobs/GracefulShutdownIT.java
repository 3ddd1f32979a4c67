package io.lading.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.testsupport.ApiClient;
import io.lading.testsupport.ContactsCsv;
import io.lading.testsupport.Database;
import io.lading.testsupport.JobRow;
import io.lading.testsupport.ServerProcess;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A graceful stop (SIGTERM, as an orchestrator or {@code systemctl stop} sends it) in the middle of an import: the
 * node stops the job at its next chunk boundary and puts it back in the queue; started again, it resumes after the
 * last committed chunk and completes with every row written exactly once. {@link CrashRecoveryIT} does the same
 * with {@code kill -9}.
 *
 * <p>Runs a WildFly of its own ({@link ServerProcess#besideTheTests}, in {@code target/shutdown-server}), since
 * Arquillian cannot stop and restart its managed server; PostgreSQL and S3 are the ones every integration test
 * uses. {@code lading.shutdown.rows} (default 200,000) sizes the file.
 */
class GracefulShutdownIT {

    private static final Logger LOG = Logger.getLogger(GracefulShutdownIT.class.getName());
    private static final int ROWS = Integer.getInteger("lading.shutdown.rows", 200_000);
    private static final int STOP_AT_PERCENT = 15;
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(6);

    private static ServerProcess server;

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anImportStoppedByAGracefulShutdownResumesAfterRestartWithEveryRowOnce() throws Exception {
        String domain = "shutdown-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        server = ServerProcess.besideTheTests("shutdown-server", Map.of("LADING_NODE_ID", "shutdown-node"));
        server.start();
        server.awaitReady(BOOT_TIMEOUT);
        ApiClient admin = new ApiClient(server.baseUrl(), System.getenv("LADING_DEMO_ADMIN_KEY"));
        ApiClient tenant = admin.newTenant("shutdown-" + domain);
        Path file = Files.createTempFile("graceful-shutdown-", ".csv");
        try {
            ContactsCsv.rows(ROWS).domain(domain).writeTo(file);
            ApiClient.Response accepted = tenant.postFile("/api/contacts/import?fileName=shutdown.csv", file, "text/csv");
            assertEquals(202, accepted.status(), accepted.body());
            String jobId = accepted.json().getString("id");
            UUID id = UUID.fromString(jobId);

            JsonObject before = tenant.awaitJob(jobId, JOB_TIMEOUT, job -> job.getInt("progress") >= STOP_AT_PERCENT
                    || ApiClient.SETTLED.contains(job.getString("status")));
            assertEquals("running", before.getString("status"), "the import ended before the stop: " + before);
            Instant stopAt = Instant.now();
            server.stop();
            assertTrue(!server.isAlive(), "the server stopped");
            LOG.info(() -> "Graceful stop took " + Duration.between(stopAt, Instant.now()).toMillis() + " ms");

            // What the stop left: the job back in the queue after its last committed chunk, and just that chunk's rows.
            JobRow stopped = JobRow.read(id);
            long contactsAtStop = Database.count("select count(*) from contacts where email like ?", "%@" + domain);
            assertEquals("QUEUED", stopped.status(), "a gracefully stopped job waits in the queue: " + stopped
                    + " " + JobRow.events(id));
            assertTrue(stopped.checkpointRow() > 0 && stopped.processedRows() < ROWS,
                    "stopped mid-import, after a committed chunk: " + stopped);
            assertEquals(stopped.createdRows(), contactsAtStop, "the contacts committed are the ones the counters hold");
            assertTrue(JobRow.events(id).stream().anyMatch(e -> e.message().startsWith("stopped by server shutdown after row "
                    + stopped.checkpointRow())), "the timeline says the shutdown stopped it: " + JobRow.events(id));

            server.start();
            server.awaitReady(BOOT_TIMEOUT);
            JsonObject settled = tenant.awaitSettled(jobId, JOB_TIMEOUT);
            JobRow done = JobRow.read(id);
            List<JobRow.Event> timeline = JobRow.events(id);

            assertEquals("completed", settled.getString("status"), settled + " " + timeline + "; see " + server.serverLog());
            assertTrue(timeline.stream().anyMatch(e -> e.message().startsWith("resumed on shutdown-node after row "
                    + stopped.checkpointRow())), "resumed from its checkpoint: " + timeline);
            assertEquals(ROWS, done.processedRows(), "processedRows: a chunk was " + (done.processedRows() > ROWS
                    ? "counted twice" : "lost"));
            assertEquals(ROWS, done.createdRows(), "createdRows");
            assertEquals(0, done.updatedRows(), "updatedRows: a chunk committed before the stop was written again");
            assertEquals(0, done.failedRows() + done.skippedRows(), "failed or skipped rows");
            assertEquals(ROWS, settled.getJsonNumber("createdRows").longValue(), "createdRows as the API shows it");
            assertEquals(ROWS, Database.count("select count(*) from contacts where email like ?", "%@" + domain),
                    "contacts in the database");
            assertEquals(1, done.attempts(), "a resume after a shutdown continues the same attempt");
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
