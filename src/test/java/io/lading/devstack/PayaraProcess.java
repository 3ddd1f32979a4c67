package io.lading.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
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
 * A Payara domain made by {@code server/payara/create-domain}, run in the foreground ({@code start-domain
 * --verbose}) as a child process, with the Lading WAR deployed by {@code server/payara/deploy}.
 *
 * <p>The domain is kept between starts, with its broker's messages and the deployed application, like a server's
 * state on disk: a start after a {@link #kill()} resumes what was queued. It is made again when the scripts that
 * made it change. A WAR (or job concurrency) other than the deployed one is deployed once the domain is up.
 */
public final class PayaraProcess implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PayaraProcess.class.getName());

    private static final String DOMAIN = "lading";
    private static final String APPLICATION = "lading";
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    /** How long a start may take to start the application deployed before. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration ADMIN_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);
    private static final int NO_ANSWER = -1;

    private final Path repository;
    private final Path payara;
    private final Path domains;
    private final int portBase;
    private final Map<String, String> environment;
    private final Path console;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private volatile Process process;
    /** Where the server log stood when this process started: what it logs from there on is this start's. */
    private volatile long startLogOffset = -1;

    /**
     * @param repository  the repository root (for {@code server/payara/*})
     * @param payara      the installation ({@code target/payara})
     * @param domains     where the domain lives between runs
     * @param portBase    Payara's port base: HTTP is {@code portBase + 80}, administration {@code portBase + 48}
     * @param environment what the server gets on top of this JVM's environment
     * @param console     the server's console output, or null to share this process's console
     */
    public PayaraProcess(Path repository, Path payara, Path domains, int portBase, Map<String, String> environment,
                         Path console) {
        this.repository = repository;
        this.payara = payara;
        this.domains = domains;
        this.portBase = portBase;
        this.environment = new LinkedHashMap<>(environment);
        this.console = console;
    }

    public int httpPort() {
        return portBase + 80;
    }

    public int adminPort() {
        return portBase + 48;
    }

    public Path serverLog() {
        return domains.resolve(DOMAIN).resolve("logs/server.log");
    }

    /** Makes the domain unless the one on disk was made by the current scripts. */
    public void createDomainIfChanged() throws IOException, InterruptedException {
        String made = scriptsDigest();
        Path stamp = domains.resolve(DOMAIN + ".scripts");
        if (Files.exists(domains.resolve(DOMAIN).resolve("config/domain.xml")) && Files.exists(stamp)
                && Files.readString(stamp).equals(made)) {
            return;
        }
        LOG.info(() -> "Creating the Payara domain in " + domains.resolve(DOMAIN) + " (port base " + portBase + ")");
        Files.deleteIfExists(domains.resolve(DOMAIN + ".deployed"));
        run("domain creation", script("create-domain"), payara.toString(), domains.toString(), DOMAIN,
                String.valueOf(portBase));
        Files.writeString(stamp, made);
    }

    /** Starts the domain and waits for its administration port; the application deployed before starts too. */
    public synchronized void start() throws IOException, InterruptedException {
        for (int port : new int[] {httpPort(), adminPort()}) {
            if (LocalPort.isListening(port)) {
                throw new IllegalStateException("Port " + port + " is in use; is another server running?");
            }
        }
        ProcessBuilder builder = new ProcessBuilder(asadmin(), "start-domain", "--verbose", "--domaindir",
                domains.toString(), DOMAIN);
        builder.environment().putAll(environment);
        builder.environment().remove("JAVA_OPTS");
        builder.environment().remove("AS_JAVA_OPTS");
        if (console == null) {
            builder.inheritIO();
        } else {
            Files.createDirectories(console.getParent());
            builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()));
        }
        Path log = serverLog();
        startLogOffset = Files.exists(log) ? Files.size(log) : 0;
        process = builder.start();
        awaitAdmin();
    }

    /** Deploys {@code war} at "/" unless that WAR, with the same job concurrency, is deployed already. */
    public synchronized void deploy(Path war) throws IOException, InterruptedException {
        String deployed = warDigest(war) + " concurrency=" + concurrency();
        Path stamp = domains.resolve(DOMAIN + ".deployed");
        boolean deployedBefore = isDeployed();
        if (deployedBefore && Files.exists(stamp) && Files.readString(stamp).equals(deployed)) {
            return;
        }
        if (deployedBefore) {
            awaitPreviousApplication(STARTUP_TIMEOUT);
        }
        Files.deleteIfExists(stamp);
        run("deployment", script("deploy"), payara.toString(), String.valueOf(adminPort()), war.toString());
        Files.writeString(stamp, deployed);
    }

    /** Removes the application (the domain keeps running). */
    public synchronized void undeploy() throws IOException, InterruptedException {
        Files.deleteIfExists(domains.resolve(DOMAIN + ".deployed"));
        run("undeployment", asadmin(), "--port", String.valueOf(adminPort()), "undeploy", APPLICATION);
    }

    /** Deletes the domain, so that the next {@link #createDomainIfChanged()} makes it afresh. */
    public void deleteDomain() throws IOException {
        Files.deleteIfExists(domains.resolve(DOMAIN + ".scripts"));
        Files.deleteIfExists(domains.resolve(DOMAIN + ".deployed"));
        Path domain = domains.resolve(DOMAIN);
        if (Files.exists(domain)) {
            try (Stream<Path> paths = Files.walk(domain)) {
                for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(path);
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }

    /**
     * Waits until health reports ready and the application answers.
     *
     * @throws IllegalStateException if the server exits or {@code timeout} passes first
     */
    public void awaitReady(Duration timeout) throws InterruptedException {
        URI health = readiness();
        URI api = URI.create("http://127.0.0.1:" + httpPort() + "/api/contacts");
        long deadline = System.nanoTime() + timeout.toNanos();
        int healthStatus = NO_ANSWER;
        int apiStatus = NO_ANSWER;
        while (System.nanoTime() < deadline) {
            requireAlive("while starting");
            healthStatus = status(health);
            if (healthStatus == 200) {
                apiStatus = status(api);
                if (apiStatus != NO_ANSWER && apiStatus != 404 && apiStatus != 503) {
                    return;
                }
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
        throw new IllegalStateException("Payara was not ready within " + timeout + ": " + health + " answered "
                + describe(healthStatus) + ", " + api + " answered " + describe(apiStatus));
    }

    /** Blocks until the server ends; returns the exit status of {@code start-domain}. */
    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    public boolean isAlive() {
        Process current = process;
        return current != null && (current.isAlive() || current.descendants().anyMatch(ProcessHandle::isAlive));
    }

    /** Kills the server's JVM at once (SIGKILL), as a crash would: no shutdown, nothing flushed. */
    public synchronized void kill() throws InterruptedException {
        Process current = process;
        if (current == null) {
            return;
        }
        Optional<ProcessHandle> jvm = serverJvm(current);
        jvm.ifPresent(ProcessHandle::destroyForcibly);
        current.destroyForcibly();
        current.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (jvm.isPresent()) {
            try {
                jvm.get().onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("Payara (pid " + jvm.get().pid() + ") did not die", e);
            }
        }
    }

    /** Stops the domain ({@code stop-domain}), killing what is left after {@link #STOP_TIMEOUT}. */
    public synchronized void stop() {
        Process current = process;
        if (current == null || !isAlive()) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(current.descendants().toList());
        tree.add(current.toHandle());
        try {
            ProcessBuilder builder = new ProcessBuilder(asadmin(), "stop-domain", "--domaindir", domains.toString(),
                    DOMAIN).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().remove("JAVA_OPTS");
            builder.start().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (IOException e) {
            LOG.warning(() -> "stop-domain failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ProcessTree.awaitExitOrKill(tree, STOP_TIMEOUT, "Payara");
    }

    @Override
    public void close() {
        stop();
    }

    /** The server's own JVM while it runs. */
    public synchronized Optional<ProcessHandle> jvm() {
        Process current = process;
        return current == null ? Optional.empty() : serverJvm(current).filter(ProcessHandle::isAlive);
    }

    /** The server's own JVM, below {@code start-domain}'s. */
    private static Optional<ProcessHandle> serverJvm(Process startDomain) {
        return startDomain.descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains("ASMain")).orElse(false))
                .findFirst();
    }

    private void awaitAdmin() throws InterruptedException {
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            requireAlive("while starting");
            if (status(URI.create("http://127.0.0.1:" + adminPort() + "/management/domain")) != NO_ANSWER) {
                return;
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
        throw new IllegalStateException("Payara's administration port " + adminPort() + " did not answer within "
                + ADMIN_TIMEOUT);
    }

    /**
     * Waits until this start has started the application deployed before (it reports ready), or failed to load it:
     * Payara starts it after its admin port opens, and a deployment (or the pool size it sets) sent meanwhile races
     * that start and fails ("ServiceLocatorImpl ... has been shut down", "EJB Container initialization error").
     */
    private void awaitPreviousApplication(Duration timeout) throws IOException, InterruptedException {
        if (startLogOffset < 0) {
            return; // not started by this object
        }
        URI health = readiness();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (status(health) != 200 && !loggedSinceStart("Exception while loading the app")) {
            requireAlive("while starting");
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Payara did not start or give up the application deployed before"
                        + " within " + timeout + "; see " + serverLog());
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    private URI readiness() {
        return URI.create("http://127.0.0.1:" + httpPort() + "/health/ready");
    }

    private boolean loggedSinceStart(String text) throws IOException {
        Path log = serverLog();
        if (!Files.exists(log)) {
            return false;
        }
        try (SeekableByteChannel channel = Files.newByteChannel(log)) {
            // A log rotated since the start is read from its beginning.
            channel.position(channel.size() >= startLogOffset ? startLogOffset : 0);
            String added = new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
            return added.contains(text);
        }
    }

    private boolean isDeployed() throws IOException, InterruptedException {
        return run("list-applications", asadmin(), "--port", String.valueOf(adminPort()), "list-applications")
                .lines().anyMatch(line -> line.startsWith(APPLICATION + " "));
    }

    private void requireAlive(String when) {
        Process current = process;
        if (current != null && !current.isAlive()) {
            throw new IllegalStateException("Payara exited with status " + current.exitValue() + " " + when
                    + "; see " + serverLog());
        }
    }

    /** Runs a command to its end; returns its output, or throws with it if the command failed. */
    private String run(String what, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        builder.environment().remove("JAVA_OPTS");
        Process child = builder.start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (child.waitFor() != 0) {
            throw new IllegalStateException("Payara " + what + " failed:\n" + output);
        }
        return output;
    }

    private String concurrency() {
        return environment.getOrDefault("LADING_JOBS_CONCURRENCY",
                Optional.ofNullable(System.getenv("LADING_JOBS_CONCURRENCY")).orElse("4"));
    }

    private String asadmin() {
        return payara.resolve("bin/asadmin").toString();
    }

    private String script(String name) {
        return repository.resolve("server/payara").resolve(name).toString();
    }

    private String scriptsDigest() throws IOException {
        MessageDigest digest = sha256();
        try (Stream<Path> files = Files.list(repository.resolve("server/payara"))) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                digest.update(Files.readAllBytes(file));
            }
        }
        digest.update(payara.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String warDigest(Path war) throws IOException {
        return HexFormat.of().formatHex(sha256().digest(Files.readAllBytes(war)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private int status(URI uri) throws InterruptedException {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return NO_ANSWER;
        } catch (UncheckedIOException e) {
            return NO_ANSWER;
        }
    }

    private static String describe(int status) {
        return status == NO_ANSWER ? "nothing" : String.valueOf(status);
    }

    @Override
    public String toString() {
        Process current = process;
        return "Payara (HTTP " + httpPort() + ", admin " + adminPort()
                + (current == null ? "" : ", pid " + current.pid()) + ")";
    }
}
