import io.lading.devstack.EmbeddedBroker;
import io.lading.devstack.EmbeddedPostgres;
import io.lading.devstack.EmbeddedS3;
import io.lading.testsupport.ApiClient;
import io.lading.testsupport.ContactsCsv;
import io.lading.testsupport.ServerProcess;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cluster figures (bench/cluster/README.md). A stack of its own: PostgreSQL, S3 and the Artemis broker in this
 * JVM, WildFly nodes as processes of their own in target/bench-cluster. One scenario per run:
 *
 * <pre>
 *   failover        a ROWS-row import uninterrupted, then one whose node is killed (kill -9) at KILL_AT %
 *   throughput      JOBS ten-row imports from THREADS client threads for TENANTS tenants, on 1 node, then on 2
 *   broker-outage   the broker stopped for OUTAGE seconds under a steady load of ten-row imports, then restarted
 * </pre>
 *
 * Run on the test class path as a source file (bench/cluster/run). Job timings come from the database's clock
 * (jobs.created_at, started_at, completed_at) or this host's wall clock, as each line says; every run checks its
 * rows against the database and exits with status 1 when they are not exact.
 */
public final class ClusterBench {

    private static final String USER_KEY = "bench-demo-user-key";
    private static final String ADMIN_KEY = "bench-demo-admin-key";
    /** Two nodes deploying together on a busy 2-core machine have taken more than 6 minutes. */
    private static final Duration BOOT = Duration.ofMinutes(15);
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(30);

    private final Path target = Path.of("target").toAbsolutePath();
    private final Path home;
    private final int pgPort = intEnv("PG_PORT", 26432);
    private final int s3Port = intEnv("S3_PORT", 26900);
    private final int brokerPort = intEnv("BROKER_PORT", 26616);
    private final int nodeOffset = intEnv("NODE_OFFSET", 1500);
    private final int staleSeconds = intEnv("STALE_SECONDS", 10);
    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private final List<ServerProcess> nodes = new ArrayList<>();
    private final Map<String, String> nodeEnvironment = new LinkedHashMap<>();
    private final List<String> report = new ArrayList<>();
    private EmbeddedBroker broker;
    private String jdbcUrl;

    private ClusterBench(String scenario) {
        home = target.resolve("bench-cluster").resolve(scenario);
    }

    public static void main(String[] args) throws Exception {
        String scenario = args.length == 0 ? "" : args[0];
        ClusterBench bench = new ClusterBench(scenario);
        Runtime.getRuntime().addShutdownHook(new Thread(bench::stopAll));
        int status = 0;
        try {
            bench.line("%s, %s, load average at the start %s", scenario, Instant.now(), loadAverage());
            switch (scenario) {
                case "failover" -> bench.failover();
                case "throughput" -> bench.throughput();
                case "broker-outage" -> bench.brokerOutage();
                default -> throw new IllegalArgumentException("scenario: failover | throughput | broker-outage");
            }
            bench.line("load average at the end %s", loadAverage());
        } catch (Throwable e) {
            bench.line("FAILED: %s (load average %s)", e, loadAverage());
            e.printStackTrace();
            status = 1;
        } finally {
            bench.stopAll();
            Files.createDirectories(bench.target);
            Files.write(bench.target.resolve("bench-cluster-" + scenario + ".txt"), bench.report);
        }
        System.exit(status);
    }

    // ---------------------------------------------------------------- scenarios

