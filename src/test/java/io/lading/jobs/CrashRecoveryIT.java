package io.lading.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.opencsv.CSVReader;
import io.lading.testsupport.ApiClient;
import io.lading.testsupport.ContactsCsv;
import io.lading.testsupport.Database;
import io.lading.testsupport.JobRow;
import io.lading.testsupport.KillableServer;
import io.lading.testsupport.ServerProcess;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Crash recovery end to end: a large import is running when the server's JVM is killed with {@code kill -9}; the
 * server is started again (same node id; the job's message waits in the tests' shared broker) and the job must
 * finish by itself, resuming after its last committed chunk, with every row written exactly once. Then the same for an export of those contacts: killed
 * once it has stored parts of its file, it continues the same multipart upload after the restart, and the file it
 * completes holds every row once, in order, with the size and SHA-256 the job records.
 *
 * <p>Not an Arquillian test: Arquillian cannot kill its managed server. This test runs a server of its own
 * ({@link KillableServer}: a WildFly, or a Payara domain in the Payara run) in {@code target/crash-server} (fresh
 * at every run) with ports 200 above the Arquillian-managed one's (WildFly: offset 300 by default, HTTP 8380;
 * Payara: port base 20200, HTTP 20280), so it runs beside that one; PostgreSQL and S3 are the ones {@code EmbeddedServicesListener} starts for all integration tests.
 *
 * <p>System properties: {@code lading.crash.rows} (default 1,000,000), {@code lading.crash.killAtPercent}
 * (default 30), {@code lading.crash.portShift}. The figures of the run (time to the kill, restart to ready, restart to completion, rows/s before
 * and after, final counts) are printed and written to {@code target/crash-recovery-report.txt}, which
 * {@code bench/crash-recovery} shows.
 */
class CrashRecoveryIT {

    private static final int ROWS = Integer.getInteger("lading.crash.rows", 1_000_000);
    private static final int KILL_AT_PERCENT = Integer.getInteger("lading.crash.killAtPercent", 30);
    /** 200 above the Arquillian-managed server's ports (WildFly: offset 300, HTTP 8380; Payara: HTTP 20280). */
    private static final int PORT_SHIFT = Integer.getInteger("lading.crash.portShift", 200);
    /** The same before and after the crash, so the restarted node knows the running job was its own. */
    private static final String NODE_ID = "crash-node";
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration KILL_POINT_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration COMPLETION_TIMEOUT = Duration.ofMinutes(10);

    private static final String EXPORT_FILE = "crash-recovery-export.csv";
    /** About how many contacts the export phase exports; whole countries of the generated file, so about a fifth each. */
    private static final int EXPORT_ROWS = 300_000;
    private static final List<String> EXPORT_COUNTRIES = List.of("Germany", "USA", "Brazil", "Poland", "Canada");

    private static KillableServer server;

    private final Report report = new Report();

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anImportThenAnExportKilledMidwayResumeAfterRestartWithEveryRowExactlyOnce() throws Exception {
        Path war = Path.of(System.getProperty("lading.test.war", "target/lading.war")).toAbsolutePath();
        Path target = war.getParent();
        String domain = "crash-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        Path file = target.resolve("crash-recovery-" + ROWS + ".csv");
        Throwable failure = null;
        try {
            run(target, war, domain, file);
            // The export reuses the server and the contacts the import wrote: no second million-row import.
            exportKilledMidway(target, domain);
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            if (server != null) {
                server.close();
            }
            Files.deleteIfExists(file);
            Files.deleteIfExists(target.resolve(EXPORT_FILE));
            report.write(target.resolve("crash-recovery-report.txt"), failure);
        }
    }

