package io.lading.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.testsupport.ApiClient;
import io.lading.testsupport.Database;
import io.lading.testsupport.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Upgrading to HMAC-stored API keys, on a WildFly of the test's own ({@link ServerProcess}, port offset 200 above
 * the Arquillian-managed one's) against the shared PostgreSQL: a key an earlier version stored as plain SHA-256
 * works after the upgrade and its row no longer holds the SHA-256; a server without {@code LADING_KEYS_SECRET}
 * does not start, and says why in one log line.
 */
class ApiKeyUpgradeIT {

    private static final int PORT_OFFSET = Integer.getInteger("it.port.offset", 100) + 200;
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(4);

    private ServerProcess server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aKeyStoredAsPlainSha256ByAnEarlierVersionKeepsWorkingAndIsStoredAsAnHmacAfterwards() throws Exception {
        UUID tenantId = UUID.randomUUID();
        String oldKey = "lading_user_" + UUID.randomUUID().toString().replace("-", "").substring(0, 32);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(oldKey.getBytes(StandardCharsets.UTF_8)));
        UUID keyId = UUID.randomUUID();
        // This test may be the run's first to touch the database, before any server has created the tables.
        Database.migrate();
        try (Connection c = Database.connect()) {
            execute(c, "insert into tenants (id, name) values (?, ?)", tenantId, "legacy-" + tenantId);
            // As V1-V4 wrote it: no hash_scheme (so the V5 default) and no lookup_id.
            execute(c, "insert into api_keys (id, tenant_id, role, key_hash, key_prefix) values (?, ?, 'USER', ?, ?)",
                    keyId, tenantId, sha256, oldKey.substring(0, 16) + "…");
        }

        server = boot("legacy-key-server", Map.of("LADING_NODE_ID", "legacy-key-node"));
        server.awaitReady(BOOT_TIMEOUT);

        ApiClient withOldKey = new ApiClient(server.baseUrl(), oldKey);
        assertEquals(200, withOldKey.get("/api/contacts?limit=1").status());
        assertEquals(401, withOldKey.withKey(oldKey + "x").get("/api/contacts?limit=1").status());
        try (Connection c = Database.connect(); PreparedStatement query = c.prepareStatement(
                "select hash_scheme, key_hash, lookup_id from api_keys where id = ?")) {
            query.setObject(1, keyId);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                assertEquals("hmac-sha256", row.getString("hash_scheme"));
                assertNotEquals(sha256, row.getString("key_hash"), "the plain SHA-256 is gone from the row");
                assertTrue(row.getString("lookup_id").startsWith("mac:"), row.getString("lookup_id"));
                assertFalse(sha256.startsWith(row.getString("lookup_id").substring(4)));
            }
        }
    }

    @Test
    void withoutAKeysSecretTheApplicationDoesNotStartAndTheLogSaysWhy() throws Exception {
        server = boot("no-secret-server", Map.of("LADING_NODE_ID", "no-secret-node", "LADING_KEYS_SECRET", ""));

        Path log = server.serverLog();
        Instant deadline = Instant.now().plus(BOOT_TIMEOUT);
        String refusal = null;
        while (refusal == null && Instant.now().isBefore(deadline)) {
            refusal = server.serverLogText().lines()
                    .filter(line -> line.contains("Lading does not start")).findFirst().orElse(null);
            if (refusal == null) {
                Thread.sleep(250);
            }
        }
        assertTrue(refusal != null, "no refusal in " + log);
        assertTrue(refusal.contains("LADING_KEYS_SECRET"), refusal);
    }

    private static ServerProcess boot(String directory, Map<String, String> environment) throws Exception {
        Path war = Path.of(System.getProperty("lading.test.war", "target/lading.war")).toAbsolutePath();
        Path jbossHome = Path.of(System.getProperty("jboss.home", war.getParent().resolve("server").toString()));
        ServerProcess process = ServerProcess.prepare(jbossHome, war.getParent().resolve(directory), war, PORT_OFFSET,
                environment);
        process.start();
        return process;
    }

    private static void execute(Connection c, String sql, Object... params) throws Exception {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            statement.executeUpdate();
        }
    }
}
