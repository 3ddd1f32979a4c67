package io.lading.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The run command ({@code server/run}, {@code server/run --nodes N}, {@code server/run payara}): PostgreSQL, S3
 * and the Artemis broker, unless the environment points at existing ones, then WildFly (one node or N) or Payara
 * with the Lading WAR, until Ctrl-C, which stops the servers, the broker, S3 and PostgreSQL in that order.
 *
 * <p>Runs in the repository root after {@code mvn package}. What outlives a run (database, bucket, demo keys) is
 * kept in {@code .lading/}; deleting that directory starts afresh.
 */
public final class DevStack {

    private static final Logger LOG = Logger.getLogger(DevStack.class.getName());

    private static final int POSTGRES_PORT = 15432;
    private static final int S3_PORT = 19000;
    /** Payara's port base: HTTP on 8080 like WildFly, administration on 8048. */
    private static final int PAYARA_PORT_BASE = 8000;
    private static final int BROKER_PORT = 61616;
    private static final String DEFAULT_JAVA_OPTS = "-Xms256m -Xmx1g -XX:MetaspaceSize=96M"
            + " -XX:MaxMetaspaceSize=512m -Djava.net.preferIPv4Stack=true"
            + " -Djboss.modules.system.pkgs=org.jboss.byteman -Djava.awt.headless=true"
            // WildFly rolls its boot back after 300 s without reaching stability (the default): nodes deploying
            // together on a busy machine can take longer.
            + " -Djboss.as.management.blocking.timeout=900";
    /** The first start also creates the schema; several nodes deploying at once on a busy machine take long. */
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(15);

    private final Path repository;
    private final Path state;
    private final Map<String, String> environment;
    private final boolean payara;
    /** WildFly nodes to run: {@code server/run --nodes N} (see {@link ClusterLayout}). */
    private final int nodes;
    /** What WildFly gets on top of {@link #environment}. */
    private final Map<String, String> serverEnvironment = new LinkedHashMap<>();
    private static final String ALLOW_PRIVATE_WEBHOOKS = "LADING_WEBHOOKS_ALLOW_PRIVATE";
    /** Started services, the last started first. */
    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private boolean stopping;

    private DevStack(Path repository, Map<String, String> environment, boolean payara, int nodes) {
        this.repository = repository;
        this.nodes = nodes;
        this.state = repository.resolve(".lading");
        this.environment = environment;
        this.payara = payara;
    }

