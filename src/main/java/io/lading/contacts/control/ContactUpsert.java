package io.lading.contacts.control;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import com.opencsv.CSVWriter;
import com.opencsv.ICSVWriter;
import io.lading.contacts.entity.ContactDraft;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes a batch of contacts in one round trip. Contacts the tenant does not have yet go in through
 * PostgreSQL's {@code COPY} (its multi-row insert path, the fastest way into an indexed table); the others are
 * merged with one {@code INSERT ... SELECT FROM unnest(arrays) ON CONFLICT} statement, where the tenant +
 * lower(email) unique index decides between insert and update.
 */
public final class ContactUpsert {

    private static final String INSERT = """
            insert into contacts as c (tenant_id, email, first_name, last_name, phone, title, company, country,
                                       city, employees, created_on, created_at, updated_at, last_import_id)
            select ?, t.email, t.first_name, t.last_name, t.phone, t.title, t.company, t.country,
                   t.city, t.employees::integer, t.created_on::date, now(), now(), ?
              from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                          ?::text[], ?::text[])
                   as t(email, first_name, last_name, phone, title, company, country, city, employees, created_on)
            """;

    /** dedupe=update: the row's non-empty values fill the existing contact; empty ones leave it as it was. */
    private static final String MERGE = INSERT + """
            on conflict (tenant_id, lower(email)) do update set
                first_name = coalesce(excluded.first_name, c.first_name),
                last_name = coalesce(excluded.last_name, c.last_name),
                phone = coalesce(excluded.phone, c.phone),
                title = coalesce(excluded.title, c.title),
                company = coalesce(excluded.company, c.company),
                country = coalesce(excluded.country, c.country),
                city = coalesce(excluded.city, c.city),
                employees = coalesce(excluded.employees, c.employees),
                created_on = coalesce(excluded.created_on, c.created_on),
                updated_at = now(),
                last_import_id = excluded.last_import_id
            returning (xmax = 0)
            """;

    private static final String INSERT_NEW_ONLY = INSERT + """
            on conflict (tenant_id, lower(email)) do nothing
            returning true
            """;

    private static final String LOOKUP = """
            select e.email, c.last_import_id
              from unnest(?::text[]) as e(email)
              join contacts c on c.tenant_id = ? and lower(c.email) = e.email
            """;

    /** Keeps the values an import is about to overwrite, once per contact and import, for its rollback. */
    private static final String SNAPSHOT = """
            insert into import_changes (job_id, contact_id, previous)
            select ?, c.id, to_jsonb(c)
              from unnest(?::text[]) as e(email)
              join contacts c on c.tenant_id = ? and lower(c.email) = e.email
             where c.last_import_id is distinct from ?
            on conflict do nothing
            """;

    /**
     * The column list of {@link #insertNew}. created_at and updated_at take their default, now(), the
     * transaction's start time as in the statements above. The id is sent, not left to the column's default:
     * PostgreSQL gives up COPY's multi-row inserts for a table whose omitted columns have a volatile default.
     */
    private static final String COPY = """
            copy contacts (id, tenant_id, last_import_id, email, first_name, last_name, phone, title, company,
                           country, city, employees, created_on)
            from stdin with (format csv)
            """;

    /** Version 7 UUIDs, increasing within a millisecond too, like the column's default (V7 migration). */
    private static final TimeBasedEpochGenerator IDS = Generators.timeBasedEpochGenerator();

    /** SQLSTATE of a unique index violation. */
    private static final String UNIQUE_VIOLATION = "23505";

    private ContactUpsert() {
    }

    /**
     * Inserts contacts the caller has just looked up and found missing, through {@code COPY}. Another import of
     * the same tenant may have written one of those emails since the lookup: then nothing of this batch is
     * written and the answer is false, for the caller to merge the batch instead (under a savepoint, so the
     * surrounding transaction goes on).
     */
    public static boolean insertNew(Connection connection, UUID tenantId, UUID importId,
                                    Collection<ContactDraft> contacts) throws SQLException {
        if (contacts.isEmpty()) {
            return true;
        }
        try (var statement = connection.createStatement()) {
            statement.execute("savepoint lading_copy");
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
            try {
                byte[] rows = copyRows(tenantId, importId, contacts);
                copy.writeToCopy(rows, 0, rows.length);
                copy.endCopy();
            } catch (SQLException e) {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                statement.execute("rollback to savepoint lading_copy");
                return false;
            }
            statement.execute("release savepoint lading_copy");
            return true;
        }
    }

