package io.lading.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.stream.Stream;

/** The provisioned WildFly in {@code target/server} as a child process, with the WAR in its deployments folder. */
final class WildFlyProcess implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WildFlyProcess.class.getName());

    static final int HTTP_PORT = 8080;
    static final int MANAGEMENT_PORT = 9990;
    private static final String CONFIGURATION = "lading.xml";
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final int NO_ANSWER = -1;

    private final Process process;
    private final Path deployment;
    private final String name;
    private final URI healthReady;
    /** Any answer but 404 or 503 means the application is deployed and serving (without a key it is a 401). */
    private final URI apiProbe;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private WildFlyProcess(Process process, Path deployment, String name, int portOffset) {
        this.process = process;
        this.deployment = deployment;
        this.name = name;
        this.healthReady = URI.create("http://127.0.0.1:" + (MANAGEMENT_PORT + portOffset) + "/health/ready");
        this.apiProbe = URI.create("http://127.0.0.1:" + (HTTP_PORT + portOffset) + "/api/contacts");
    }

    /** Copies the WAR into the deployment scanner's folder and starts the server bound to 127.0.0.1. */
    static WildFlyProcess start(Path serverDirectory, Path war, Map<String, String> environment, String javaOpts)
            throws IOException {
        return start(serverDirectory, serverDirectory.resolve("standalone"), war, environment, javaOpts, 0, null);
    }

    /**
     * Starts one node of a cluster: its own base directory (configuration copied from the installation on first
     * use, its own deployments, data and logs), its ports shifted by {@code portOffset}, named {@code nodeName}
     * (jboss.node.name, which the EJB timer store needs distinct per node) unless null.
     */
    static WildFlyProcess start(Path serverDirectory, Path baseDirectory, Path war, Map<String, String> environment,
                                String javaOpts, int portOffset, String nodeName) throws IOException {
        for (int port : new int[] {HTTP_PORT + portOffset, MANAGEMENT_PORT + portOffset}) {
            if (LocalPort.isListening(port)) {
                throw new IllegalStateException("Port " + port + " is in use; is another WildFly running?");
            }
        }
        copyConfiguration(serverDirectory.resolve("standalone/configuration"), baseDirectory.resolve("configuration"));
        Path deployment = deploy(baseDirectory, war);
        List<String> command = new java.util.ArrayList<>(List.of(
                serverDirectory.resolve("bin/standalone.sh").toString(),
                "-c", CONFIGURATION, "-b", "127.0.0.1", "-bmanagement", "127.0.0.1",
                "-Djboss.server.base.dir=" + baseDirectory,
                "-Djboss.socket.binding.port-offset=" + portOffset));
        if (nodeName != null) {
            command.add("-Djboss.node.name=" + nodeName);
        }
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(environment);
        builder.environment().put("JAVA_OPTS", javaOpts);
        // A JBOSS_HOME of another installation would win over the script's own location.
        builder.environment().put("JBOSS_HOME", serverDirectory.toString());
        // Else standalone.sh runs java in the foreground and dies on SIGTERM without passing it on.
        builder.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "true");
        return new WildFlyProcess(builder.start(), deployment, nodeName == null ? "WildFly" : nodeName, portOffset);
    }

    /**
     * The installation's configuration, copied at every start as the one-node server uses it: a node keeps its data,
     * logs and transaction store, but runs what the last build's configure.cli made (a copy kept from the first run
     * would hold an older lading.xml for ever).
     */
    private static void copyConfiguration(Path from, Path to) throws IOException {
        if (from.equals(to)) {
            return;
        }
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static Path deploy(Path baseDirectory, Path war) throws IOException {
        Path deployments = Files.createDirectories(baseDirectory.resolve("deployments"));
        Path deployment = deployments.resolve(war.getFileName());
        for (String marker : List.of(".failed", ".deployed", ".undeployed", ".pending", ".isdeploying")) {
            Files.deleteIfExists(deployments.resolve(deployment.getFileName() + marker));
        }
        Files.copy(war, deployment, StandardCopyOption.REPLACE_EXISTING);
        return deployment;
    }

    /**
     * Waits until the server reports ready and the application answers.
     *
     * @throws IllegalStateException if the server exits, the deployment fails or {@code timeout} passes first
     */
    void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int health = NO_ANSWER;
        int api = NO_ANSWER;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("WildFly exited with status " + process.exitValue() + " while starting");
            }
            Path failed = deployment.resolveSibling(deployment.getFileName() + ".failed");
            if (Files.exists(failed)) {
                throw new IllegalStateException("The deployment failed; see " + failed + " and the server log above");
            }
            health = health == 200 ? health : status(healthReady);
            if (health == 200) {
                api = status(apiProbe);
                if (api != NO_ANSWER && api != 404 && api != 503) {
                    return;
                }
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
        throw new IllegalStateException("WildFly was not ready within " + timeout + ": " + healthReady
                + " answered " + describe(health) + ", " + apiProbe + " answered " + describe(api));
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

    /** Blocks until the first of the servers ends; returns its exit status. */
    static int waitForAny(List<WildFlyProcess> servers) throws InterruptedException {
        while (true) {
            for (WildFlyProcess server : servers) {
                if (!server.process.isAlive()) {
                    return server.process.exitValue();
                }
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    /** Blocks until the server process ends; returns its exit status. */
    int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    /** Asks the server to shut down (SIGTERM), and kills it if it is still there after a minute. */
    @Override
    public void close() {
        // Collected first: once the script is gone its java child is no longer a descendant.
        List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        if (tree.stream().noneMatch(ProcessHandle::isAlive)) {
            return;
        }
        tree.forEach(ProcessHandle::destroy);
        ProcessTree.awaitExitOrKill(tree, STOP_TIMEOUT, toString());
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
