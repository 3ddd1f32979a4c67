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

import io.lading.devstack.EmbeddedBroker;
import io.lading.devstack.EmbeddedPostgres;
import io.lading.devstack.EmbeddedS3;
import io.lading.devstack.LocalPort;

/**
 * Starts PostgreSQL, S3 and the Artemis broker for the integration tests when the test run begins, before the first Arquillian test
 * class starts WildFly, and stops them when it ends.
 *
 * <p>Active only if the system property {@code lading.test.services} is {@code embedded} (failsafe sets it), so
 * unit tests start nothing. Ports, credentials and bucket come from the environment that WildFly reads too
 * ({@code POSTGRESQL_URL}, {@code S3_ENDPOINT}, {@code ARTEMIS_HOST}/{@code ARTEMIS_PORT}, ...); data goes under {@code lading.test.dataDir}, emptied at every
 * run. A service whose port already answers is left to whoever runs it.
 */
public final class EmbeddedServicesListener implements LauncherSessionListener {

    private static final Logger LOG = Logger.getLogger(EmbeddedServicesListener.class.getName());

    /** The instance the launcher opened, for the fault tests that stop and start its services. */
    private static volatile EmbeddedServicesListener current;

    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private final Thread stopOnJvmExit = new Thread(this::stopAll, "embedded-services-stop");
    private EmbeddedPostgres postgres;
    private Path postgresData;
    private EmbeddedS3 s3;
    private Path s3Data;
    private EmbeddedBroker broker;

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
            startBroker(dataDirectory.resolve("broker"));
            current = this;
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
        postgres = EmbeddedPostgres.start(url.getPort(), dataDirectory, false,
                database, env("POSTGRESQL_USER"), env("POSTGRESQL_PASSWORD"));
        postgresData = dataDirectory;
        running.push(() -> {
            if (postgres != null) {
                postgres.close();
            }
        });
    }

    private void startS3(Path dataDirectory) throws IOException {
        URI endpoint = URI.create(env("S3_ENDPOINT"));
        if (isTakenOrRemote(endpoint, "S3")) {
            return;
        }
        s3 = EmbeddedS3.start(endpoint.getPort(), dataDirectory, false,
                env("S3_ACCESS_KEY"), env("S3_SECRET_KEY"), env("S3_BUCKET"));
        s3Data = dataDirectory;
        running.push(() -> {
            if (s3 != null) {
                s3.close();
            }
        });
    }

    private void startBroker(Path dataDirectory) throws IOException {
        URI address = URI.create("tcp://" + env("ARTEMIS_HOST") + ":" + env("ARTEMIS_PORT"));
        if (isTakenOrRemote(address, "Artemis broker")) {
            return;
        }
        broker = EmbeddedBroker.start(address.getPort(), dataDirectory, false);
        running.push(broker);
    }

    /** Whether this run started PostgreSQL and S3 itself, so that a fault test may stop and start them. */
    public static boolean controlsServices() {
        EmbeddedServicesListener listener = current;
        return listener != null && listener.postgres != null && listener.s3 != null;
    }

    /** Stops PostgreSQL as an outage would ({@code pg_ctl stop -m fast}: sessions are cut, data is kept). */
    public static void stopPostgres() throws IOException {
        EmbeddedServicesListener listener = controlling();
        synchronized (listener) {
            listener.postgres.close();
            listener.postgres = null;
        }
    }

    /** Starts PostgreSQL again on the same port with the same data. */
    public static void startPostgres() throws IOException {
        EmbeddedServicesListener listener = current;
        synchronized (listener) {
            if (listener.postgres == null) {
                URI url = URI.create(env("POSTGRESQL_URL").substring("jdbc:".length()));
                listener.postgres = EmbeddedPostgres.start(url.getPort(), listener.postgresData, true,
                        url.getPath().substring(1), env("POSTGRESQL_USER"), env("POSTGRESQL_PASSWORD"));
            }
        }
    }

    /** Stops S3: its port refuses connections until {@link #startS3()}; the objects stay on disk. */
    public static void stopS3() {
        EmbeddedServicesListener listener = controlling();
        synchronized (listener) {
            listener.s3.close();
            listener.s3 = null;
        }
    }

    /** Starts S3 again on the same port with the same objects. */
    public static void startS3() throws IOException {
        EmbeddedServicesListener listener = current;
        synchronized (listener) {
            if (listener.s3 == null) {
                URI endpoint = URI.create(env("S3_ENDPOINT"));
                listener.s3 = EmbeddedS3.start(endpoint.getPort(), listener.s3Data, true,
                        env("S3_ACCESS_KEY"), env("S3_SECRET_KEY"), env("S3_BUCKET"));
            }
        }
    }

    private static EmbeddedServicesListener controlling() {
        if (!controlsServices()) {
            throw new IllegalStateException("PostgreSQL and S3 were not started by this test run");
        }
        return current;
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