    /** (a) Time to completion of a ROWS-row import, uninterrupted and with its node killed at KILL_AT %. */
    void failover() throws Exception {
        int rows = intEnv("ROWS", 1_000_000);
        int killAt = intEnv("KILL_AT", 30);
        startStack(2);
        Path file = home.resolve("failover.csv");
        ContactsCsv.rows(rows).domain("failover.example.com").writeTo(file);
        line("%,d-row CSV, %,d bytes; stale timeout %d s", rows, Files.size(file), staleSeconds);
        ApiClient admin = api(0, ADMIN_KEY);
        // Both nodes run one import first, so that neither measured run pays for the first one.
        awaitSettled(List.of(submit(api(0, USER_KEY), "warm-1.csv", csv(5_000, "warm1.example.com")),
                submit(api(1, USER_KEY), "warm-2.csv", csv(5_000, "warm2.example.com"))));

        ApiClient first = admin.newTenant("failover-baseline-" + UUID.randomUUID());
        Instant t0 = Instant.now();
        String baseline = accepted(first.postFile("/api/contacts/import?fileName=baseline.csv", file, "text/csv"));
        JsonObject done = first.awaitSettled(baseline, JOB_TIMEOUT);
        double baselineSeconds = seconds(t0, Instant.now());
        exactImport(done, rows);
        line("uninterrupted: 202 to completed %.1f s (ran on %s, %,.0f rows/s)", baselineSeconds, done.getString("node"),
                rows / baselineSeconds);

        ApiClient second = admin.newTenant("failover-killed-" + UUID.randomUUID());
        t0 = Instant.now();
        String killed = accepted(second.postFile("/api/contacts/import?fileName=killed.csv", file, "text/csv"));
        JsonObject before = second.awaitJob(killed, JOB_TIMEOUT, j -> "running".equals(j.getString("status"))
                && j.getInt("progress") >= killAt);
        int victim = index(before.getString("node"));
        int survivor = 1 - victim;
        Instant killedAt = Instant.now();
        nodes.get(victim).kill();
        ApiClient other = api(survivor, second.key());
        JsonObject resumed = other.awaitJob(killed, JOB_TIMEOUT, j -> ("running".equals(j.getString("status"))
                && nodeName(survivor).equals(j.getString("node"))) || ApiClient.SETTLED.contains(j.getString("status")));
        Instant resumedAt = Instant.now();
        done = other.awaitSettled(killed, JOB_TIMEOUT);
        Instant doneAt = Instant.now();
        exactImport(done, rows);
        long contacts = count("select count(*) from contacts where tenant_id = ?", UUID.fromString(done.getString("tenantId")));
        require(contacts == rows, "contacts in the tenant: " + contacts);
        double total = seconds(t0, doneAt);
        line("killed: kill -9 of %s at %d %% (%,d rows processed); %s resumed it %.1f s after the kill (from row %,d)"
                        + " and completed it %.1f s after the kill; 202 to completed %.1f s, %.1f s more than"
                        + " uninterrupted (x%.2f)", nodeName(victim), before.getInt("progress"),
                before.getJsonNumber("processedRows").longValue(), nodeName(survivor), seconds(killedAt, resumedAt),
                resumed.getJsonNumber("processedRows").longValue(), seconds(killedAt, doneAt), total,
                total - baselineSeconds, total / baselineSeconds);
        line("rows exact: created %,d, updated %,d, failed %,d, %,d contacts in the tenant; attempts %d",
                done.getJsonNumber("createdRows").longValue(), done.getJsonNumber("updatedRows").longValue(),
                done.getJsonNumber("failedRows").longValue(), contacts, done.getInt("attempts"));
    }

    /** (b) Jobs per second and pickup latency of many ten-row imports, 1 node against 2. */
    void throughput() throws Exception {
        int jobs = intEnv("JOBS", 400);
        int threads = intEnv("THREADS", 8);
        int tenantCount = intEnv("TENANTS", 4);
        startStack(1);
        List<String> keys = new ArrayList<>();
        for (int t = 0; t < tenantCount; t++) {
            keys.add(api(0, ADMIN_KEY).newTenant("throughput-" + t + "-" + UUID.randomUUID()).key());
        }
        line("%d ten-row imports from %d client threads for %d tenants, each burst after a warm-up of %d", jobs, threads,
                tenantCount, jobs / 10);
        burst("1 node, warm-up", jobs / 10, threads, keys, 1);
        burst("1 node", jobs, threads, keys, 1);
        Instant t0 = Instant.now();
        startNode(2);
        nodes.get(1).awaitReady(BOOT);
        line("node-2 ready %.1f s after its start", seconds(t0, Instant.now()));
        burst("2 nodes, warm-up", jobs / 10, threads, keys, 2);
        burst("2 nodes", jobs, threads, keys, 2);
    }

