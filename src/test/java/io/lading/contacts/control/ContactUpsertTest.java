package io.lading.contacts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.contacts.entity.ContactDraft;
import io.lading.records.control.RecordWrites;
import io.lading.testsupport.MigratedDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The write path of imports against a real PostgreSQL with the product's schema. */
class ContactUpsertTest {

    @RegisterExtension
    static final MigratedDatabase database = new MigratedDatabase();

    Connection connection;
    UUID tenant;
    UUID importId;

    @BeforeEach
    void freshTenant() throws Exception {
        connection = database.connect();
        tenant = UUID.randomUUID();
        importId = UUID.randomUUID();
        try (Statement statement = connection.createStatement()) {
            statement.execute("insert into tenants (id, name) values ('" + tenant + "', '" + tenant + "')");
        }
        connection.setAutoCommit(false);
    }

    @Test
    void copiesNewContactsWithEveryValueAsWritten() throws Exception {
        var tricky = new ContactDraft("ana@example.com", "Ana \"Nana\"", "Müller, Jr.", null, "line one\nline two",
                "=SUM(A1)", "Germany", "\\Köln\\", 42, "2024-02-29");
        var plain = new ContactDraft("bo@example.com", null, null, null, null, null, null, null, null, null);

        assertTrue(ContactUpsert.insertNew(connection, tenant, importId, List.of(tricky, plain)));
        connection.commit();

        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("""
                     select email, first_name, last_name, phone, title, company, country, city, employees,
                            created_on::text, last_import_id, created_at is not null and updated_at is not null
                       from contacts where tenant_id = '%s' order by email""".formatted(tenant))) {
            assertTrue(rs.next());
            assertEquals("ana@example.com", rs.getString(1));
            assertEquals("Ana \"Nana\"", rs.getString(2));
            assertEquals("Müller, Jr.", rs.getString(3));
            assertNull(rs.getString(4));
            assertEquals("line one\nline two", rs.getString(5));
            assertEquals("=SUM(A1)", rs.getString(6));
            assertEquals("\\Köln\\", rs.getString(8));
            assertEquals(42, rs.getInt(9));
            assertEquals("2024-02-29", rs.getString(10));
            assertEquals(importId, rs.getObject(11, UUID.class));
            assertTrue(rs.getBoolean(12));
            assertTrue(rs.next());
            assertEquals("bo@example.com", rs.getString(1));
            assertNull(rs.getString(2));
            assertEquals(0, rs.getInt(9));
            assertTrue(rs.wasNull());
            assertFalse(rs.next());
        }
    }

    @Test
    void newContactsGetTimeOrderedIdsByEitherPath() throws Exception {
        long before = System.currentTimeMillis();
        ContactUpsert.insertNew(connection, tenant, importId,
                List.of(new ContactDraft("copy@example.com", null, null, null, null, null, null, null, null, null)));
        ContactUpsert.write(connection, tenant, importId,
                List.of(new ContactDraft("merge@example.com", null, null, null, null, null, null, null, null, null)),
                false);
        connection.commit();
        long after = System.currentTimeMillis();

        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select id from contacts where tenant_id = '" + tenant + "'")) {
            int seen = 0;
            while (rs.next()) {
                UUID id = rs.getObject(1, UUID.class);
                assertEquals(7, id.version(), id.toString());
                assertEquals(2, id.variant(), id.toString());
                long millis = id.getMostSignificantBits() >>> 16;
                assertTrue(millis >= before && millis <= after, id + " carries " + millis);
                seen++;
            }
            assertEquals(2, seen);
        }
    }

    @Test
    void anEmailWrittenSinceTheLookupLeavesTheBatchUnwrittenAndTheTransactionUsable() throws Exception {
        // Another import of the tenant got there first.
        ContactUpsert.write(connection, tenant, UUID.randomUUID(),
                List.of(new ContactDraft("taken@example.com", "First", null, null, null, null, null, null, null,
                        null)), false);
        connection.commit();

        var batch = List.of(
                new ContactDraft("new@example.com", "New", null, null, null, null, null, null, null, null),
                new ContactDraft("taken@example.com", "Second", null, null, null, null, null, null, null, null));
        assertFalse(ContactUpsert.insertNew(connection, tenant, importId, batch));
        assertEquals(Map.of("taken@example.com", 1L), countByEmail());

        // The writer merges the batch instead, in the same transaction.
        var outcome = ContactUpsert.write(connection, tenant, importId, batch, false);
        connection.commit();
        assertEquals(1, outcome.created());
        assertEquals(1, outcome.existing());
        assertEquals(Map.of("new@example.com", 1L, "taken@example.com", 1L), countByEmail());
    }

    @Test
    void aChunkStreamedIntoCopyThatFailsOnItsFirstRowWritesNothingAndTheTransactionGoesOn() throws Exception {
        ContactUpsert.write(connection, tenant, UUID.randomUUID(),
                List.of(new ContactDraft("taken@example.com", "First", null, null, null, null, null, null, null,
                        null)), false);
        connection.commit();

        // Many times the writer's buffer: PostgreSQL fails the COPY on the first row while the rest is being sent.
        var batch = new java.util.ArrayList<ContactDraft>();
        batch.add(new ContactDraft("taken@example.com", "Second", null, null, null, null, null, null, null, null));
        for (int i = 0; i < 5000; i++) {
            batch.add(new ContactDraft("person" + i + "@example.com", "Person " + i, "Streamed", "+1 555 0100",
                    "Engineer", "Example, Inc.", "USA", "New York", 50, "2024-01-02"));
        }
        assertFalse(ContactUpsert.insertNew(connection, tenant, importId, batch));
        assertEquals(Map.of("taken@example.com", 1L), countByEmail());

        var outcome = ContactUpsert.write(connection, tenant, importId, batch, false);
        connection.commit();
        assertEquals(5000, outcome.created());
        assertEquals(1, outcome.existing());
        assertEquals(5001, countByEmail().size());
    }

    @Test
    void theLookupOfAnUpdatingChunkKeepsThePreviousValuesOfWhatOtherImportsWroteOnly() throws Exception {
        UUID earlier = job("earlier.csv");
        job(importId, "this.csv");
        ContactUpsert.insertNew(connection, tenant, earlier, List.of(contact("old@example.com", "Old")));
        ContactUpsert.insertNew(connection, tenant, importId, List.of(contact("mine@example.com", "Mine")));
        connection.commit();

        Map<String, UUID> found = ContactUpsert.lookupKeepingPrevious(connection, tenant, importId,
                List.of("old@example.com", "mine@example.com", "new@example.com"));
        connection.commit();

        assertEquals(Map.of("old@example.com", earlier, "mine@example.com", importId), found);
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(
                "select c.email, p.previous ->> 'first_name', p.previous ->> 'last_import_id' from import_changes p"
                        + " join contacts c on c.id = p.contact_id where p.job_id = '" + importId + "'")) {
            assertTrue(rs.next(), "the record another import wrote is kept");
            assertEquals("old@example.com", rs.getString(1));
            assertEquals("Old", rs.getString(2));
            assertEquals(earlier.toString(), rs.getString(3));
            assertFalse(rs.next(), "not the one this import wrote itself, nor the one the tenant does not have");
        }
        // Looked up again (a chunk retried), nothing is kept twice and the first values stay.
        ContactUpsert.lookupKeepingPrevious(connection, tenant, importId, List.of("old@example.com"));
        connection.commit();
        assertEquals(1, countChanges(importId));
    }

    private long countChanges(UUID job) throws Exception {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(
                "select count(*) from import_changes where job_id = '" + job + "'")) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    @Test
    void aRollbackBatchProbesEachOfItsContactsOnceEvenWhenStatisticsDoNotKnowTheImportYet() throws Exception {
        UUID earlier = UUID.randomUUID();
        var first = new java.util.ArrayList<ContactDraft>();
        var second = new java.util.ArrayList<ContactDraft>();
        for (int i = 0; i < 3000; i++) {
            first.add(contact("p" + i + "@example.com", "Before " + i));
            second.add(contact("p" + i + "@example.com", "After " + i));
        }
        assertTrue(ContactUpsert.insertNew(connection, tenant, earlier, first));
        UUID other = job("other.csv");
        try (Statement statement = connection.createStatement()) {
            // Another import's snapshots, then statistics taken before this import's: as after a large import
            // that autovacuum has not caught up with, they expect none of its records and snapshots.
            statement.execute("insert into import_changes (job_id, contact_id, previous) select '" + other
                    + "', gen_random_uuid(), '{}' from generate_series(1, 20000)");
            connection.commit();
            statement.execute("analyze contacts");
            statement.execute("analyze import_changes");
        }
        job(importId, "second.csv");
        ContactUpsert.snapshot(connection, tenant, importId, second.stream().map(ContactDraft::email).toList());
        ContactUpsert.write(connection, tenant, importId, second, false);
        connection.commit();

        RecordWrites writes = new RecordWrites(ContactRecords.KIND);
        List<UUID> ids = new java.util.ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(
                "select contact_id from import_changes where job_id = '" + importId + "'")) {
            while (rs.next()) {
                ids.add(rs.getObject(1, UUID.class));
            }
        }
        try (var explain = connection.prepareStatement("explain (analyze, buffers, format json) "
                + writes.restoreStatement())) {
            explain.setObject(1, importId);
            explain.setArray(2, connection.createArrayOf("uuid", ids.toArray()));
            explain.setObject(3, tenant);
            explain.setObject(4, importId);
            try (ResultSet rs = explain.executeQuery()) {
                assertTrue(rs.next());
                String plan = rs.getString(1);
                var hits = java.util.regex.Pattern.compile("\"Shared Hit Blocks\": (\\d+)").matcher(plan);
                assertTrue(hits.find(), plan);
                // Finding, updating and indexing a contact touches a few dozen pages; a plan that scans the
                // tenant's contacts or the batch again for each snapshot touches thousands per contact.
                long perContact = Long.parseLong(hits.group(1)) / ids.size();
                assertTrue(perContact < 100, perContact + " pages per contact: " + plan);
            }
        }
        connection.rollback();

        // What the rollback will handle: 3,000 updated, and 500 the import created.
        var created = new java.util.ArrayList<ContactDraft>();
        for (int i = 0; i < 500; i++) {
            created.add(contact("new" + i + "@example.com", "New " + i));
        }
        assertTrue(ContactUpsert.insertNew(connection, tenant, importId, created));
        connection.commit();
        assertEquals(3500, writes.rollbackSize(connection, tenant, importId));

        var batch = writes.restore(connection, tenant, importId, new UUID(0, 0), 5000);
        connection.commit();
        assertEquals(3000, batch.handled());
        assertNull(writes.restore(connection, tenant, importId, batch.last(), 5000).last(), "nothing after the last");
        assertEquals(3500, writes.rollbackSize(connection, tenant, importId),
                "a rerun counts the same: restored records by their snapshots, the created ones as still naming it");
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select count(*) filter (where first_name like 'Before %'"
                     + " and last_import_id = '" + earlier + "'), count(*) from contacts where tenant_id = '"
                     + tenant + "'")) {
            assertTrue(rs.next());
            assertEquals(3000, rs.getLong(1), "every contact has its earlier values back");
            assertEquals(3500, rs.getLong(2));
        }
    }

    private static ContactDraft contact(String email, String firstName) {
        return new ContactDraft(email, firstName, null, null, null, null, null, null, null, null);
    }

    private UUID job(String fileName) throws Exception {
        UUID id = UUID.randomUUID();
        job(id, fileName);
        return id;
    }

    private void job(UUID id, String fileName) throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.execute("insert into jobs (id, tenant_id, type, status, file_name) values ('" + id + "', '"
                    + tenant + "', 'IMPORT', 'COMPLETED', '" + fileName + "')");
        }
    }

    private Map<String, Long> countByEmail() throws Exception {
        var counts = new java.util.TreeMap<String, Long>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(
                     "select email, count(*) from contacts where tenant_id = '" + tenant + "' group by email")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }
}
