package io.lading.contacts.control;

import io.lading.contacts.entity.ContactDraft;
import io.lading.records.control.RecordWrites;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/** The engine's writes ({@link RecordWrites}) for contacts, by contact drafts. */
public final class ContactUpsert {

    private static final RecordWrites WRITES = new RecordWrites(ContactRecords.KIND);

    private ContactUpsert() {
    }

    /** See {@link RecordWrites#insertNew}. */
    public static boolean insertNew(Connection connection, UUID tenantId, UUID importId,
                                    Collection<ContactDraft> contacts) throws SQLException {
        return WRITES.insertNew(connection, tenantId, importId, contacts);
    }

    /** See {@link RecordWrites#write}. */
    public static RecordWrites.Outcome write(Connection connection, UUID tenantId, UUID importId,
                                             Collection<ContactDraft> contacts, boolean skipExisting)
            throws SQLException {
        return WRITES.write(connection, tenantId, importId, contacts, skipExisting);
    }

    public static Map<String, UUID> lookup(Connection connection, UUID tenantId, Collection<String> emails)
            throws SQLException {
        return WRITES.lookup(connection, tenantId, emails);
    }

    public static Map<String, UUID> lookupKeepingPrevious(Connection connection, UUID tenantId, UUID importId,
                                                          Collection<String> emails) throws SQLException {
        return WRITES.lookupKeepingPrevious(connection, tenantId, importId, emails);
    }

    public static void snapshot(Connection connection, UUID tenantId, UUID importId, Collection<String> emails)
            throws SQLException {
        WRITES.snapshot(connection, tenantId, importId, emails);
    }
}
