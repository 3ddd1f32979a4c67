package io.lading.testsupport;

import io.lading.devstack.EmbeddedPostgres;
import io.lading.platform.SchemaMigration;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL (embedded, on a free port, in a temporary directory) with Lading's migrations applied, for the
 * unit tests of SQL the product writes by hand: one per test class,
 * {@code @RegisterExtension static final MigratedDatabase database = new MigratedDatabase();}.
 */
public final class MigratedDatabase implements BeforeAllCallback, AfterAllCallback {

    private static final String USER = "lading";
    private static final String PASSWORD = "pw";

    private EmbeddedPostgres postgres;
    private Path directory;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        directory = Files.createTempDirectory("lading-test-pg");
        postgres = EmbeddedPostgres.start(freePort(), directory.resolve("pg"), false, "lading", USER, PASSWORD);
        SchemaMigration.configuration(MigratedDatabase.class.getClassLoader())
                .dataSource(postgres.jdbcUrl(), USER, PASSWORD).load().migrate();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        postgres.close();
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** A new connection of its own (auto-commit on); the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), USER, PASSWORD);
    }

    /** The database as the product's code gets it injected. */
    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(postgres.jdbcUrl());
        dataSource.setUser(USER);
        dataSource.setPassword(PASSWORD);
        return dataSource;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
