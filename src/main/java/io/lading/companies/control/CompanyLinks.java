package io.lading.companies.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * A contact belongs to the company whose domain is its email's domain. Each import chunk links what it wrote,
 * whichever side came first, with one set-based statement; free-mail domains ({@link FreeMailDomains}) are left
 * out before it, so they never link. Unlinking is the foreign key's {@code on delete set null}: a company a
 * rollback deletes lets go of its contacts.
 */
public final class CompanyLinks {

    /** Contacts of the chunk (emails) to the companies of their domains: one probe of (tenant, domain) each. */
    private static final String LINK_CONTACTS = """
            update contacts c set company_id = co.id
              from unnest(?::text[]) as e(email)
              join companies co on co.tenant_id = ? and co.domain = split_part(e.email, '@', 2)
             where c.tenant_id = ? and lower(c.email) = e.email and c.company_id is distinct from co.id
            """;

    /**
     * Whether the tenant has a company at any of these domains: one probe of (tenant, domain) per distinct domain,
     * where the link statement probes contacts' email index once per row. Most chunks of a contacts import meet
     * no company at all and skip that statement.
     */
    private static final String ANY_COMPANY = """
            select exists (select 1 from companies where tenant_id = ? and domain = any(?::text[]))
            """;

    /** The tenant's contacts at the chunk's domains to those companies, through (tenant, email domain). */
    private static final String LINK_COMPANIES = """
            update contacts c set company_id = co.id
              from unnest(?::text[]) as d(domain)
              join companies co on co.tenant_id = ? and co.domain = d.domain
             where c.tenant_id = co.tenant_id and split_part(lower(c.email), '@', 2) = co.domain
               and c.company_id is distinct from co.id
            """;

    /**
     * Contact chunks of a tenant hold this lock shared from their first write to their commit; a company chunk
     * takes it exclusively for its link statement. A company chunk and a contact chunk committing at once would
     * each miss the other's uncommitted rows; this way one commits first and the other's link statement sees its
     * rows. Contact chunks take it before any write, so a company chunk never waits on a contact row while a
     * contact chunk waits for it (no deadlock), and contact chunks do not wait for each other.
     */
    private static final String SHARE_TURN = "select pg_advisory_xact_lock_shared(hashtext('lading.links:' || ?))";
    private static final String TAKE_TURN = "select pg_advisory_xact_lock(hashtext('lading.links:' || ?))";

    private CompanyLinks() {
    }

    /** For a contact chunk, before it writes. */
    public static void shareTurn(Connection connection, UUID tenantId) throws SQLException {
        lock(connection, SHARE_TURN, tenantId);
    }

    /**
     * For the rest of the chunk's transaction, a plan made for these very domains and the tables as they are now.
     * A cached generic plan keeps the estimates of its first use: made while a tenant's companies were few (or the
     * table's statistics said it was empty), it joined the chunk's domains against every company row by row, and
     * each chunk of a large import took longer than the one before.
     */
    private static void planForTheseDomains(Connection connection) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute("set local plan_cache_mode = force_custom_plan");
        }
    }

    private static void lock(Connection connection, String sql, UUID tenantId) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(sql)) {
            lock.setString(1, tenantId.toString());
            lock.executeQuery().close();
        }
    }

    /** Links the contacts with these (lower-case) emails; answers how many changed. */
    public static int linkContacts(Connection connection, UUID tenantId, Collection<String> emails)
            throws SQLException {
        // Each domain once: a chunk of thousands of contacts has far fewer domains, and most chunks stop at the probe.
        Set<String> domains = new HashSet<>();
        for (String email : emails) {
            domains.add(FreeMailDomains.domainOf(email));
        }
        domains.removeIf(FreeMailDomains::contains);
        if (domains.isEmpty()) {
            return 0;
        }
        planForTheseDomains(connection);
        if (!anyCompanyAt(connection, tenantId, domains)) {
            return 0;
        }
        String[] linkable = emails.stream().filter(e -> domains.contains(FreeMailDomains.domainOf(e)))
                .toArray(String[]::new);
        try (PreparedStatement link = connection.prepareStatement(LINK_CONTACTS)) {
            link.setArray(1, connection.createArrayOf("text", linkable));
            link.setObject(2, tenantId);
            link.setObject(3, tenantId);
            return link.executeUpdate();
        }
    }

    private static boolean anyCompanyAt(Connection connection, UUID tenantId, Collection<String> domains)
            throws SQLException {
        try (PreparedStatement probe = connection.prepareStatement(ANY_COMPANY)) {
            probe.setObject(1, tenantId);
            probe.setArray(2, connection.createArrayOf("text", domains.toArray(String[]::new)));
            try (ResultSet rs = probe.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Links the tenant's contacts to the companies of these (normalised) domains; answers how many changed. */
    public static int linkCompanies(Connection connection, UUID tenantId, Collection<String> domains)
            throws SQLException {
        String[] linkable = domains.stream().filter(d -> !FreeMailDomains.contains(d)).toArray(String[]::new);
        if (linkable.length == 0) {
            return 0;
        }
        lock(connection, TAKE_TURN, tenantId);
        planForTheseDomains(connection);
        try (PreparedStatement link = connection.prepareStatement(LINK_COMPANIES)) {
            link.setArray(1, connection.createArrayOf("text", linkable));
            link.setObject(2, tenantId);
            return link.executeUpdate();
        }
    }
}
