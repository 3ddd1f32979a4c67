package io.lading.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/** Direct reads of the test database, to check what the service wrote. */
public final class Database {

    private Database() {
    }

    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(System.getenv("POSTGRESQL_URL"), System.getenv("POSTGRESQL_USER"),
                System.getenv("POSTGRESQL_PASSWORD"));
    }

    public static long count(String sql, Object... params) {
        return value(Long.class, sql, params);
    }

    /** The first column of the first row the query returns; a query that returns no row fails the test. */
    public static <T> T value(Class<T> type, String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement query = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                query.setObject(i + 1, params[i]);
            }
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
}
