package io.lading.devstack;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.postgresql.PGConnection;

/**
 * A PostgreSQL 17 server from the zonky binaries, on 127.0.0.1, with one login role that owns one database.
 *
 * <p>Durability stays at PostgreSQL's defaults: zonky starts the server with {@code fsync} and
 * {@code synchronous_commit} off, which would lose committed rows on a crash, so both are turned back on.
 * Roles other than the superuser log in with a password ({@code <dataDirectory>-pg_hba.conf}). The server's own
 * output goes to {@code <dataDirectory>.log}.
 *
 * <p>The owner must {@link #close()} it: zonky's own shutdown hook is disabled so that the database does not stop
 * while an application server that uses it is still shutting down.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgres.class.getName());

    /** Long enough for crash recovery of a kept data directory. */
    private static final Duration STARTUP_WAIT = Duration.ofMinutes(2);
    /** zonky gives pg_ctl stop 5 s; the shutdown checkpoint after a bulk load can take longer. */
    private static final Duration SHUTDOWN_WAIT = Duration.ofMinutes(1);

    /** The superuser that manages the server needs no password on loopback; every other role needs its own. */
    private static final String CLIENT_AUTHENTICATION = """
            # Written by io.lading.devstack.EmbeddedPostgres
            local all postgres                trust
            host  all postgres 127.0.0.1/32   trust
            host  all postgres ::1/128        trust
            local all all                     scram-sha-256
            host  all all      127.0.0.1/32   scram-sha-256
            host  all all      ::1/128        scram-sha-256
            """;

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private final Optional<AtomicBoolean> zonkyClosed;
    private final Path dataDirectory;
    private final String database;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, Path dataDirectory,
                             String database) {
        this.server = server;
        this.zonkyClosed = zonkyClosedFlag(server);
        this.dataDirectory = dataDirectory;
        this.database = database;
        disableZonkyShutdownHook();
    }

    /**
     * Starts the server and makes sure that {@code user} can log in with {@code password} and owns
     * {@code database}.
     *
     * @param keepData whether to reuse what a previous run left in {@code dataDirectory} (else it is emptied first)
     */
    public static EmbeddedPostgres start(int port, Path dataDirectory, boolean keepData,
                                         String database, String user, String password) throws IOException {
        DataDirectory.prepare(dataDirectory, keepData);
        Path log = sibling(dataDirectory, ".log");
        Path clientAuthentication = sibling(dataDirectory, "-pg_hba.conf");
        Files.writeString(clientAuthentication, CLIENT_AUTHENTICATION);
        io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
        try {
            server = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDirectory)
                    // Emptying happens above, at start: after a failed test run the data is still there to look at.
                    .setCleanDataDirectory(false)
                    .setServerConfig("hba_file", shellQuoted(clientAuthentication.toString()))
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("max_wal_size", "2GB")
                    .setServerConfig("checkpoint_timeout", "15min")
                    // A statement whose node died (killed, cut off) ends within seconds instead of holding its
                    // row locks until it finishes, so the node that resumes the job is not kept waiting on them.
                    .setServerConfig("client_connection_check_interval", "5s")
                    .setPGStartupWait(STARTUP_WAIT)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new IOException("PostgreSQL did not start on port " + port + "; see " + log, e);
        }
        EmbeddedPostgres postgres = new EmbeddedPostgres(server, dataDirectory, database);
        try {
            postgres.ensureOwnedDatabase(user, password);
        } catch (SQLException | RuntimeException e) {
            postgres.close();
            throw new IOException("Could not set up database " + database + " for role " + user, e);
        }
        LOG.info(() -> "PostgreSQL is up at " + postgres.jdbcUrl() + " (data in " + dataDirectory + ")");
        return postgres;
    }

    public int port() {
        return server.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    @Override
    public String toString() {
        return "PostgreSQL at " + jdbcUrl();
    }

    private static Path sibling(Path dataDirectory, String suffix) {
        return dataDirectory.resolveSibling(dataDirectory.getFileName() + suffix);
    }

    /** pg_ctl hands the server options to /bin/sh. */
    private static String shellQuoted(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    private void ensureOwnedDatabase(String user, String password) throws SQLException {
        try (Connection connection = server.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            PGConnection pg = connection.unwrap(PGConnection.class);
            String role = pg.escapeIdentifier(user);
            String createOrAlter = exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", user)
                    ? "ALTER ROLE " : "CREATE ROLE ";
            // Always set the password, so that a changed one takes effect on kept data.
            statement.execute(createOrAlter + role + " LOGIN PASSWORD '" + pg.escapeLiteral(password) + "'");
            if (exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
                statement.execute("ALTER DATABASE " + pg.escapeIdentifier(database) + " OWNER TO " + role);
            } else {
                statement.execute("CREATE DATABASE " + pg.escapeIdentifier(database) + " OWNER " + role);
            }
        }
    }

    private static boolean exists(Connection connection, String query, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** Stops the server and waits until it has written its shutdown checkpoint. */
    @Override
    public void close() throws IOException {
        if (closed.getAndSet(true)) {
            return;
        }
        zonkyClosed.ifPresent(flag -> flag.set(false));
        server.close();
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        long deadline = System.nanoTime() + SHUTDOWN_WAIT.toNanos();
        while (Files.exists(pidFile) && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(200));
        }
        if (Files.exists(pidFile)) {
            LOG.warning(() -> "PostgreSQL has not stopped within " + SHUTDOWN_WAIT + "; it keeps " + pidFile);
        } else {
            LOG.info("PostgreSQL stopped");
        }
    }

    /**
     * zonky registers a shutdown hook that stops the server; JVM shutdown hooks run in no defined order, so it could
     * stop the database before the application server. Marking the instance closed makes that hook do nothing.
     */
    private void disableZonkyShutdownHook() {
        zonkyClosed.ifPresent(flag -> flag.set(true));
    }

    private static Optional<AtomicBoolean> zonkyClosedFlag(
            io.zonky.test.db.postgres.embedded.EmbeddedPostgres server) {
        try {
            Field closed = server.getClass().getDeclaredField("closed");
            closed.setAccessible(true);
            return Optional.of((AtomicBoolean) closed.get(server));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot reach zonky's shutdown flag; its shutdown hook stays active", e);
            return Optional.empty();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
