package io.lading.testsupport;

import io.lading.devstack.LocalPort;
import io.lading.devstack.ProcessTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A WildFly of a test's own, for tests that must stop, kill and restart the server, which Arquillian's managed
 * container cannot do. It runs the provisioned installation ({@code jboss.home}) with a base directory of its own
 * (configuration copied from the installation, the WAR in its deployments folder, its own transaction log, data
 * and logs) and a port offset of its own, so it runs beside the Arquillian-managed server and {@code server/run}.
 *
 * <p>The server can be started again after {@link #kill()} or {@link #stop()}: the base directory, and with it the
 * transaction log, is kept until the next {@link #prepare}. Its console goes to {@code log/console.log} in the base
 * directory, next to {@code log/server.log}. Whatever happens to the test, {@link #close()} (and, as a last resort,
 * a JVM shutdown hook) leaves no server process behind.
 */
public final class ServerProcess implements KillableServer {

    private static final Logger LOG = Logger.getLogger(ServerProcess.class.getName());

    private static final String CONFIGURATION = "lading.xml";
    private static final String JAVA_OPTS = "-Xms256m -Xmx1g -XX:MetaspaceSize=96M -XX:MaxMetaspaceSize=512m"
            + " -Djava.net.preferIPv4Stack=true -Djboss.modules.system.pkgs=org.jboss.byteman"
            + " -Djava.awt.headless=true";
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final int NO_ANSWER = -1;

    private final Path jbossHome;
    private final Path baseDirectory;
    private final Path deployment;
    private final int portOffset;
    private final Map<String, String> environment;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final Thread killOnJvmExit = new Thread(this::destroyTree, "server-process-kill");

    private volatile Process process;
    /** The server's JVM once found: it outlives a wrapper that died first, and is then no descendant of it. */
    private volatile ProcessHandle jvm;
    private boolean hookRegistered;

    private ServerProcess(Path jbossHome, Path baseDirectory, Path deployment, int portOffset,
                          Map<String, String> environment) {
        this.jbossHome = jbossHome;
        this.baseDirectory = baseDirectory;
        this.deployment = deployment;
        this.portOffset = portOffset;
        this.environment = environment;
    }

    /**
     * Creates {@code baseDirectory} afresh (deleting what a previous run left there) from the installation's
     * configuration, with {@code war} in its deployments folder. Nothing is started yet.
     *
     * @param environment what the server gets on top of this JVM's environment (e.g. {@code LADING_NODE_ID})
     */
    public static ServerProcess prepare(Path jbossHome, Path baseDirectory, Path war, int portOffset,
                                        Map<String, String> environment) throws IOException {
        Path configuration = jbossHome.resolve("standalone/configuration");
        if (!Files.isRegularFile(configuration.resolve(CONFIGURATION))) {
            throw new IllegalStateException(configuration.resolve(CONFIGURATION) + " is missing; build first: mvn package");
        }
        deleteRecursively(baseDirectory);
        copyConfiguration(configuration, baseDirectory.resolve("configuration"));
        Path deployments = Files.createDirectories(baseDirectory.resolve("deployments"));
        Files.createDirectories(baseDirectory.resolve("log"));
        Path deployment = deployments.resolve(war.getFileName());
        Files.copy(war, deployment, StandardCopyOption.REPLACE_EXISTING);
        return new ServerProcess(jbossHome, baseDirectory, deployment, portOffset, new LinkedHashMap<>(environment));
    }

    /**
     * {@link #prepare} for an integration test: the WAR the build packaged ({@code lading.test.war}) on the provisioned
     * installation ({@code jboss.home}), in {@code target/{directory}}, at {@link #besideOffset()}.
     */
    public static ServerProcess besideTheTests(String directory, Map<String, String> environment) throws IOException {
        Path war = Path.of(System.getProperty("lading.test.war", "target/lading.war")).toAbsolutePath();
        Path jbossHome = Path.of(System.getProperty("jboss.home", war.getParent().resolve("server").toString()));
        return prepare(jbossHome, war.getParent().resolve(directory), war, besideOffset(), environment);
    }

    /**
     * The port offset of a test's own server: {@code lading.test.ownServerOffset}, else 200 above the
     * Arquillian-managed server's ({@code it.port.offset}, 100 by default: HTTP 8380), so both run side by side.
     */
    public static int besideOffset() {
        return Integer.getInteger("lading.test.ownServerOffset", Integer.getInteger("it.port.offset", 100) + 200);
    }

    public int httpPort() {
        return 8080 + portOffset;
    }

    public int managementPort() {
        return 9990 + portOffset;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort();
    }

    public Path serverLog() {
        return baseDirectory.resolve("log/server.log");
    }

    /** Starts the server (again); returns at once, see {@link #awaitReady}. */
    public synchronized void start() throws IOException {
        if (isAlive()) {
            throw new IllegalStateException(this + " is already running");
        }
        for (int port : new int[] {httpPort(), managementPort()}) {
            if (LocalPort.isListening(port)) {
                throw new IllegalStateException("Port " + port + " is in use (another test server, or one left over"
                        + " from an earlier run?); cannot start " + this);
            }
        }
        ProcessBuilder builder = new ProcessBuilder(
                jbossHome.resolve("bin/standalone.sh").toString(),
                "-c", CONFIGURATION, "-b", "127.0.0.1", "-bmanagement", "127.0.0.1",
                "-Djboss.server.base.dir=" + baseDirectory,
                "-Djboss.socket.binding.port-offset=" + portOffset)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(baseDirectory.resolve("log/console.log").toFile()));
        builder.environment().putAll(environment);
        builder.environment().putIfAbsent("JAVA_OPTS", JAVA_OPTS);
        builder.environment().put("JBOSS_HOME", jbossHome.toString());
        // The script then runs java as a child it waits for: the child is what kill() kills.
        builder.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "true");
        if (!hookRegistered) {
            Runtime.getRuntime().addShutdownHook(killOnJvmExit);
            hookRegistered = true;
        }
        jvm = null;
        process = builder.start();
        LOG.info(() -> "Started " + this + " with base directory " + baseDirectory);
    }

    /**
     * Waits until {@code /health/ready} answers 200 and the application answers on {@code /api/contacts}.
     *
     * @throws IllegalStateException if the server exits, the deployment fails or {@code timeout} passes first
     */
    public void awaitReady(Duration timeout) throws InterruptedException {
        URI health = URI.create("http://127.0.0.1:" + managementPort() + "/health/ready");
        URI api = URI.create(baseUrl() + "/api/contacts");
        long deadline = System.nanoTime() + timeout.toNanos();
        int healthStatus = NO_ANSWER;
        int apiStatus = NO_ANSWER;
        Path failed = deployment.resolveSibling(deployment.getFileName() + ".failed");
        while (System.nanoTime() < deadline) {
            Process current = process;
            if (current == null || !current.isAlive()) {
                throw new IllegalStateException("WildFly exited while starting"
                        + (current == null ? "" : " with status " + current.exitValue()) + "; see " + serverLog());
            }
            if (Files.exists(failed)) {
                throw new IllegalStateException("The deployment failed; see " + failed + " and " + serverLog());
            }
            healthStatus = healthStatus == 200 ? healthStatus : status(health);
            if (healthStatus == 200) {
                apiStatus = status(api);
                if (apiStatus != NO_ANSWER && apiStatus != 404 && apiStatus != 503) {
                    jvm = serverJvm().orElse(null);
                    return;
                }
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
        throw new IllegalStateException("WildFly was not ready within " + timeout + ": " + health + " answered "
                + describe(healthStatus) + ", " + api + " answered " + describe(apiStatus) + "; see " + serverLog());
    }

    /**
     * {@code kill -9} of the server's JVM (not of the {@code standalone.sh} wrapper, which then exits by itself):
     * no shutdown hook, no graceful undeploy, nothing flushed that was not already durable. Returns once the JVM
     * and the wrapper are gone.
     */
    public synchronized void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        ProcessHandle target = Optional.ofNullable(jvm).filter(ProcessHandle::isAlive).or(this::serverJvm)
                .orElseThrow(() -> new IllegalStateException("No WildFly JVM found under " + this
                        + " (descendants: " + describe(process.descendants()) + ")"));
        LOG.info(() -> "kill -9 of the WildFly JVM, pid " + target.pid());
        target.destroyForcibly();
        awaitExit(target, "the killed WildFly JVM");
        awaitExit(process.toHandle(), "the standalone.sh wrapper");
    }

    /**
     * {@code kill -STOP} (or, with {@code paused} false, {@code kill -CONT}) of the server's JVM: a pause as a long
     * garbage collection or a network cut looks from outside, with every thread frozen mid-work.
     */
    public synchronized void pause(boolean paused) throws IOException, InterruptedException {
        ProcessHandle target = Optional.ofNullable(jvm).filter(ProcessHandle::isAlive).or(this::serverJvm)
                .orElseThrow(() -> new IllegalStateException("No WildFly JVM found under " + this));
        String signal = paused ? "-STOP" : "-CONT";
        int status = new ProcessBuilder("kill", signal, Long.toString(target.pid())).inheritIO().start().waitFor();
        if (status != 0) {
            throw new IllegalStateException("kill " + signal + " " + target.pid() + " exited with " + status);
        }
        LOG.info(() -> "kill " + signal + " of the WildFly JVM, pid " + target.pid());
    }

    /** Graceful shutdown (SIGTERM, relayed by the wrapper to the JVM), killing what is left after a minute. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = tree();
        tree.forEach(ProcessHandle::destroy);
        ProcessTree.awaitExitOrKill(tree, STOP_TIMEOUT, toString());
    }

    public synchronized boolean isAlive() {
        return process != null && tree().stream().anyMatch(ProcessHandle::isAlive);
    }

    /** Stops the server if it runs; safe to call more than once. */
    @Override
    public synchronized void close() {
        stop();
        destroyTree();
        if (hookRegistered) {
            try {
                Runtime.getRuntime().removeShutdownHook(killOnJvmExit);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down; the hook finds nothing left to kill.
            }
            hookRegistered = false;
        }
    }

    @Override
    public synchronized Optional<ProcessHandle> jvm() {
        return process == null ? Optional.empty() : Optional.ofNullable(jvm).filter(ProcessHandle::isAlive).or(this::serverJvm);
    }

    /** The java process that runs jboss-modules, below the wrapper script. */
    private Optional<ProcessHandle> serverJvm() {
        List<ProcessHandle> descendants = process.descendants().filter(ProcessHandle::isAlive).toList();
        Optional<ProcessHandle> byJar = descendants.stream()
                .filter(p -> p.info().commandLine().map(c -> c.contains("jboss-modules.jar")).orElse(false))
                .findFirst();
        if (byJar.isPresent()) {
            return byJar;
        }
        return descendants.stream()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst();
    }

    /** Collected before signalling: once the wrapper is gone, its java child is no longer its descendant. */
    private List<ProcessHandle> tree() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        ProcessHandle known = jvm;
        if (known != null && !tree.contains(known)) {
            tree.add(known);
        }
        tree.add(process.toHandle());
        return tree;
    }

    private void destroyTree() {
        Process current = process;
        ProcessHandle known = jvm;
        if (known != null) {
            known.destroyForcibly();
        }
        if (current != null) {
            Stream.concat(current.descendants(), Stream.of(current.toHandle()))
                    .filter(ProcessHandle::isAlive)
                    .forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static void awaitExit(ProcessHandle handle, String what) throws InterruptedException {
        try {
            handle.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            handle.destroyForcibly();
            throw new IllegalStateException(what + " (pid " + handle.pid() + ") did not exit within " + STOP_TIMEOUT);
        }
    }

    private int status(URI uri) throws InterruptedException {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return NO_ANSWER;
        }
    }

    private static String describe(int status) {
        return status == NO_ANSWER ? "nothing" : String.valueOf(status);
    }

    private static String describe(Stream<ProcessHandle> handles) {
        return handles.map(h -> h.pid() + " " + h.info().command().orElse("?")).toList().toString();
    }

    private static void copyConfiguration(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public String toString() {
        return "WildFly in " + baseDirectory.getFileName() + " (HTTP " + httpPort() + ", management "
                + managementPort() + (process == null ? "" : ", wrapper pid " + process.pid()) + ")";
    }
}
