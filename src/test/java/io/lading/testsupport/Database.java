package io.lading.testsupport;

import io.lading.platform.SchemaMigration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Direct reads of the test database, to check what the service wrote. */
public final class Database {

    private Database() {
    }

    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(System.getenv("POSTGRESQL_URL"), System.getenv("POSTGRESQL_USER"),
                System.getenv("POSTGRESQL_PASSWORD"));
    }

    /**
     * Lading's schema, migrated as the application migrates it when it starts ({@code SchemaMigration}): for a test
     * that writes rows before any server of the run has started.
     */
    public static void migrate() {
        SchemaMigration.configuration(Database.class.getClassLoader())
                .dataSource(System.getenv("POSTGRESQL_URL"), System.getenv("POSTGRESQL_USER"),
                        System.getenv("POSTGRESQL_PASSWORD"))
                .load().migrate();
    }

    public static long count(String sql, Object... params) {
        return value(Long.class, sql, params);
    }

    /** The first column of the first row the query returns; a query that returns no row fails the test. */
    public static <T> T value(Class<T> type, String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement query = bound(c.prepareStatement(sql), params)) {
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    throw new AssertionError("No row for " + sql + " " + Arrays.toString(params));
                }
                return rs.getObject(1, type);
            }
        } catch (SQLException e) {
            throw new AssertionError("Query failed: " + sql, e);
        }
    }

    /** The first column of every row the query returns, as text, in its order. */
    public static List<String> strings(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement query = bound(c.prepareStatement(sql), params);
             ResultSet rs = query.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new AssertionError("Query failed: " + sql, e);
        }
    }

    /** Writes test data the API has no call for (a row with a given creation time, say). */
    public static void execute(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement statement = bound(c.prepareStatement(sql), params)) {
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new AssertionError("Statement failed: " + sql, e);
        }
    }

    /**
     * Gives a tenant {@code rows} contacts at once ({@code contact-N@domain}), without an import: for tests that need
     * many contacts to export.
     */
    public static void insertContacts(java.util.UUID tenantId, int rows, String domain) {
        execute("""
                insert into contacts (id, tenant_id, email, first_name, company)
                select gen_random_uuid(), ?, 'contact-' || n || '@' || ?, 'Name ' || n, 'Company ' || (n % 97)
                  from generate_series(1, ?) n""", tenantId, domain, rows);
    }

    private static PreparedStatement bound(PreparedStatement statement, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
        return statement;
    }
}