    /** No argument or {@code wildfly}: WildFly; {@code payara}: Payara. */
    public static void main(String[] args) {
        boolean payara = List.of(args).contains("payara");
        int nodes = ClusterLayout.nodes(args);
        if (payara && nodes > 1) {
            System.err.println("usage: server/run [wildfly|payara] [--nodes N]; --nodes is for WildFly");
            System.exit(2);
        }
        DevStack stack = new DevStack(Path.of("").toAbsolutePath(), System.getenv(), payara, nodes);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "devstack-stop"));
        int status = stack.run();
        if (stack.isStopping()) {
            return; // Ctrl-C: the shutdown hook is stopping everything.
        }
        stack.stop();
        System.exit(status);
    }

    /** Starts everything and blocks while the server runs; returns the status for the command to exit with. */
    private int run() {
        try {
            Path war = requireBuilt("target/lading.war");
            Path server = payara ? requireBuilt("target/payara/bin/asadmin").getParent().getParent()
                    : requireBuilt("target/server/bin/standalone.sh").getParent().getParent();
            startPostgresUnlessConfigured();
            startS3UnlessConfigured();
            if (!payara) {
                startBrokerUnlessConfigured(); // Payara brings its own broker (OpenMQ)
            }
            DemoKeys keys = DemoKeys.fromEnvironmentOrFile(environment, state.resolve("demo-keys.properties"));
            serverEnvironment.putAll(keys.asEnvironment());
            allowPrivateWebhooksUnlessConfigured();

            int status = payara ? runPayara(server, war, keys) : runWildFly(server, war, keys);
            if (!isStopping()) {
                LOG.severe((payara ? "Payara" : "WildFly") + " exited on its own with status " + status);
            }
            return status == 0 ? 1 : status;
        } catch (IllegalStateException e) {
            if (!isStopping()) {
                LOG.severe(e.getMessage());
            }
            return 1;
        } catch (Exception e) {
            if (!isStopping()) {
                LOG.log(Level.SEVERE, "Lading did not start", e);
            }
            return 1;
        }
    }

    private int runWildFly(Path server, Path war, DemoKeys keys) throws IOException, InterruptedException {
        List<WildFlyProcess> servers = startWildFly(server, war);
        for (WildFlyProcess wildFly : servers) {
            wildFly.awaitReady(READY_TIMEOUT);
        }
        printBanner(keys, "http://localhost:9990");
        return WildFlyProcess.waitForAny(servers);
    }

    /** One WildFly in target/server as it is, or N nodes each with a base directory of its own. */
    private List<WildFlyProcess> startWildFly(Path server, Path war) throws IOException {
        if (nodes == 1) {
            return List.of(register(WildFlyProcess.start(server, war, serverEnvironment, javaOpts())));
        }
        List<WildFlyProcess> servers = new ArrayList<>();
        for (int k = 1; k <= nodes; k++) {
            servers.add(register(WildFlyProcess.start(server, ClusterLayout.baseDirectory(state, k), war,
                    ClusterLayout.environment(serverEnvironment, environment, k), javaOpts(),
                    ClusterLayout.portOffset(k), ClusterLayout.name(k))));
        }
        return servers;
    }

    /** The domain lives in .lading/payara with the database: its broker holds the queued jobs' messages. */
    private int runPayara(Path server, Path war, DemoKeys keys) throws IOException, InterruptedException {
        PayaraProcess payaraServer = new PayaraProcess(repository, server, state.resolve("payara"), PAYARA_PORT_BASE,
                serverEnvironment, null);
        payaraServer.createDomainIfChanged();
        register(payaraServer);
        payaraServer.start();
        payaraServer.deploy(war);
        payaraServer.awaitReady(READY_TIMEOUT);
        printBanner(keys, "http://localhost:8080");
        return payaraServer.waitFor();
    }

    private void startPostgresUnlessConfigured() throws IOException {
        if (environment.containsKey("POSTGRESQL_URL")) {
            LOG.info(() -> "Using the PostgreSQL at " + environment.get("POSTGRESQL_URL"));
            return;
        }
        requireFree(POSTGRES_PORT, "a PostgreSQL left over from an earlier run", "POSTGRESQL_URL");
        EmbeddedPostgres postgres = register(EmbeddedPostgres.start(POSTGRES_PORT, state.resolve("postgres"), true,
                "lading", "lading", "lading"));
        serverEnvironment.put("POSTGRESQL_URL", postgres.jdbcUrl());
        serverEnvironment.put("POSTGRESQL_USER", "lading");
        serverEnvironment.put("POSTGRESQL_PASSWORD", "lading");
    }

    private void startS3UnlessConfigured() throws IOException {
        if (environment.containsKey("S3_ENDPOINT")) {
            LOG.info(() -> "Using the S3 at " + environment.get("S3_ENDPOINT"));
            return;
        }
        requireFree(S3_PORT, "an S3 left over from an earlier run", "S3_ENDPOINT");
        String bucket = environment.getOrDefault("S3_BUCKET", "lading");
        EmbeddedS3 s3 = register(EmbeddedS3.start(S3_PORT, state.resolve("s3"), true,
                "lading", "lading-secret", bucket));
        serverEnvironment.put("S3_ENDPOINT", s3.endpoint().toString());
        serverEnvironment.put("S3_ACCESS_KEY", "lading");
        serverEnvironment.put("S3_SECRET_KEY", "lading-secret");
        serverEnvironment.put("S3_BUCKET", bucket);
        serverEnvironment.put("S3_REGION", "us-east-1");
    }

    private void startBrokerUnlessConfigured() throws IOException {
        if (environment.containsKey("ARTEMIS_HOST") || environment.containsKey("ARTEMIS_PORT")) {
            LOG.info(() -> "Using the Artemis broker at " + environment.getOrDefault("ARTEMIS_HOST", "127.0.0.1")
                    + ":" + environment.getOrDefault("ARTEMIS_PORT", String.valueOf(BROKER_PORT)));
            return;
        }
        requireFree(BROKER_PORT, "a broker left over from an earlier run", "ARTEMIS_HOST/ARTEMIS_PORT");
        register(EmbeddedBroker.start(BROKER_PORT, state.resolve("broker"), true));
        serverEnvironment.put("ARTEMIS_HOST", "127.0.0.1");
        serverEnvironment.put("ARTEMIS_PORT", String.valueOf(BROKER_PORT));
    }

    /**
     * A development stack: webhooks may call a receiver on this machine (loopback and private addresses), which a
     * production server refuses. The banner says so; LADING_WEBHOOKS_ALLOW_PRIVATE=false in the environment keeps the
     * production rule.
     */
    private void allowPrivateWebhooksUnlessConfigured() {
        if (!environment.containsKey(ALLOW_PRIVATE_WEBHOOKS)) {
            serverEnvironment.put(ALLOW_PRIVATE_WEBHOOKS, "true");
        }
    }

    private String javaOpts() {
        String javaOpts = environment.get("JAVA_OPTS");
        return javaOpts == null || javaOpts.isBlank() ? DEFAULT_JAVA_OPTS : javaOpts;
    }

    /** {@code monitoring}: where health and the server's metrics are (WildFly: management port; Payara: HTTP). */
    private void printBanner(DemoKeys keys, String monitoring) {
        String rule = "=".repeat(78);
        System.out.printf("""

                %1$s
                  Lading is running. Ctrl-C stops it.

                  API             http://localhost:8080/api
                  Admin console   http://localhost:8080/admin/
                  OpenAPI         http://localhost:8080/openapi
                  Health          %10$s/health/ready
                  Metrics         http://localhost:8080/metrics (jobs, operator key)  %11$s (server)
                  S3              %2$s  bucket %3$s  access key %4$s
                  PostgreSQL      %5$s  user %6$s
                  Broker          %12$s
                  Webhooks        %14$s
                  Kept in         %7$s

                  Demo user key   %8$s
                  Admin key       %9$s

                %13$s
                  Try it:
                    curl -H 'X-API-Key: %8$s' http://localhost:8080/api/contacts
                    curl -H 'X-API-Key: %8$s' -H 'Content-Type: text/csv' --data-binary @contacts.csv \\
                         'http://localhost:8080/api/contacts/import?fileName=contacts.csv'
                %1$s

                """,
                rule, setting("S3_ENDPOINT"), setting("S3_BUCKET"), setting("S3_ACCESS_KEY"),
                setting("POSTGRESQL_URL"), setting("POSTGRESQL_USER"), state, keys.userKey(), keys.adminKey(),
                monitoring, monitoring + (payara ? "/server-metrics" : "/metrics"),
                payara ? "(Payara's own OpenMQ)" : setting("ARTEMIS_HOST") + ":" + setting("ARTEMIS_PORT"),
                nodes == 1 ? "" : ClusterLayout.describe(nodes),
                "true".equalsIgnoreCase(setting(ALLOW_PRIVATE_WEBHOOKS))
                        ? "may call loopback and private addresses (" + ALLOW_PRIVATE_WEBHOOKS + "=true, for development)"
                        : "public addresses only (" + ALLOW_PRIVATE_WEBHOOKS + "=" + setting(ALLOW_PRIVATE_WEBHOOKS) + ")");
    }

    /** A variable as the server sees it. */
    private String setting(String name) {
        return serverEnvironment.getOrDefault(name, environment.getOrDefault(name, "(" + name + " unset)"));
    }

    private Path requireBuilt(String relativePath) {
        Path path = repository.resolve(relativePath);
        if (!Files.exists(path)) {
            throw new IllegalStateException(path + " is missing; build first: mvn -DskipTests package");
        }
        return path;
    }

    private static void requireFree(int port, String likelyHolder, String variable) {
        if (LocalPort.isListening(port)) {
            throw new IllegalStateException("Port " + port + " is in use (" + likelyHolder + "?). Stop what holds it,"
                    + " or set " + variable + " to use that server instead.");
        }
    }

    /** Records a started service for {@link #stop()}; one that finished starting after Ctrl-C is stopped at once. */
    private <T extends AutoCloseable> T register(T service) {
        synchronized (this) {
            if (!stopping) {
                running.push(service);
                return service;
            }
        }
        close(service);
        throw new IllegalStateException("Stopping");
    }

    private synchronized boolean isStopping() {
        return stopping;
    }

    /** Stops the server first, so that it can finish with the database and S3 still there. Safe to call twice. */
    private void stop() {
        List<AutoCloseable> toStop;
        synchronized (this) {
            stopping = true;
            toStop = new ArrayList<>(running);
            running.clear();
        }
        // Printed, not logged: the JDK's logging is shut down by a hook of its own, concurrently with this one.
        for (AutoCloseable service : toStop) {
            System.out.println("Stopping " + service);
            close(service);
        }
        if (!toStop.isEmpty()) {
            System.out.println("Stopped");
        }
    }

    private static void close(AutoCloseable service) {
        try {
            service.close();
        } catch (Exception e) {
            System.err.println("Could not stop " + service + ": " + e);
        }
    }
}
