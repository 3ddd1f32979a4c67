package io.lading.companies.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.contacts.control.ContactRecords;
import io.lading.records.control.RecordWrites;
import io.lading.records.entity.RecordDraft;
import io.lading.testsupport.MigratedDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The engine's writes of companies and the links to contacts, on a real PostgreSQL with the product's schema. */
class CompanyLinksTest {

    @RegisterExtension
    static final MigratedDatabase database = new MigratedDatabase();

    Connection connection;
    UUID tenant;
    final RecordWrites companies = new RecordWrites(CompanyRecords.KIND);
    final RecordWrites contacts = new RecordWrites(ContactRecords.KIND);

    @BeforeEach
    void freshTenant() throws Exception {
        connection = database.connect();
        tenant = UUID.randomUUID();
        try (Statement statement = connection.createStatement()) {
            statement.execute("insert into tenants (id, name) values ('" + tenant + "', '" + tenant + "')");
        }
        connection.setAutoCommit(false); // as in a chunk's transaction (COPY runs under a savepoint)
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
    }

    @Test
    void companiesImportedAfterTheirContactsLinkThemAndFreeMailNeverLinks() throws Exception {
        writeContacts("ana@acme.example", "bo@ACME.example", "cy@other.example", "di@gmail.com");
        writeCompanies(company("Acme", "acme.example"), company("Google Mail", "gmail.com"));

        assertEquals(List.of("ana@acme.example|acme.example", "bo@ACME.example|acme.example", "cy@other.example|",
                "di@gmail.com|"), links());
    }

    @Test
    void contactsImportedAfterTheirCompanyLinkToItAsTheyAreWritten() throws Exception {
        writeCompanies(company("Acme", "acme.example"), company("Outlook", "outlook.com"));
        writeContacts("ana@acme.example", "eve@outlook.com", "cy@other.example");

        assertEquals(List.of("ana@acme.example|acme.example", "cy@other.example|", "eve@outlook.com|"), links());
    }

    @Test
    void deletingACompanyUnlinksItsContactsAndKeepsThem() throws Exception {
        writeContacts("ana@acme.example");
        writeCompanies(company("Acme", "acme.example"));
        try (Statement statement = connection.createStatement()) {
            statement.execute("delete from companies where tenant_id = '" + tenant + "'");
        }

        assertEquals(List.of("ana@acme.example|"), links());
    }

    @Test
    void aLaterImportMergesOnTheNormalisedDomainKeepingValuesItLeavesEmpty() throws Exception {
        writeCompanies(new RecordDraft.Values("acme.example", new String[] {"Acme", "acme.example", "Software", "10",
                null, null, null, null}));
        var outcome = companies.write(connection, tenant, UUID.randomUUID(), List.of(new RecordDraft.Values(
                "acme.example", new String[] {"Acme Corp", "acme.example", null, "20", "USA", null, null,
                "2020-01-02"})), false);

        assertEquals(0, outcome.created());
        assertEquals(1, outcome.existing());
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("select concat_ws('|', name,"
                + " industry, employees, country, created_on) from companies where tenant_id = '" + tenant + "'")) {
            rs.next();
            assertEquals("Acme Corp|Software|20|USA|2020-01-02", rs.getString(1));
        }
    }

    @Test
    void aContactChunkAndACompanyChunkOfOneTenantCommittingAtOnceStillLink() throws Exception {
        writeContacts("ana@acme.example"); // this chunk has not committed yet
        try (Connection other = database.connect();
             Connection watcher = database.connect()) {
            other.setAutoCommit(false);
            RecordDraft acme = company("Acme", "acme.example");
            CompletableFuture<Void> companyChunk = CompletableFuture.runAsync(() -> {
                try {
                    companies.insertNew(other, tenant, UUID.randomUUID(), List.of(acme));
                    CompanyRecords.KIND.linkWritten(other, tenant, List.of(acme.key()));
                    other.commit();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // The company chunk must wait for the contact chunk's commit: then its link statement sees the contact.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!waitingOnAdvisoryLock(watcher)) {
                assertTrue(System.nanoTime() < deadline, "the company chunk never waited for the contact chunk");
                assertFalse(companyChunk.isDone(), "the company chunk linked before the contact chunk committed");
                Thread.onSpinWait();
            }
            connection.commit();
            companyChunk.get(30, TimeUnit.SECONDS);
        }
        assertEquals(List.of("ana@acme.example|acme.example"), links());
    }

    private static boolean waitingOnAdvisoryLock(Connection watcher) throws Exception {
        try (Statement s = watcher.createStatement(); ResultSet rs = s.executeQuery(
                "select count(*) from pg_stat_activity where wait_event_type = 'Lock' and wait_event = 'advisory'")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    private static RecordDraft company(String name, String domain) {
        return new RecordDraft.Values(domain, new String[] {name, domain, null, null, null, null, null, null});
    }

    /** As an import chunk does: insert, then link what it wrote. */
    private void writeCompanies(RecordDraft... drafts) throws Exception {
        companies.insertNew(connection, tenant, UUID.randomUUID(), List.of(drafts));
        CompanyRecords.KIND.linkWritten(connection, tenant, List.of(drafts).stream().map(RecordDraft::key).toList());
    }

    private void writeContacts(String... emails) throws Exception {
        List<RecordDraft> drafts = new ArrayList<>();
        for (String email : emails) {
            String[] texts = new String[ContactRecords.KIND.fields().size()];
            texts[0] = email;
            drafts.add(ContactRecords.KIND.drafts().apply(texts));
        }
        ContactRecords.KIND.beforeWrite(connection, tenant);
        contacts.insertNew(connection, tenant, UUID.randomUUID(), drafts);
        // The writer links by the keys it wrote: emails in lower case, as validation leaves them.
        ContactRecords.KIND.linkWritten(connection, tenant,
                List.of(emails).stream().map(e -> e.toLowerCase(java.util.Locale.ROOT)).toList());
    }

    /** Every contact of the tenant with its company's domain (empty: none), in email order. */
    private List<String> links() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("""
                select c.email || '|' || coalesce(co.domain, '') from contacts c
                  left join companies co on co.id = c.company_id
                 where c.tenant_id = '%s' order by lower(c.email)""".formatted(tenant))) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