    /** (c) The broker stopped for OUTAGE seconds under load, then restarted: nothing accepted is lost. */
    void brokerOutage() throws Exception {
        int outage = intEnv("OUTAGE", 30);
        int rate = intEnv("RATE", 4);
        int bigRows = intEnv("BIG_ROWS", 100_000);
        startStack(2);
        ApiClient admin = api(0, ADMIN_KEY);
        List<String> keys = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            keys.add(admin.newTenant("outage-" + t + "-" + UUID.randomUUID()).key());
        }
        // Two larger imports, running when the broker goes.
        Path big = home.resolve("outage-big.csv");
        ContactsCsv.rows(bigRows).domain("outage-big.example.com").writeTo(big);
        List<String> bigJobs = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            ApiClient tenant = api(k, admin.newTenant("outage-big-" + k + "-" + UUID.randomUUID()).key());
            bigJobs.add(accepted(tenant.postFile("/api/contacts/import?fileName=big.csv", big, "text/csv")));
        }
        ConcurrentLinkedQueue<Submission> submissions = new ConcurrentLinkedQueue<>();
        AtomicBoolean submitting = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(8);
        long periodMillis = 8_000L / Math.max(1, rate);
        for (int t = 0; t < 8; t++) {
            int thread = t;
            load.submit(() -> {
                for (int i = 0; submitting.get(); i++) {
                    long next = System.currentTimeMillis() + periodMillis;
                    ApiClient client = api(thread % 2, keys.get(thread % keys.size()));
                    Instant at = Instant.now();
                    try {
                        ApiClient.Response r = client.postFile("/api/contacts/import?fileName=o-" + thread + "-" + i
                                + ".csv", csv(10, "o" + thread + "-" + i + ".example.com"), "text/csv");
                        submissions.add(new Submission(at, Instant.now(), r.status(), r.status() == 202 ? null : code(r),
                                r.status() == 202 ? r.json().getString("id") : null));
                    } catch (RuntimeException e) {
                        submissions.add(new Submission(at, Instant.now(), -1, e.getClass().getSimpleName(), null));
                    }
                    sleepUntil(next);
                }
                return null;
            });
        }
        line("load: 8 client threads, %d ten-row imports/s in all, to both nodes; 2 imports of %,d rows", rate, bigRows);
        Thread.sleep(20_000);
        Map<String, String> bigBefore = statuses(bigJobs);
        Instant stoppedAt = Instant.now();
        broker.close();
        line("broker stopped 20 s into the load (big imports then: %s)", bigBefore.values());
        Thread.sleep(outage * 1000L);
        Map<String, String> bigDuring = statuses(bigJobs);
        Instant restartedAt = Instant.now();
        broker = EmbeddedBroker.start(brokerPort, home.resolve("broker"), true);
        line("broker restarted on its journal after %.1f s (big imports at the restart: %s)",
                seconds(stoppedAt, restartedAt), bigDuring.values());
        awaitReady(restartedAt);
        Thread.sleep(30_000);
        submitting.set(false);
        load.shutdown();
        require(load.awaitTermination(5, TimeUnit.MINUTES), "the load threads did not stop");
        Instant loadEnd = Instant.now();

        List<Submission> all = new ArrayList<>(submissions);
        List<String> acceptedIds = new ArrayList<>(all.stream().filter(s -> s.status() == 202).map(Submission::jobId).toList());
        Map<String, Integer> answers = new TreeMap<>();
        double slowest = 0;
        for (Submission s : all) {
            String phase = s.sent().isBefore(stoppedAt) ? "1 before" : s.sent().isBefore(restartedAt) ? "2 during" : "3 after";
            answers.merge(phase + ": " + s.status() + (s.code() == null ? "" : " " + s.code()), 1, Integer::sum);
            if (!s.sent().isBefore(stoppedAt) && s.sent().isBefore(restartedAt)) {
                slowest = Math.max(slowest, seconds(s.sent(), s.answered()));
            }
        }
        line("submissions by phase (sent before/during/after the outage) and answer: %s; slowest answer during the"
                + " outage %.1f s", answers, slowest);
        all.stream().filter(s -> s.status() == 202 && s.sent().isAfter(restartedAt)).map(Submission::sent)
                .min(Instant::compareTo).ifPresent(first -> line("first submission accepted after the restart: sent"
                        + " %.1f s after it", seconds(restartedAt, first)));
        acceptedIds.addAll(bigJobs);
        Map<String, Integer> settled = awaitSettled(acceptedIds);
        line("all %d accepted jobs settled %.1f s after the load stopped: %s", acceptedIds.size(),
                seconds(loadEnd, Instant.now()), settled);
        require(settled.getOrDefault("COMPLETED", 0) == acceptedIds.size(), "jobs not completed: " + settled);
        Instant firstDone = firstCompletionAfter(acceptedIds, restartedAt);
        line("recovery: first job completed %.1f s after the restart (database clock)",
                firstDone == null ? Double.NaN : seconds(restartedAt, firstDone));
        long small = count("select coalesce(sum(created_rows), 0) from jobs where id = any (?::uuid[])",
                (Object) all.stream().filter(s -> s.status() == 202).map(Submission::jobId).toArray(String[]::new));
        int smallJobs = acceptedIds.size() - bigJobs.size();
        require(small == 10L * smallJobs, "rows of the ten-row imports: " + small);
        for (String id : bigJobs) {
            long created = count("select created_rows from jobs where id = ?::uuid", id);
            require(created == bigRows, "big import " + id + " created " + created);
        }
        line("rows exact: %,d ten-row imports created 10 rows each, the 2 big imports %,d each; lost: 0", smallJobs,
                bigRows);
    }

    private record Submission(Instant sent, Instant answered, int status, String code, String jobId) {
    }

    // ---------------------------------------------------------------- throughput

    private void burst(String label, int jobs, int threads, List<String> keys, int nodeCount) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<String>>> futures = new ArrayList<>();
        String run = UUID.randomUUID().toString().substring(0, 6);
        AtomicInteger refused = new AtomicInteger();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                List<String> ids = new ArrayList<>();
                for (int i = thread; i < jobs; i += threads) {
                    ApiClient client = api(i % nodeCount, keys.get(i % keys.size()));
                    while (true) {
                        ApiClient.Response r = client.postFile("/api/contacts/import?fileName=t-" + i + ".csv",
                                csv(10, run + "-" + i + ".example.com"), "text/csv");
                        if (r.status() == 202) {
                            ids.add(r.json().getString("id"));
                            break;
                        }
                        // 429 QUEUE_FULL: the tenant has 100 jobs waiting; send again when told.
                        require(r.status() == 429, "submission answered " + r.status() + ": " + r.body());
                        refused.incrementAndGet();
                        String retryAfter = r.header("Retry-After");
                        Thread.sleep(1000L * (retryAfter == null ? 1 : Integer.parseInt(retryAfter)));
                    }
                }
                return ids;
            }));
        }
        List<String> ids = new ArrayList<>();
        for (Future<List<String>> f : futures) {
            ids.addAll(f.get());
        }
        pool.shutdown();
        Map<String, Integer> settled = awaitSettled(ids);
        require(settled.getOrDefault("COMPLETED", 0) == jobs, label + ": " + settled);
        List<Double> pickups = new ArrayList<>();
        Map<String, Integer> perNode = new TreeMap<>();
        double span = 0;
        long rows = 0;
        try (Connection c = connect(); PreparedStatement q = c.prepareStatement("""
                select extract(epoch from started_at - created_at), node_id, created_rows,
                       extract(epoch from max(completed_at) over () - min(created_at) over ())
                  from jobs where id = any (?::uuid[])""")) {
            q.setObject(1, ids.toArray(String[]::new));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    pickups.add(rs.getDouble(1));
                    perNode.merge(rs.getString(2), 1, Integer::sum);
                    rows += rs.getLong(3);
                    span = rs.getDouble(4);
                }
            }
        }
        require(rows == 10L * jobs, label + ": rows created " + rows);
        Collections.sort(pickups);
        line("%-16s %d jobs in %.1f s (first created to last completed) = %.1f jobs/s; pickup (started - created)"
                        + " p50 %.2f s, p99 %.2f s, max %.2f s; per node %s; 429 answers %d; load average %s", label, jobs,
                span, jobs / span, percentile(pickups, 50), percentile(pickups, 99), pickups.get(pickups.size() - 1),
                perNode, refused.get(), loadAverage());
    }

    private static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    // ---------------------------------------------------------------- the stack

    private void startStack(int nodeCount) throws Exception {
        Files.createDirectories(home);
        EmbeddedPostgres postgres = EmbeddedPostgres.start(pgPort, home.resolve("postgres"), false, "lading", "lading",
                "lading");
        running.push(postgres);
        jdbcUrl = postgres.jdbcUrl();
        EmbeddedS3 s3 = EmbeddedS3.start(s3Port, home.resolve("s3"), false, "lading", "lading-secret", "lading");
        running.push(s3);
        broker = EmbeddedBroker.start(brokerPort, home.resolve("broker"), false);
        running.push(() -> broker.close());
        nodeEnvironment.putAll(Map.of("POSTGRESQL_URL", jdbcUrl, "POSTGRESQL_USER", "lading", "POSTGRESQL_PASSWORD",
                "lading", "S3_ENDPOINT", s3.endpoint().toString(), "S3_ACCESS_KEY", "lading", "S3_SECRET_KEY",
                "lading-secret", "S3_BUCKET", "lading", "S3_REGION", "us-east-1", "ARTEMIS_HOST", "127.0.0.1"));
        nodeEnvironment.putAll(Map.of("ARTEMIS_PORT", Integer.toString(brokerPort), "LADING_DEMO_USER_KEY", USER_KEY,
                "LADING_DEMO_ADMIN_KEY", ADMIN_KEY, "LADING_KEYS_SECRET", "bench-keys-secret-0123456789abcdef-0123456789",
                "LADING_JOBS_STALE_AFTER_SECONDS", Integer.toString(staleSeconds), "LADING_DB_POOL_SIZE", "25"));
        Instant t0 = Instant.now();
        for (int k = 1; k <= nodeCount; k++) {
            startNode(k);
        }
        for (int k = 1; k <= nodeCount; k++) {
            nodes.get(k - 1).awaitReady(BOOT);
        }
        line("%d node(s) ready %.1f s after the start", nodeCount, seconds(t0, Instant.now()));
    }

    /** Starts node k; returns at once (see {@link ServerProcess#awaitReady}). */
    private void startNode(int k) throws Exception {
        Map<String, String> environment = new LinkedHashMap<>(nodeEnvironment);
        environment.put("LADING_NODE_ID", nodeName(k - 1));
        environment.put("JAVA_OPTS", "-Xms256m -Xmx1g -XX:MaxMetaspaceSize=512m -Djava.net.preferIPv4Stack=true"
                + " -Djboss.as.management.blocking.timeout=900 -Djboss.node.name=" + nodeName(k - 1));
        ServerProcess node = ServerProcess.prepare(target.resolve("server"), home.resolve(nodeName(k - 1)),
                target.resolve("lading.war"), nodeOffset + 100 * (k - 1), environment);
        nodes.add(node);
        running.push(node);
        node.start();
    }

    private void awaitReady(Instant since) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int k = 0; k < nodes.size(); k++) {
            URI ready = URI.create("http://127.0.0.1:" + nodes.get(k).managementPort() + "/health/ready");
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (true) {
                int status;
                try {
                    status = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(20)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (java.io.IOException e) {
                    status = -1;
                }
                if (status == 200) {
                    line("%s ready again %.1f s after the restart", nodeName(k), seconds(since, Instant.now()));
                    break;
                }
                require(System.nanoTime() < deadline, nodeName(k) + " not ready 3 minutes after the restart");
                Thread.sleep(250);
            }
        }
    }

    private void stopAll() {
        synchronized (running) {
            while (!running.isEmpty()) {
                try {
                    running.pop().close();
                } catch (Exception e) {
                    System.err.println("stop: " + e);
                }
            }
        }
    }

    // ---------------------------------------------------------------- jobs and rows

    private ApiClient api(int node, String key) {
        return new ApiClient(nodes.get(node).baseUrl(), key);
    }

    private static String submit(ApiClient client, String fileName, byte[] csv) {
        return accepted(client.postFile("/api/contacts/import?fileName=" + fileName, csv, "text/csv"));
    }

    private static String accepted(ApiClient.Response response) {
        require(response.status() == 202, "submission answered " + response.status() + ": " + response.body());
        return response.json().getString("id");
    }

    private static byte[] csv(int rows, String domain) {
        return ContactsCsv.rows(rows).domain(domain).text().getBytes(StandardCharsets.UTF_8);
    }

    private static String code(ApiClient.Response response) {
        try {
            return response.json().getString("code");
        } catch (RuntimeException e) {
            return "?";
        }
    }

    /** Polls the database until every job is settled; returns the jobs by status. */
    private Map<String, Integer> awaitSettled(List<String> ids) throws Exception {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (true) {
            Map<String, Integer> byStatus = new TreeMap<>();
            try (Connection c = connect(); PreparedStatement q = c.prepareStatement(
                    "select status, count(*) from jobs where id = any (?::uuid[]) group by status")) {
                q.setObject(1, ids.toArray(String[]::new));
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        byStatus.put(rs.getString(1), rs.getInt(2));
                    }
                }
            }
            int open = byStatus.getOrDefault("QUEUED", 0) + byStatus.getOrDefault("RUNNING", 0)
                    + byStatus.getOrDefault("RETRY_SCHEDULED", 0);
            if (open == 0 && byStatus.values().stream().mapToInt(Integer::intValue).sum() == ids.size()) {
                return byStatus;
            }
            require(System.nanoTime() < deadline, "jobs still open after " + JOB_TIMEOUT + ": " + byStatus);
            Thread.sleep(250);
        }
    }

    private Map<String, String> statuses(List<String> ids) {
        Map<String, String> statuses = new LinkedHashMap<>();
        for (String id : ids) {
            try (Connection c = connect(); PreparedStatement q = c.prepareStatement(
                    "select status || ' ' || processed_rows || ' rows' from jobs where id = ?::uuid")) {
                q.setString(1, id);
                try (ResultSet rs = q.executeQuery()) {
                    statuses.put(id, rs.next() ? rs.getString(1) : "?");
                }
            } catch (Exception e) {
                statuses.put(id, e.toString());
            }
        }
        return statuses;
    }

    /** The earliest completion (database clock) among the jobs that completed after {@code after}. */
    private Instant firstCompletionAfter(List<String> ids, Instant after) throws Exception {
        try (Connection c = connect(); PreparedStatement q = c.prepareStatement(
                "select min(completed_at) from jobs where id = any (?::uuid[]) and completed_at > ?")) {
            q.setObject(1, ids.toArray(String[]::new));
            q.setObject(2, java.time.OffsetDateTime.ofInstant(after, java.time.ZoneOffset.UTC));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                java.time.OffsetDateTime first = rs.getObject(1, java.time.OffsetDateTime.class);
                return first == null ? null : first.toInstant();
            }
        }
    }

    private static void exactImport(JsonObject job, long rows) {
        require("completed".equals(job.getString("status")), "not completed: " + job);
        require(job.getJsonNumber("processedRows").longValue() == rows, "processedRows: " + job);
        require(job.getJsonNumber("createdRows").longValue() == rows, "createdRows: " + job);
        require(job.getJsonNumber("updatedRows").longValue() == 0, "a row written twice: " + job);
    }

    private long count(String sql, Object... params) throws Exception {
        try (Connection c = connect(); PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                q.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection(jdbcUrl, "lading", "lading");
    }

    // ---------------------------------------------------------------- small things

    private static String nodeName(int index) {
        return "node-" + (index + 1);
    }

    private static int index(String node) {
        return Integer.parseInt(node.substring("node-".length())) - 1;
    }

    private synchronized void line(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        System.out.println("[cluster bench] " + text);
        report.add(text);
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    private static int intEnv(String name, int defaultValue) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? defaultValue : Integer.parseInt(value.trim());
    }

    private static void sleepUntil(long millis) throws InterruptedException {
        long wait = millis - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }
}
