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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import java.util.stream.Stream;

/** The provisioned WildFly in {@code target/server} as a child process, with the WAR in its deployments folder. */
final class WildFlyProcess implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WildFlyProcess.class.getName());

    private static final int HTTP_PORT = 8080;
    private static final int MANAGEMENT_PORT = 9990;
    private static final String CONFIGURATION = "lading.xml";
    private static final URI HEALTH_READY = URI.create("http://127.0.0.1:" + MANAGEMENT_PORT + "/health/ready");
    /** Any answer but 404 or 503 means the application is deployed and serving (without a key it is a 401). */
    private static final URI API_PROBE = URI.create("http://127.0.0.1:" + HTTP_PORT + "/api/contacts");
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final int NO_ANSWER = -1;

    private final Process process;
    private final Path deployment;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private WildFlyProcess(Process process, Path deployment) {
        this.process = process;
        this.deployment = deployment;
    }

    /** Copies the WAR into the deployment scanner's folder and starts the server bound to 127.0.0.1. */
    static WildFlyProcess start(Path serverDirectory, Path war, Map<String, String> environment, String javaOpts)
            throws IOException {
        for (int port : new int[] {HTTP_PORT, MANAGEMENT_PORT}) {
            if (LocalPort.isListening(port)) {
                throw new IllegalStateException("Port " + port + " is in use; is another WildFly running?");
            }
        }
        Path deployment = deploy(serverDirectory, war);
        ProcessBuilder builder = new ProcessBuilder(
                serverDirectory.resolve("bin/standalone.sh").toString(),
                "-c", CONFIGURATION, "-b", "127.0.0.1", "-bmanagement", "127.0.0.1")
                .inheritIO();
        builder.environment().putAll(environment);
        builder.environment().put("JAVA_OPTS", javaOpts);
        // A JBOSS_HOME of another installation would win over the script's own location.
        builder.environment().put("JBOSS_HOME", serverDirectory.toString());
        // Else standalone.sh runs java in the foreground and dies on SIGTERM without passing it on.
        builder.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "true");
        return new WildFlyProcess(builder.start(), deployment);
    }

    private static Path deploy(Path serverDirectory, Path war) throws IOException {
        Path deployments = serverDirectory.resolve("standalone/deployments");
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
            health = health == 200 ? health : status(HEALTH_READY);
            if (health == 200) {
                api = status(API_PROBE);
                if (api != NO_ANSWER && api != 404 && api != 503) {
                    return;
                }
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
        throw new IllegalStateException("WildFly was not ready within " + timeout + ": " + HEALTH_READY
                + " answered " + describe(health) + ", " + API_PROBE + " answered " + describe(api));
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
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        for (ProcessHandle handle : tree) {
            long remaining = deadline - System.nanoTime();
            try {
                handle.onExit().get(Math.max(remaining, 0), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                LOG.warning(() -> "WildFly process " + handle.pid() + " did not stop within " + STOP_TIMEOUT
                        + "; killing it");
                handle.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                handle.destroyForcibly();
            }
        }
    }

    @Override
    public String toString() {
        return "WildFly (pid " + process.pid() + ")";
    }
}