    private void run(Path target, Path war, String domain, Path file) throws Exception {
        report.line("rows", "%,d (kill at %d%%), email domain %s", ROWS, KILL_AT_PERCENT, domain);

        Instant t = Instant.now();
        ContactsCsv csv = ContactsCsv.rows(ROWS).domain(domain);
        csv.writeTo(file);
        report.line("file", "%,d bytes, written in %s", Files.size(file), since(t));

        server = KillableServer.prepare(target, "crash-server", war, PORT_SHIFT, Map.of("LADING_NODE_ID", NODE_ID));
        t = Instant.now();
        server.start();
        server.awaitReady(BOOT_TIMEOUT);
        report.line("first boot", "%s to ready (%s, node %s, log %s)", since(t), server.baseUrl(), NODE_ID,
                server.serverLog());

        ApiClient api = new ApiClient(server.baseUrl(), System.getenv("LADING_DEMO_USER_KEY"));
        t = Instant.now();
        ApiClient.Response accepted = api.postFile("/api/contacts/import?fileName=crash-recovery.csv", file, "text/csv");
        assertEquals(202, accepted.status(), accepted.body());
        Instant acceptedAt = Instant.now();
        String jobId = accepted.json().getString("id");
        UUID id = UUID.fromString(jobId);
        report.line("upload", "%s (request body to 202 Accepted), job %s", since(t), jobId);

        JsonObject beforeKill = api.awaitJob(jobId, KILL_POINT_TIMEOUT, job -> job.getInt("progress") >= KILL_AT_PERCENT
                || ApiClient.SETTLED.contains(job.getString("status")));
        assertEquals("running", beforeKill.getString("status"),
                "The job settled before reaching " + KILL_AT_PERCENT + "%, so there was nothing to kill: " + beforeKill);
        Instant killAt = Instant.now();
        server.kill();
        report.line("time to kill point", "%s from 202 to progress %d%% (%,d rows reported), then kill -9",
                between(acceptedAt, killAt), beforeKill.getInt("progress"), beforeKill.getJsonNumber("processedRows").longValue());

        // What the crash left behind: the chunks committed before it, all of them and nothing else.
        JobRow killed = JobRow.read(id);
        long contactsAfterKill = countContacts(domain);
        report.line("after the kill", "status %s on %s, processed %,d, created %,d, checkpoint row %,d, progress %d%%;"
                        + " %,d contacts in the database",
                killed.status(), killed.nodeId(), killed.processedRows(), killed.createdRows(), killed.checkpointRow(),
                killed.progress(), contactsAfterKill);
        double rateBefore = rate(killed.processedRows(), killed.startedAt(), killAt);
        report.line("rows/s before the kill", "%,.0f (%,d rows from job start to kill)", rateBefore, killed.processedRows());
        assertEquals("RUNNING", killed.status(), "a killed server cannot have settled the job");
        assertTrue(killed.processedRows() > 0 && killed.processedRows() < ROWS,
                "the kill must land mid-import; processed_rows = " + killed.processedRows());
        assertEquals(killed.createdRows(), contactsAfterKill,
                "the contacts committed before the kill must be exactly those the job's counters account for");

        Instant restartAt = Instant.now();
        server.start();
        server.awaitReady(BOOT_TIMEOUT);
        Instant readyAt = Instant.now();
        report.line("restart to ready", "%s", between(restartAt, readyAt));

        JsonObject settled = awaitOnServer(api, jobId,
                job -> "completed".equals(job.getString("status")) || ApiClient.SETTLED.contains(job.getString("status")));
        Instant settledSeenAt = Instant.now();

        JobRow done = JobRow.read(id);
        List<JobRow.Event> timeline = JobRow.events(id);
        Instant resumedAt = timeline.stream().filter(e -> e.message().startsWith("resumed")).map(e -> e.at())
                .filter(at -> at.isAfter(killAt)).findFirst().orElse(null);
        long contacts = countContacts(domain);
        long importErrors = Database.count("select count(*) from import_errors where job_id = ?", id);

        report.line("restart to resume", "%s (released by %s)",
                resumedAt == null ? "(no resume event)" : between(restartAt, resumedAt), releasedBy(timeline));
        report.line("restart to completion", "%s (%s seen by the client)",
                done.completedAt() == null ? "(not completed)" : between(restartAt, done.completedAt()),
                between(restartAt, settledSeenAt));
        if (resumedAt != null && done.completedAt() != null) {
            report.line("rows/s after the restart", "%,.0f (%,d rows from resume to completion)",
                    rate(done.processedRows() - killed.processedRows(), resumedAt, done.completedAt()),
                    done.processedRows() - killed.processedRows());
        }
        report.line("kill to completion", "%s", done.completedAt() == null ? "-" : between(killAt, done.completedAt()));
        report.line("final job", "status %s, attempts %d, processed %,d, created %,d, updated %,d, skipped %,d,"
                        + " failed %,d, total %s", settled.getString("status"), settled.getInt("attempts"),
                done.processedRows(), done.createdRows(), done.updatedRows(), done.skippedRows(), done.failedRows(),
                done.totalRows() == null ? "-" : String.format(Locale.ROOT, "%,d", done.totalRows()));
        report.line("final database", "%,d contacts @%s, %,d import errors", contacts, domain, importErrors);
        report.timeline(timeline);

        assertEquals("completed", settled.getString("status"), "the job did not complete by itself after the restart: "
                + settled + "; see " + server.serverLog());
        assertEquals(0, done.updatedRows(), "updatedRows = " + done.updatedRows() + ": rows were written twice (a chunk"
                + " committed before the kill was replayed after the restart, updating the contacts it had created)");
        assertEquals(ROWS, done.createdRows(), "createdRows");
        assertEquals(0, done.failedRows(), "failedRows");
        assertEquals(0, done.skippedRows(), "skippedRows");
        assertEquals(ROWS, done.processedRows(), "processedRows: a chunk was " + (done.processedRows() > ROWS
                ? "counted twice" : "lost"));
        assertEquals(ROWS, settled.getJsonNumber("createdRows").longValue(), "createdRows as the API shows it");
        assertEquals(ROWS, contacts, "contacts with emails @" + domain + " in the database");
        assertEquals(0, importErrors, "rejected rows recorded for the job");
        assertEquals(1, done.attempts(), "a resume continues the same attempt; attempts = " + done.attempts());
        if (timeline.stream().noneMatch(e -> e.message().startsWith("resumed") || e.message().matches("node .* stopped beating.*"))) {
            fail("the job's timeline shows no resume: " + timeline);
        }
    }

