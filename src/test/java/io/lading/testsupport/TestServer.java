package io.lading.testsupport;

import java.nio.file.Path;

/**
 * What differs between the servers the integration tests run on (failsafe sets the properties per server): where
 * health is served (WildFly: management port; Payara: the HTTP port) and where the server log is.
 */
public final class TestServer {

    private TestServer() {
    }

    public static boolean isPayara() {
        return "payara".equals(System.getProperty("lading.test.server"));
    }

    /** The base URL of /health and the server's metrics. */
    public static String monitoringUrl() {
        return System.getProperty("lading.test.managementUrl", "http://127.0.0.1:10090");
    }

    /** The server's log file (WildFly: log/server.log in its base directory; Payara: the domain's logs). */
    public static Path serverLog() {
        String log = System.getProperty("lading.test.serverLog");
        return log != null ? Path.of(log)
                : Path.of(System.getProperty("it.server.base.dir", "target/it-server"), "log", "server.log");
    }
}
