package io.lading.testsupport;

import io.lading.devstack.EmbeddedPostgres;
import io.lading.platform.SchemaMigration;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
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
    private EntityManagerFactory entities;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        directory = Files.createTempDirectory("lading-test-pg");
        postgres = EmbeddedPostgres.start(freePort(), directory.resolve("pg"), false, "lading", USER, PASSWORD);
        SchemaMigration.configuration(MigratedDatabase.class.getClassLoader())
                .dataSource(postgres.jdbcUrl(), USER, PASSWORD).load().migrate();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (entities != null) {
            entities.close();
        }
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

    /**
     * A new entity manager of the product's persistence unit on this database, for the unit tests of its JPA
     * queries: the unit as the server runs it, but with local transactions on a connection of its own instead of
     * the server's JTA data source (with its {@code stringtype=unspecified}, which lets a null UUID bind). The caller
     * closes it.
     */
    public EntityManager entityManager() {
        if (entities == null) {
            entities = Persistence.createEntityManagerFactory("lading", Map.of(
                    "jakarta.persistence.transactionType", "RESOURCE_LOCAL",
                    "jakarta.persistence.jtaDataSource", "",
                    "jakarta.persistence.jdbc.url", postgres.jdbcUrl() + "?stringtype=unspecified",
                    "jakarta.persistence.jdbc.user", USER,
                    "jakarta.persistence.jdbc.password", PASSWORD));
        }
        return entities.createEntityManager();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
