package io.lading.imports.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * What a dry run remembers between chunks instead of writing contacts: the emails it has met
 * ({@code import_seen_emails}), so that it counts a duplicate of an earlier chunk's row as the real import would.
 */
final class DryRunEmails {

    private DryRunEmails() {
    }

    /** Records the chunk's emails and answers those an earlier chunk of the same dry run already had. */
    static Set<String> metEarlier(Connection connection, UUID jobId, Collection<String> emails) throws SQLException {
        Set<String> earlier = new HashSet<>(emails);
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into import_seen_emails (job_id, email)
                select ?, e.email from unnest(?::text[]) as e(email)
                on conflict do nothing
                returning email""")) {
            statement.setObject(1, jobId);
            statement.setArray(2, connection.createArrayOf("text", emails.toArray(String[]::new)));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    earlier.remove(rs.getString(1));
                }
            }
        }
        return earlier;
    }
}