    /**
     * The export half: contacts the import wrote are exported as CSV (one multipart upload, a part every 8 MiB), the
     * server is killed once the export has stored a part, restarted, and the export must continue the same upload
     * after its last stored part and end with a file that holds every row once, in order, with the recorded size and
     * digest. It exports about {@value #EXPORT_ROWS} of the contacts (whole countries), enough for several parts
     * without doubling the test's time.
     */
    private void exportKilledMidway(Path target, String domain) throws Exception {
        ApiClient api = new ApiClient(server.baseUrl(), System.getenv("LADING_DEMO_USER_KEY"));
        UUID tenantId = tenantOf(domain);
        List<String> countries = EXPORT_COUNTRIES.subList(0,
                (int) Math.min(EXPORT_COUNTRIES.size(), Math.ceil((double) EXPORT_ROWS * EXPORT_COUNTRIES.size() / ROWS)));
        long expectedRows = Database.count("select count(*) from contacts where tenant_id = ? and email like ?"
                + " and country = any (?)", tenantId, "%@" + domain, countries.toArray(String[]::new));
        JsonArrayBuilder countryList = Json.createArrayBuilder();
        countries.forEach(countryList::add);
        Instant t = Instant.now();
        ApiClient.Response accepted = api.post("/api/contacts/export", Json.createObjectBuilder()
                .add("format", "csv")
                .add("selectColumns", Json.createArrayBuilder().add("id").add("email").add("firstName").add("lastName")
                        .add("title").add("company").add("city").add("employees").add("createdOn"))
                .add("filter", Json.createObjectBuilder().add("text", domain).add("keywordMatch",
                        Json.createObjectBuilder().add("must", Json.createObjectBuilder().add("country", countryList))))
                .build());
        assertEquals(202, accepted.status(), accepted.body());
        String jobId = accepted.json().getString("id");
        UUID id = UUID.fromString(jobId);

        JsonObject beforeKill = api.awaitJob(jobId, KILL_POINT_TIMEOUT, job -> ExportState.read(id).storedParts() > 0
                || ApiClient.SETTLED.contains(job.getString("status")));
        assertEquals("running", beforeKill.getString("status"),
                "The export settled before it stored a part, so there was nothing to continue: " + beforeKill);
        Instant killAt = Instant.now();
        server.kill();
        ExportState killed = ExportState.read(id);
        report.line("export", "%,d contacts (%s) to CSV; %s from 202 to its first stored part, then kill -9",
                expectedRows, String.join(", ", countries), between(t, killAt));
        report.line("export after the kill", "status %s, %,d rows written, %d parts stored",
                killed.status(), killed.processedRows(), killed.storedParts());
        assertEquals("RUNNING", killed.status(), "a killed server cannot have settled the export");
        assertEquals(expectedRows, beforeKill.getJsonNumber("totalRows").longValue(), "the export's estimated total");
        assertTrue(killed.processedRows() < expectedRows, "the kill must land mid-export: " + killed.processedRows());

        Instant restartAt = Instant.now();
        server.start();
        server.awaitReady(BOOT_TIMEOUT);
        JsonObject settled = awaitOnServer(api, jobId, job -> ApiClient.SETTLED.contains(job.getString("status")));
        report.line("export restart to end", "%s: %s, %s rows, %s bytes", since(restartAt), settled.getString("status"),
                settled.get("rowCount"), settled.get("fileSize"));
        assertEquals("completed", settled.getString("status"), "the export did not complete by itself after the restart: "
                + settled + "; see " + server.serverLog());
        assertTrue(server.serverLogText().contains("Export " + jobId + " continues upload"),
                "the restarted export continued its upload rather than starting over; see " + server.serverLog());
        assertEquals(1, settled.getInt("attempts"), "a resume continues the same attempt");
        assertEquals(expectedRows, settled.getJsonNumber("rowCount").longValue(), "rowCount");

        // The file itself: its bytes, then its rows against the database's, in order.
        Path file = target.resolve(EXPORT_FILE);
        String url = api.get("/api/contacts/export/" + jobId + "/download").json().getString("downloadUrl");
        HttpResponse<Path> downloaded = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofFile(file));
        assertEquals(200, downloaded.statusCode());
        assertEquals(settled.getJsonNumber("fileSize").longValue(), Files.size(file), "fileSize");
        assertEquals(settled.getString("sha256"), sha256(file), "sha256 of the downloaded file");
        assertEquals(expectedRows, compareWithDatabase(file, tenantId, domain, countries, (int) expectedRows),
                "data rows in the file");
    }

    /**
     * Reads the file and the same rows from the database side by side; returns the number of data rows. Ids
     * strictly increase (the export's order), so none repeats; emails are checked for repeats too.
     */
    private static long compareWithDatabase(Path file, UUID tenantId, String domain, List<String> countries,
                                            int expectedRows) throws Exception {
        long[] emailHashes = new long[expectedRows];
        long rows = 0;
        try (CSVReader csv = new CSVReader(Files.newBufferedReader(file, StandardCharsets.UTF_8));
             Connection c = Database.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement query = c.prepareStatement("""
                    select id, email, first_name, last_name, title, company, city, employees, created_on
                      from contacts where tenant_id = ? and email like ? and country = any (?) order by id""")) {
                query.setFetchSize(10_000);
                query.setObject(1, tenantId);
                query.setString(2, "%@" + domain);
                query.setArray(3, c.createArrayOf("text", countries.toArray()));
                assertEquals(List.of("id", "email", "firstName", "lastName", "title", "company", "city", "employees",
                                "createdOn"),
                        List.of(csv.readNext()), "header");
                try (ResultSet rs = query.executeQuery()) {
                    String previousId = "";
                    String[] line;
                    while ((line = csv.readNext()) != null) {
                        rows++;
                        assertTrue(rs.next(), "the file has more rows than the database: row " + rows + " " + List.of(line));
                        List<String> expected = new ArrayList<>();
                        for (int i = 1; i <= 9; i++) {
                            expected.add(rs.getString(i) == null ? "" : rs.getString(i));
                        }
                        assertEquals(expected, List.of(line), "data row " + rows);
                        assertTrue(line[0].compareTo(previousId) > 0, "row " + rows + " repeats or reorders id " + line[0]);
                        previousId = line[0];
                        if (rows <= expectedRows) {
                            emailHashes[(int) rows - 1] = emailHash(line[1]);
                        }
                    }
                    assertTrue(!rs.next(), "the file lacks rows the database has, after row " + rows);
                }
            }
        }
        long[] sorted = java.util.Arrays.copyOf(emailHashes, (int) Math.min(rows, expectedRows));
        java.util.Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            assertTrue(sorted[i] != sorted[i - 1], "an email appears twice in the file");
        }
        return rows;
    }

    private static long emailHash(String email) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < email.length(); i++) {
            hash = (hash ^ email.charAt(i)) * 0x100000001b3L;
        }
        return hash;
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static UUID tenantOf(String domain) throws SQLException {
        try (Connection c = Database.connect(); PreparedStatement query = c.prepareStatement(
                "select tenant_id from contacts where email like ? limit 1")) {
            query.setString(1, "%@" + domain);
            try (ResultSet rs = query.executeQuery()) {
                assertTrue(rs.next(), "no contact @" + domain);
                return rs.getObject(1, UUID.class);
            }
        }
    }

    /** The export's columns of its job row. */
    private record ExportState(String status, long processedRows, String checkpoint) {

        /** Parts of the file S3 holds, as the checkpoint the last committed chunk wrote lists them. */
        int storedParts() {
            return checkpoint == null ? 0
                    : Json.createReader(new java.io.StringReader(checkpoint)).readObject().getJsonArray("parts").size();
        }

        static ExportState read(UUID id) {
            try (Connection c = Database.connect(); PreparedStatement query = c.prepareStatement(
                    "select status, processed_rows, checkpoint_state from jobs where id = ?")) {
                query.setObject(1, id);
                try (ResultSet rs = query.executeQuery()) {
                    assertTrue(rs.next(), "export " + id + " has no row");
                    return new ExportState(rs.getString(1), rs.getLong(2), rs.getString(3));
                }
            } catch (SQLException e) {
                throw new AssertionError("Reading export " + id + " failed", e);
            }
        }
    }

    /** Which of the two recovery paths put the job back: they record different events (see JobLifecycle). */
    private static String releasedBy(List<JobRow.Event> timeline) {
        for (JobRow.Event event : timeline) {
            if (event.message().matches("node .* stopped beating; queued to resume.*")) {
                return "the orphan sweep";
            }
            if (event.message().matches("node .* stopped beating; resuming.*")) {
                return "the redelivered job message";
            }
        }
        return "neither recovery path";
    }

    /**
     * Waits for the restarted server to take the job to {@code until}. A wait that gives up leaves the server's
     * threads beside its log before it fails: a job that nothing picks up logs nothing, and only the threads say
     * what the server was doing instead.
     */
    private static JsonObject awaitOnServer(ApiClient api, String jobId, Predicate<JsonObject> until) {
        try {
            return api.awaitJob(jobId, COMPLETION_TIMEOUT, until);
        } catch (AssertionError gaveUp) {
            String dump = server.dumpThreads(server.serverLog().resolveSibling("threads-" + jobId + ".txt"));
            throw new AssertionError(gaveUp.getMessage() + "; " + dump + "; log: " + server.serverLog(), gaveUp);
        }
    }

    private static long countContacts(String domain) {
        return Database.count("select count(*) from contacts where email like ?", "%@" + domain);
    }

    private static double rate(long rows, Instant from, Instant to) {
        double seconds = Duration.between(from, to).toMillis() / 1000.0;
        return seconds <= 0 ? 0 : rows / seconds;
    }

    private static String since(Instant start) {
        return between(start, Instant.now());
    }

    private static String between(Instant from, Instant to) {
        return String.format(Locale.ROOT, "%.1f s", Duration.between(from, to).toMillis() / 1000.0);
    }

    /** The run's figures, printed and written to a file for bench/crash-recovery. */
    private static final class Report {

        private final List<String> lines = new ArrayList<>();

        void line(String label, String format, Object... args) {
            lines.add(String.format(Locale.ROOT, "%-26s %s", label + ":", String.format(Locale.ROOT, format, args)));
        }

        void timeline(List<JobRow.Event> events) {
            lines.add("job timeline:");
            events.forEach(e -> lines.add("  " + e));
        }

        void write(Path file, Throwable failure) throws IOException {
            List<String> out = new ArrayList<>();
            out.add("Crash recovery (CrashRecoveryIT) " + Instant.now());
            out.addAll(lines);
            out.add("outcome:                   " + (failure == null ? "PASSED" : "FAILED: " + failure));
            Files.write(file, out, StandardCharsets.UTF_8);
            System.out.println(String.join(System.lineSeparator(), out));
        }
    }
}
