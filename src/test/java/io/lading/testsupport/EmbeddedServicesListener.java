package io.lading.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.logging.Logger;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import io.lading.devstack.EmbeddedPostgres;
import io.lading.devstack.EmbeddedS3;
import io.lading.devstack.LocalPort;

/**
 * Starts PostgreSQL and S3 for the integration tests when the test run begins, before the first Arquillian test
 * class starts WildFly, and stops them when it ends.
 *
 * <p>Active only if the system property {@code lading.test.services} is {@code embedded} (failsafe sets it), so
 * unit tests start nothing. Ports, credentials and bucket come from the environment that WildFly reads too
 * ({@code POSTGRESQL_URL}, {@code S3_ENDPOINT}, ...); data goes under {@code lading.test.dataDir}, emptied at every
 * run. A service whose port already answers is left to whoever runs it.
 */
public final class EmbeddedServicesListener implements LauncherSessionListener {

    private static final Logger LOG = Logger.getLogger(EmbeddedServicesListener.class.getName());

    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private final Thread stopOnJvmExit = new Thread(this::stopAll, "embedded-services-stop");

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (!"embedded".equals(System.getProperty("lading.test.services"))) {
            return;
        }
        Path dataDirectory = Path.of(required(System.getProperty("lading.test.dataDir"), "lading.test.dataDir"));
        // A run killed before its session closes must not leave PostgreSQL behind.
        Runtime.getRuntime().addShutdownHook(stopOnJvmExit);
        try {
            startPostgres(dataDirectory.resolve("postgres"));
            startS3(dataDirectory.resolve("s3"));
        } catch (IOException | RuntimeException e) {
            stopAll();
            throw new IllegalStateException("Could not start the embedded services for the integration tests", e);
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        stopAll();
    }

    private void startPostgres(Path dataDirectory) throws IOException {
        URI url = URI.create(env("POSTGRESQL_URL").substring("jdbc:".length()));
        if (isTakenOrRemote(url, "PostgreSQL")) {
            return;
        }
        String database = url.getPath().substring(1);
        running.push(EmbeddedPostgres.start(url.getPort(), dataDirectory, false,
                database, env("POSTGRESQL_USER"), env("POSTGRESQL_PASSWORD")));
    }

    private void startS3(Path dataDirectory) throws IOException {
        URI endpoint = URI.create(env("S3_ENDPOINT"));
        if (isTakenOrRemote(endpoint, "S3")) {
            return;
        }
        running.push(EmbeddedS3.start(endpoint.getPort(), dataDirectory, false,
                env("S3_ACCESS_KEY"), env("S3_SECRET_KEY"), env("S3_BUCKET")));
    }

    private static boolean isTakenOrRemote(URI address, String service) {
        if (!isLoopback(address.getHost())) {
            LOG.info(() -> service + " at " + address + " is not on this machine; not starting an embedded one");
            return true;
        }
        if (LocalPort.isListening(address.getPort())) {
            LOG.info(() -> "Port " + address.getPort() + " already answers; using that " + service
                    + " instead of starting an embedded one");
            return true;
        }
        return false;
    }

    private static boolean isLoopback(String host) {
        return "127.0.0.1".equals(host) || "localhost".equals(host);
    }

    /** Stops in reverse order of start; safe to call twice. */
    private synchronized void stopAll() {
        while (!running.isEmpty()) {
            AutoCloseable service = running.pop();
            try {
                service.close();
            } catch (Exception e) {
                LOG.warning(() -> "Could not stop " + service + ": " + e);
            }
        }
        if (Thread.currentThread() != stopOnJvmExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnJvmExit);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down; the hook finds nothing left to stop.
            }
        }
    }

    private static String env(String name) {
        return required(System.getenv(name), "environment variable " + name);
    }

    private static String required(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(what + " is not set");
        }
        return value;
    }
}
