package io.lading.tenancy.control;

import io.lading.platform.LadingDatabase;
import io.lading.tenancy.entity.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Finds the active key row of a presented key: candidates by the key's non-secret lookup id, then the stored
 * hash compared in constant time, so neither the query nor the comparison times anything an attacker steers
 * towards a real key's hash.
 *
 * <p>Every API call comes through here, so it is one plain indexed query rather than a JPA query building
 * entities; nothing is cached, so a revoked key is refused on its next call on every node.
 */
@ApplicationScoped
public class ApiKeyLookup {

    /** The key row's parts a request needs. */
    public record ActiveKey(UUID id, UUID tenantId, Role role) {
    }

    @Inject
    @LadingDatabase
    DataSource dataSource;

    @Inject
    ApiKeyHasher hasher;

    public Optional<ActiveKey> active(String key) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select id, tenant_id, role, key_hash from api_keys where lookup_id = ? and revoked_at is null")) {
            select.setString(1, hasher.lookupId(key));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    if (hasher.matches(key, rows.getString("key_hash"))) {
                        return Optional.of(new ActiveKey(rows.getObject("id", UUID.class),
                                rows.getObject("tenant_id", UUID.class), Role.valueOf(rows.getString("role"))));
                    }
                }
            }
            return Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not look the API key up", e);
        }
    }
}
