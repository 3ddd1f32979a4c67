package io.lading.platform;

import java.sql.SQLException;

/**
 * Tells a database that cannot be reached (refused or cut connections, a server shutting down or starting up)
 * from other errors, through whatever wraps it (JPA, the connection pool, the batch runtime). Used to answer
 * 503 rather than 500, and by the job runner to wait an outage out rather than give the job up.
 */
public final class DatabaseOutage {

    private DatabaseOutage() {
    }

    public static boolean explains(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && isConnectionState(sql.getSQLState())) {
                return true;
            }
            if (t.getMessage() != null && (t.getMessage().contains("Connection refused")
                    || t.getMessage().contains("Unable to create connection")
                    || t.getMessage().contains("Unable to get managed connection"))) {
                return true;
            }
        }
        return false;
    }

    /** 08: connection exception; 57P01-57P03: the server is shutting down, crashed, or cannot accept yet. */
    private static boolean isConnectionState(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }
}