    /** The batch as COPY's CSV: an empty unquoted field is NULL (drafts hold null, never an empty string). */
    private static byte[] copyRows(UUID tenantId, UUID importId, Collection<ContactDraft> contacts) {
        var bytes = new ByteArrayOutputStream(contacts.size() * 160);
        String tenant = tenantId.toString();
        String source = importId.toString();
        try (ICSVWriter csv = new CSVWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), ',', '"', '"',
                "\n")) {
            for (ContactDraft c : contacts) {
                csv.writeNext(new String[] {IDS.generate().toString(), tenant, source, c.email(), c.firstName(),
                        c.lastName(), c.phone(), c.title(), c.company(), c.country(), c.city(),
                        c.employees() == null ? null : c.employees().toString(), c.createdOn()}, false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Inserted and updated-or-skipped counts of one batch. */
    public record Outcome(long created, long existing) {
    }

    /** Contacts must have distinct emails (one statement cannot touch a row twice). */
    public static Outcome write(Connection connection, UUID tenantId, UUID importId, Collection<ContactDraft> contacts,
                                boolean skipExisting) throws SQLException {
        if (contacts.isEmpty()) {
            return new Outcome(0, 0);
        }
        try (PreparedStatement statement = connection.prepareStatement(skipExisting ? INSERT_NEW_ONLY : MERGE)) {
            statement.setObject(1, tenantId);
            statement.setObject(2, importId);
            String[][] columns = columns(contacts);
            for (int i = 0; i < columns.length; i++) {
                Array array = connection.createArrayOf("text", columns[i]);
                statement.setArray(3 + i, array);
            }
            long created = 0;
            long returned = 0;
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    returned++;
                    if (rs.getBoolean(1)) {
                        created++;
                    }
                }
            }
            long existing = skipExisting ? contacts.size() - returned : returned - created;
            return new Outcome(created, existing);
        }
    }

    /**
     * For the rest of the chunk's transaction, plans that do not depend on the bound tenant. A tenant in the
     * middle of its first big import has no statistics yet: planned for its id, the lookups walked the
     * (tenant, created_at) index over every contact the import had written so far, so each chunk got slower
     * than the last; the generic plan probes the unique (tenant, lower(email)) index once per email.
     */
    public static void planForAnyTenant(Connection connection) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute("set local plan_cache_mode = force_generic_plan");
        }
    }

    /** Which of these emails the tenant has, each with the import that wrote it last (a null value: none). */
    public static Map<String, UUID> lookup(Connection connection, UUID tenantId, Collection<String> emails)
            throws SQLException {
        Map<String, UUID> found = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(LOOKUP)) {
            statement.setArray(1, connection.createArrayOf("text", emails.toArray(String[]::new)));
            statement.setObject(2, tenantId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1), rs.getObject(2, UUID.class));
                }
            }
        }
        return found;
    }

    /** Records the current values of the contacts {@code importId} will update, for its rollback. */
    public static void snapshot(Connection connection, UUID tenantId, UUID importId, Collection<String> emails)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SNAPSHOT)) {
            statement.setObject(1, importId);
            statement.setArray(2, connection.createArrayOf("text", emails.toArray(String[]::new)));
            statement.setObject(3, tenantId);
            statement.setObject(4, importId);
            statement.executeUpdate();
        }
    }

    private static String[][] columns(Collection<ContactDraft> contacts) {
        int n = contacts.size();
        String[][] columns = new String[10][n];
        int i = 0;
        for (ContactDraft c : contacts) {
            columns[0][i] = c.email();
            columns[1][i] = c.firstName();
            columns[2][i] = c.lastName();
            columns[3][i] = c.phone();
            columns[4][i] = c.title();
            columns[5][i] = c.company();
            columns[6][i] = c.country();
            columns[7][i] = c.city();
            columns[8][i] = c.employees() == null ? null : c.employees().toString();
            columns[9][i] = c.createdOn();
            i++;
        }
        return columns;
    }
}
