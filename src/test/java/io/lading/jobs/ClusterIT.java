package io.lading.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.devstack.EmbeddedBroker;
import io.lading.testsupport.ApiClient;
import io.lading.testsupport.ContactsCsv;
import io.lading.testsupport.Database;
import io.lading.testsupport.ServerProcess;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two WildFly nodes ({@code cluster-1}, {@code cluster-2}) on one PostgreSQL, one S3 and one Artemis broker of
 * their own (so that no other test server takes their jobs): jobs spread over both, retries due at once and swept by
 * both nodes are each queued once (and the persistent timers are stored once, so they fire once per cluster), cancel
 * and events work from the node that does not run the job, a node paused past the stale timeout cannot commit over
 * the node that took its job over, a node killed mid-import leaves the job to the other, which completes it with
 * every row once, a node killed mid-export leaves the other to continue its multipart upload to a file that holds
 * the database's rows, and while the broker is away new jobs answer 503 (nothing half-accepted) until it is back,
 * when dispatch resumes.
 *
 * <p>Not an Arquillian test: the nodes are {@link ServerProcess}es in {@code target/cluster-node-k}, ports offset by
 * {@code lading.cluster.portOffset} (default it.port.offset + 1000) and + 100 for the second node. The nodes judge a
 * job stale after 10 s (LADING_JOBS_STALE_AFTER_SECONDS) so that takeovers happen within the test's patience.
 * {@code lading.cluster.rows} (default 100,000) sizes the imports that are paused and killed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final int ROWS = Integer.getInteger("lading.cluster.rows", 100_000);
    private static final int PORT_OFFSET = Integer.getInteger("lading.cluster.portOffset",
            Integer.getInteger("it.port.offset", 100) + 1000);
    private static final int STALE_SECONDS = 10;
    /** Two nodes deploying at once on a busy 2-core machine have taken more than 5 minutes. */
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(Integer.getInteger("lading.cluster.bootMinutes", 10));
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(6);
    private static final int SWEPT_RETRIES = 40;
    private static final int SCHEDULES = 20;
    /** Contacts the killed export writes: twice the imports' rows. */
    private static final int EXPORT_ROWS = 2 * ROWS;
    /**
     * The import cancelled from the other node: still running after that node's event stream has shown progress
     * and the cancel has crossed over (100,000 rows, about 3.5 s, once completed first).
     */
    private static final int CANCEL_ROWS = 5 * ROWS;

    private static EmbeddedBroker broker;
    private static final List<ServerProcess> nodes = new ArrayList<>();
    private static final List<ApiClient> users = new ArrayList<>();
    private static Path target;

    @BeforeAll
    static void startCluster() throws Exception {
        Path war = Path.of(System.getProperty("lading.test.war", "target/lading.war")).toAbsolutePath();
        target = war.getParent();
        Path jbossHome = Path.of(System.getProperty("jboss.home", target.resolve("server").toString()));
        int brokerPort = Integer.getInteger("lading.cluster.brokerPort",
                Integer.parseInt(System.getenv("ARTEMIS_PORT")) + 1);
        Files.deleteIfExists(target.resolve("cluster-report.txt"));
        broker = EmbeddedBroker.start(brokerPort, target.resolve("cluster-broker"), false);
        for (int k = 1; k <= 2; k++) {
            ServerProcess node = ServerProcess.prepare(jbossHome, target.resolve("cluster-node-" + k), war,
                    PORT_OFFSET + 100 * (k - 1), Map.of(
                            "LADING_NODE_ID", "cluster-" + k,
                            "ARTEMIS_PORT", Integer.toString(brokerPort),
                            "LADING_JOBS_STALE_AFTER_SECONDS", Integer.toString(STALE_SECONDS),
                            "LADING_SCHEDULES_SWEEP_SECONDS", "2",
                            "LADING_DB_POOL_SIZE", "20",
                            "JAVA_OPTS", "-Xms128m -Xmx768m -XX:MaxMetaspaceSize=384m -Djava.net.preferIPv4Stack=true"
                                    // WildFly rolls a boot back after 300 s without stability; two nodes
                                    // deploying on a busy 2-core machine can take longer.
                                    + " -Djboss.as.management.blocking.timeout=900"
                                    + " -Djboss.node.name=cluster-" + k));
            nodes.add(node);
            node.start();
        }
        for (ServerProcess node : nodes) {
            node.awaitReady(BOOT_TIMEOUT);
            users.add(new ApiClient(node.baseUrl(), System.getenv("LADING_DEMO_USER_KEY")));
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (ServerProcess node : nodes) {
            node.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Order(1)
    void jobsSubmittedToEitherNodeSpreadOverBothAndTheNodesListShowsBoth() throws Exception {
        String domain = domain("spread");
        List<String> jobIds = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            byte[] csv = ContactsCsv.rows(2_000).domain(domain).startingAt(i * 2_000).text()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ApiClient.Response accepted = users.get(i % 2).postFile("/api/contacts/import?fileName=spread-" + i + ".csv",
                    csv, "text/csv");
            assertEquals(202, accepted.status(), accepted.body());
            jobIds.add(accepted.json().getString("id"));
        }
        Set<String> ranOn = new HashSet<>();
        for (String jobId : jobIds) {
            JsonObject job = users.get(1).awaitSettled(jobId, JOB_TIMEOUT);
            assertEquals("completed", job.getString("status"), job.toString());
            assertEquals(2_000, job.getJsonNumber("createdRows").longValue(), job.toString());
            ranOn.add(job.getString("node"));
        }
        report("8 imports of 2,000 rows submitted alternately to both nodes ran on " + ranOn);
        assertEquals(Set.of("cluster-1", "cluster-2"), ranOn, "8 jobs from one broker queue ran on both nodes");
        assertEquals(16_000, contacts(domain));

        ApiClient.Response listed = admin(0).get("/api/admin/nodes");
        assertEquals(200, listed.status(), listed.body());
        Set<String> alive = new HashSet<>();
        for (JsonValue value : listed.raw().body().isEmpty() ? List.<JsonValue>of()
                : jakarta.json.Json.createReader(new java.io.StringReader(listed.body())).readArray()) {
            JsonObject node = value.asJsonObject();
            assertTrue(node.containsKey("lastHeartbeatAt") && node.containsKey("runningJobs"), node.toString());
            if (node.getBoolean("alive")) {
                alive.add(node.getString("node"));
            }
        }
        assertTrue(alive.containsAll(Set.of("cluster-1", "cluster-2")), listed.body());
        assertEquals(403, users.get(0).get("/api/admin/nodes").status(), "a tenant's key may not list the nodes");
    }

    @Test
    @Order(2)
    void dueRetriesSweptByBothNodesAreEachQueuedOnceAndPersistentTimersAreStoredOnce() throws Exception {
        String domain = domain("sweep");
        byte[] csv = ContactsCsv.rows(10).domain(domain).text().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<String> jobIds = new ArrayList<>();
        for (int i = 0; i < SWEPT_RETRIES; i++) {
            ApiClient.Response accepted = users.get(i % 2).postFile("/api/contacts/import?fileName=sweep-" + i + ".csv",
                    csv, "text/csv");
            assertEquals(202, accepted.status(), accepted.body());
            jobIds.add(accepted.json().getString("id"));
        }
        for (String jobId : jobIds) {
            assertEquals("completed", users.get(0).awaitSettled(jobId, JOB_TIMEOUT).getString("status"));
        }
        // As a failed attempt leaves them: all due at the same moment, so both nodes' 5-second sweeps (which fire at
        // the same wall-clock seconds) find them together.
        Database.execute("update jobs set status = 'RETRY_SCHEDULED', completed_at = null, next_attempt_at = now()"
                + " where id = any (?::uuid[])", (Object) jobIds.toArray(String[]::new));
        Set<String> ranOn = new HashSet<>();
        for (String jobId : jobIds) {
            JsonObject job = users.get(1).awaitJob(jobId, JOB_TIMEOUT,
                    j -> ApiClient.SETTLED.contains(j.getString("status")) && j.getInt("attempts") >= 2);
            assertEquals(2, job.getInt("attempts"), "queued once, run once: " + job);
            assertEquals(1, Database.count("select count(*) from job_events where job_id = ? and message like 'retry 2 of %'",
                    UUID.fromString(jobId)), "one retry event for " + jobId);
            ranOn.add(job.getString("node"));
        }
        report(SWEPT_RETRIES + " due retries swept by both nodes: each queued once (one timeline event, attempt 2), ran on "
                + ranOn);

        // The persistent calendar timers (retention, export expiry, delivery pruning) live in the shared store, one
        // row each, although both nodes deployed them at the same time: each fires once per cluster.
        List<String> stored = Database.strings("select timed_object_id from jboss_ejb_timer where partition_name = 'lading'"
                + " and (timed_object_id like '%RetentionTimer' or timed_object_id like '%ExportExpiryTimer'"
                + " or timed_object_id like '%DeliveryPruningTimer') order by timed_object_id");
        assertEquals(3, stored.size(), "one stored timer each for job retention, export expiry and webhook delivery"
                + " pruning: " + stored);
    }

    @Test
    @Order(3)
    void schedulesDueAtTheSameMomentOnBothNodesFireOneJobEach() throws Exception {
        // A cron that will not come round during the run (1 January, midnight): the firings are the ones made due here.
        JsonObject request = jakarta.json.Json.createObjectBuilder().add("name", "cluster").add("cron", "0 0 1 1 *")
                .add("timeZone", "UTC").add("job", jakarta.json.Json.createObjectBuilder().add("type", "export")
                        .add("request", jakarta.json.Json.createObjectBuilder().add("format", "csv")
                                .add("selectColumns", jakarta.json.Json.createArrayBuilder().add("email"))
                                .add("filter", jakarta.json.Json.createReader(new java.io.StringReader(
                                        "{\"keywordMatch\": {\"must\": {\"country\": [\"Nowhere\"]}}}")).readObject())))
                .build();
        List<String> schedules = new ArrayList<>();
        for (int i = 0; i < SCHEDULES; i++) {
            ApiClient.Response created = users.get(i % 2).post("/api/schedules", request);
            assertEquals(201, created.status(), created.body());
            schedules.add(created.json().getString("id"));
        }
        String[] ids = schedules.toArray(String[]::new);
        try {
            // As after an outage of every node: all due at once, so both nodes' sweeps (every 2 s here) find them.
            Database.execute("update schedules set next_run_at = now() where id = any (?::uuid[])", (Object) ids);
            awaitTrue(() -> Database.count("select count(*) from schedules where id = any (?::uuid[])"
                    + " and next_run_at > now()", (Object) ids) == SCHEDULES, "every schedule fired and moved on");
            List<String> jobIds = Database.strings("select id::text from jobs where schedule_id = any (?::uuid[])",
                    (Object) ids);
            Set<String> ranOn = new HashSet<>();
            for (String jobId : jobIds) {
                JsonObject job = users.get(0).awaitSettled(jobId, JOB_TIMEOUT);
                assertEquals("completed", job.getString("status"), job.toString());
                ranOn.add(job.getString("node"));
            }
            // Counted again once the jobs have run: a second claim of a firing would have made its job by now.
            assertEquals(SCHEDULES, Database.count("select count(*) from jobs where schedule_id = any (?::uuid[])",
                    (Object) ids), "one job per firing");
            assertEquals(SCHEDULES, Database.count("select count(distinct schedule_id) from jobs"
                    + " where schedule_id = any (?::uuid[])", (Object) ids), "every schedule made its job");
            report(SCHEDULES + " schedules due at the same moment, swept by both nodes: one job each, ran on " + ranOn);
        } finally {
            for (int i = 0; i < ids.length; i++) {
                users.get(0).delete("/api/schedules/" + ids[i]);
            }
        }
    }

    @Test
    @Order(4)
    void cancelAndEventsFromTheNodeThatDoesNotRunTheJob() throws Exception {
        String domain = domain("cancel");
        Path file = csv(domain, CANCEL_ROWS);
        ApiClient.Response accepted = users.get(0).postFile("/api/contacts/import?fileName=cancel.csv", file, "text/csv");
        assertEquals(202, accepted.status(), accepted.body());
        String jobId = accepted.json().getString("id");
        JsonObject running = users.get(0).awaitJob(jobId, JOB_TIMEOUT, job -> "running".equals(job.getString("status"))
                && job.getJsonNumber("processedRows").longValue() > 0);
        int other = otherThan(running.getString("node"));

        List<String> lines = new CopyOnWriteArrayList<>();
        HttpRequest events = HttpRequest.newBuilder(URI.create(nodes.get(other).baseUrl() + "/api/jobs/" + jobId + "/events"))
                .header("X-API-Key", users.get(other).key()).header("Accept", "text/event-stream").build();
        CompletableFuture<HttpResponse<Stream<String>>> stream = HttpClient.newHttpClient()
                .sendAsync(events, HttpResponse.BodyHandlers.ofLines());
        CompletableFuture<Void> read = stream.thenAccept(response -> response.body().forEach(lines::add));
        awaitTrue(() -> lines.stream().anyMatch(l -> l.contains("\"progress\"")), "a progress event from the other node");

        ApiClient.Response cancel = users.get(other).post("/api/contacts/import/" + jobId + "/cancel");
        assertEquals(202, cancel.status(), cancel.body());
        JsonObject settled = users.get(other).awaitSettled(jobId, JOB_TIMEOUT);
        assertEquals("cancelled", settled.getString("status"), settled.toString());
        assertTrue(settled.getJsonNumber("processedRows").longValue() < CANCEL_ROWS, "stopped before the end: "
                + settled);
        read.get(60, TimeUnit.SECONDS);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("data:") && l.contains("\"status\":\"cancelled\"")),
                "the stream on the other node ends with the cancelled status: " + lines.subList(Math.max(0, lines.size() - 6), lines.size()));
        Files.deleteIfExists(file);
    }

    @Test
    @Order(5)
    void aPausedNodeThatComesBackCannotCommitOverTheNodeThatTookItsJob() throws Exception {
        String domain = domain("pause");
        Path file = csv(domain, ROWS);
        ApiClient.Response accepted = users.get(0).postFile("/api/contacts/import?fileName=pause.csv", file, "text/csv");
        assertEquals(202, accepted.status(), accepted.body());
        String jobId = accepted.json().getString("id");
        JsonObject running = users.get(0).awaitJob(jobId, JOB_TIMEOUT, job -> "running".equals(job.getString("status"))
                && job.getInt("progress") >= 10);
        int paused = index(running.getString("node"));
        int other = 1 - paused;
        long epochBefore = epoch(jobId);

        Instant pausedAt = Instant.now();
        nodes.get(paused).pause(true);
        try {
            JsonObject takenOver = users.get(other).awaitJob(jobId, Duration.ofMinutes(2),
                    job -> "running".equals(job.getString("status")) && nodeName(other).equals(job.getString("node")));
            report(String.format(java.util.Locale.ROOT, "SIGSTOP of %s at %d%%: %s took the job over %.1f s later",
                    nodeName(paused), running.getInt("progress"), nodeName(other),
                    Duration.between(pausedAt, Instant.now()).toMillis() / 1000.0));
            assertTrue(epoch(jobId) > epochBefore, "the takeover claimed a new owner epoch");
            assertTrue(takenOver.getJsonNumber("processedRows").longValue() < ROWS, takenOver.toString());
        } finally {
            nodes.get(paused).pause(false);
        }
        JsonObject done = users.get(other).awaitSettled(jobId, JOB_TIMEOUT);
        assertExactImport(done, domain, nodeName(other));
        assertTrue(Database.count("select count(*) from job_events where job_id = ? and message like 'node % stopped beating%'",
                UUID.fromString(jobId)) >= 1, "the takeover is in the job's timeline");
        Files.deleteIfExists(file);
    }

    @Test
    @Order(6)
    void aNodeKilledMidImportLeavesTheJobToTheOtherWhichCompletesItExactly() throws Exception {
        String domain = domain("kill");
        Path file = csv(domain, ROWS);
        ApiClient.Response accepted = users.get(1).postFile("/api/contacts/import?fileName=kill.csv", file, "text/csv");
        assertEquals(202, accepted.status(), accepted.body());
        String jobId = accepted.json().getString("id");
        JsonObject running = users.get(1).awaitJob(jobId, JOB_TIMEOUT, job -> "running".equals(job.getString("status"))
                && job.getInt("progress") >= 20);
        int killed = index(running.getString("node"));
        int survivor = 1 - killed;

        Instant killAt = Instant.now();
        nodes.get(killed).kill();
        JsonObject resumed = users.get(survivor).awaitJob(jobId, JOB_TIMEOUT,
                job -> nodeName(survivor).equals(job.getString("node")) || ApiClient.SETTLED.contains(job.getString("status")));
        Instant resumedAt = Instant.now();
        JsonObject done = users.get(survivor).awaitSettled(jobId, JOB_TIMEOUT);
        Instant doneAt = Instant.now();
        report(String.format(java.util.Locale.ROOT, "kill -9 of %s at %d%% of %,d rows (%,d processed): %s resumed it"
                        + " %.1f s after the kill (from row %,d), completed %.1f s after the kill; created %,d, updated %,d",
                nodeName(killed), running.getInt("progress"), ROWS, running.getJsonNumber("processedRows").longValue(),
                nodeName(survivor), Duration.between(killAt, resumedAt).toMillis() / 1000.0,
                resumed.getJsonNumber("processedRows").longValue(), Duration.between(killAt, doneAt).toMillis() / 1000.0,
                done.getJsonNumber("createdRows").longValue(), done.getJsonNumber("updatedRows").longValue()));
        assertExactImport(done, domain, nodeName(survivor));
        Files.deleteIfExists(file);
    }

    @Test
    @Order(7)
    void aNodeKilledMidExportLeavesItToTheOtherWhichContinuesTheUploadToAnExactFile() throws Exception {
        restartStoppedNodes();
        JsonObject tenant = admin(0).post("/api/admin/tenants", jakarta.json.Json.createObjectBuilder()
                .add("name", "cluster-export-" + UUID.randomUUID()).build()).json();
        UUID tenantId = UUID.fromString(tenant.getString("tenantId"));
        Database.insertContacts(tenantId, EXPORT_ROWS, domain("export"));
        ApiClient user = admin(0).withKey(tenant.getString("userKey"));
        // JSON Lines of nine columns: about 200 bytes a row, so several 8 MiB parts, and a kill after the first
        // stored part lands early in the file.
        ApiClient.Response accepted = user.post("/api/contacts/export", jakarta.json.Json.createObjectBuilder()
                .add("format", "jsonl")
                .add("selectColumns", jakarta.json.Json.createArrayBuilder().add("id").add("email").add("firstName")
                        .add("lastName").add("title").add("company").add("city").add("employees").add("createdOn"))
                .build());
        assertEquals(202, accepted.status(), accepted.body());
        String jobId = accepted.json().getString("id");
        UUID id = UUID.fromString(jobId);

        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (storedParts(id) == 0 && !"COMPLETED".equals(Database.value(String.class,
                "select status from jobs where id = ?", id))) {
            assertTrue(System.nanoTime() < deadline, "the export stored no part within " + JOB_TIMEOUT);
            Thread.sleep(50);
        }
        String runner = Database.value(String.class, "select node_id from jobs where id = ?", id);
        long rowsAtKill = Database.count("select processed_rows from jobs where id = ?", id);
        int killed = index(runner);
        int survivor = 1 - killed;
        Instant killAt = Instant.now();
        nodes.get(killed).kill();
        assertEquals("RUNNING", Database.value(String.class, "select status from jobs where id = ?", id),
                "the kill must land mid-export");

        ApiClient survivorUser = new ApiClient(nodes.get(survivor).baseUrl(), user.key());
        JsonObject done = survivorUser.awaitSettled(jobId, JOB_TIMEOUT);
        report(String.format(java.util.Locale.ROOT, "kill -9 of %s during an export of %,d contacts (JSON Lines) after"
                        + " its first stored part (%,d rows): %s continued the upload and completed it %.1f s after the"
                        + " kill, %,d rows, %,d bytes", nodeName(killed), EXPORT_ROWS, rowsAtKill, nodeName(survivor),
                Duration.between(killAt, Instant.now()).toMillis() / 1000.0, done.getJsonNumber("rowCount").longValue(),
                done.getJsonNumber("fileSize").longValue()));
        assertEquals("completed", done.getString("status"), done.toString());
        assertEquals(nodeName(survivor), done.getString("node"), done.toString());
        assertEquals(1, done.getInt("attempts"), "a resume continues the same attempt: " + done);
        assertTrue(nodes.get(survivor).serverLogText().contains("Export " + jobId + " continues upload"),
                "the other node continued the upload rather than starting over; see " + nodes.get(survivor).serverLog());
        assertEquals(EXPORT_ROWS, done.getJsonNumber("rowCount").longValue(), "rowCount");

        Path file = target.resolve("cluster-export.jsonl");
        String url = survivorUser.get("/api/contacts/export/" + jobId + "/download").json().getString("downloadUrl");
        HttpResponse<Path> downloaded = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofFile(file));
        assertEquals(200, downloaded.statusCode());
        assertEquals(done.getJsonNumber("fileSize").longValue(), Files.size(file), "fileSize");
        assertEquals(done.getString("sha256"), sha256(file), "sha256 of the downloaded file");
        List<String> emails = Database.strings("select email from contacts where tenant_id = ? order by id", tenantId);
        try (Stream<String> lines = Files.lines(file)) {
            List<String> exported = lines.map(line -> jakarta.json.Json.createReader(new java.io.StringReader(line))
                    .readObject().getString("email")).toList();
            assertEquals(EXPORT_ROWS, exported.size(), "rows in the file");
            assertEquals(emails, exported, "the file's rows are the database's, in order, each once");
        }
        Files.deleteIfExists(file);
    }

    @Test
    @Order(8)
    void whileTheBrokerIsAwayNewJobsAre503AndDispatchResumesByItselfWhenItIsBack() throws Exception {
        int alive = nodes.get(0).isAlive() ? 0 : 1;
        ApiClient user = users.get(alive);
        String domain = domain("outage");
        byte[] csv = ContactsCsv.rows(500).domain(domain).text().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        URI ready = URI.create("http://127.0.0.1:" + nodes.get(alive).managementPort() + "/health/ready");
        int brokerPort = broker.port();

        Instant stoppedAt = Instant.now();
        broker.close();
        try {
            awaitTrue(() -> status(ready) == 503, "readiness down without the broker");
            ApiClient.Response refused = user.postFile("/api/contacts/import?fileName=outage.csv", csv, "text/csv");
            report(String.format(java.util.Locale.ROOT, "broker stopped: a submission answered %d (%s) after %.1f s",
                    refused.status(), refused.status() == 503 ? refused.json().getString("code") : refused.body(),
                    Duration.between(stoppedAt, Instant.now()).toMillis() / 1000.0));
            assertEquals(503, refused.status(), refused.body());
            assertEquals("BROKER_UNAVAILABLE", refused.json().getString("code"));
            assertTrue(refused.header("Retry-After") != null, "Retry-After");
            assertEquals(0, Database.count("select count(*) from jobs where file_name = 'outage.csv'"),
                    "a refused submission leaves no job behind");
        } finally {
            broker = EmbeddedBroker.start(brokerPort, target.resolve("cluster-broker"), true);
        }
        Instant restartedAt = Instant.now();
        awaitTrue(() -> status(ready) == 200, "readiness up again with the broker");
        ApiClient.Response accepted = user.postFile("/api/contacts/import?fileName=after-outage.csv", csv, "text/csv");
        assertEquals(202, accepted.status(), accepted.body());
        JsonObject done = user.awaitSettled(accepted.json().getString("id"), JOB_TIMEOUT);
        report(String.format(java.util.Locale.ROOT, "broker back: ready again and a new import completed %.1f s after"
                + " the restart", Duration.between(restartedAt, Instant.now()).toMillis() / 1000.0));
        assertEquals("completed", done.getString("status"), done.toString());
        assertEquals(500, contacts(domain));
    }

    @Test
    @Order(9)
    void aQueuedJobWhoseMessageIsGoneIsSentAgainAndGivesUpAfterTheLimit() throws Exception {
        int alive = nodes.get(0).isAlive() ? 0 : 1;
        ApiClient user = users.get(alive);
        String domain = domain("lost");
        byte[] csv = ContactsCsv.rows(300).domain(domain).text().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String resent = user.postFile("/api/contacts/import?fileName=lost-1.csv", csv, "text/csv").json().getString("id");
        String given = user.postFile("/api/contacts/import?fileName=lost-2.csv", csv, "text/csv").json().getString("id");
        user.awaitSettled(resent, JOB_TIMEOUT);
        user.awaitSettled(given, JOB_TIMEOUT);

        // As a message in the dead-letter address leaves them: queued for an hour, no message in the queue.
        Database.execute("update jobs set status = 'QUEUED', completed_at = null,"
                + " dispatched_at = now() - interval '1 hour',"
                + " redispatches = case when id = ?::uuid then 0 else 3 end where id in (?::uuid, ?::uuid)",
                resent, resent, given);

        JsonObject again = user.awaitJob(resent, Duration.ofMinutes(2),
                job -> "completed".equals(job.getString("status")) && job.getInt("attempts") == 2);
        assertEquals(300, contacts(domain), again.toString());
        assertEquals(1, Database.count("select count(*) from job_events where job_id = ? and message like 'message lost%'",
                UUID.fromString(resent)), "the sweep sent it again once");
        JsonObject dead = user.awaitJob(given, Duration.ofMinutes(2), job -> "dead".equals(job.getString("status")));
        assertEquals("UNDELIVERABLE", dead.getString("failureCode"), dead.toString());
    }

    /** Starts again a node an earlier test killed, so that the next test has two nodes. */
    private static void restartStoppedNodes() throws Exception {
        for (ServerProcess node : nodes) {
            if (!node.isAlive()) {
                node.start();
                node.awaitReady(BOOT_TIMEOUT);
            }
        }
    }

    /** Parts of the export's file S3 holds, as the checkpoint of its last committed chunk lists them. */
    private static int storedParts(UUID exportId) {
        String checkpoint = Database.value(String.class, "select checkpoint_state from jobs where id = ?", exportId);
        return checkpoint == null ? 0 : jakarta.json.Json.createReader(new java.io.StringReader(checkpoint)).readObject()
                .getJsonArray("parts").size();
    }

    private static String sha256(Path file) throws Exception {
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        try (java.io.InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return java.util.HexFormat.of().formatHex(sha.digest());
    }

    private static int status(URI uri) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** A figure of the run, printed and kept in target/cluster-report.txt (bench/cluster shows it). */
    private static void report(String line) throws java.io.IOException {
        System.out.println("[cluster] " + line);
        Files.writeString(target.resolve("cluster-report.txt"), line + System.lineSeparator(),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    private static void assertExactImport(JsonObject job, String domain, String node) {
        assertEquals("completed", job.getString("status"), job.toString());
        assertEquals(node, job.getString("node"), job.toString());
        assertEquals(ROWS, job.getJsonNumber("processedRows").longValue(), "processedRows: " + job);
        assertEquals(ROWS, job.getJsonNumber("createdRows").longValue(), "createdRows: " + job);
        assertEquals(0, job.getJsonNumber("updatedRows").longValue(), "no row written twice: " + job);
        assertEquals(0, job.getJsonNumber("failedRows").longValue(), job.toString());
        assertEquals(ROWS, contacts(domain), "contacts in the database");
    }

    private static long contacts(String domain) {
        return Database.count("select count(*) from contacts where email like ?", "%@" + domain);
    }

    private static long epoch(String jobId) {
        return Database.count("select owner_epoch from jobs where id = ?", UUID.fromString(jobId));
    }

    private static Path csv(String domain, int rows) throws Exception {
        Path file = target.resolve("cluster-" + domain + ".csv");
        ContactsCsv.rows(rows).domain(domain).writeTo(file);
        return file;
    }

    private static String domain(String what) {
        return what + "-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
    }

    private static ApiClient admin(int node) {
        return new ApiClient(nodes.get(node).baseUrl(), System.getenv("LADING_DEMO_ADMIN_KEY"));
    }

    private static String nodeName(int index) {
        return "cluster-" + (index + 1);
    }

    private static int index(String node) {
        int index = List.of("cluster-1", "cluster-2").indexOf(node);
        assertTrue(index >= 0, "a job ran on an unknown node: " + node);
        return index;
    }

    private static int otherThan(String node) {
        return 1 - index(node);
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not seen within a minute: " + what);
            }
            Thread.sleep(200);
        }
    }
}
