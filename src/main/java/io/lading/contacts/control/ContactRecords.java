package io.lading.contacts.control;

import io.lading.companies.control.CompanyLinks;
import io.lading.contacts.entity.ContactColumn;
import io.lading.contacts.entity.ContactDraft;
import io.lading.contacts.entity.ContactField;
import io.lading.records.control.RecordKind;
import io.lading.records.entity.RecordColumn;
import io.lading.records.entity.RecordDraft;
import io.lading.records.entity.RecordField;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Contacts as the import and export engine sees them: email (any case) is the key. */
@ApplicationScoped
public class ContactRecords implements RecordKind {

    /** For code and tests outside CDI; the bean is the same description. */
    public static final ContactRecords KIND = new ContactRecords();

    private static final List<ContactField> FIELDS = List.of(ContactField.values());
    private static final List<ContactColumn> COLUMNS = List.of(ContactColumn.values());

    @Override
    public String name() {
        return "contact";
    }

    @Override
    public String plural() {
        return "contacts";
    }

    @Override
    public List<ContactField> fields() {
        return FIELDS;
    }

    @Override
    public RecordField key() {
        return ContactField.EMAIL;
    }

    @Override
    public String keyExpression(String alias) {
        return alias.isEmpty() ? "lower(email)" : "lower(" + alias + ".email)";
    }

    @Override
    public List<ContactColumn> columns() {
        return COLUMNS;
    }

    @Override
    public RecordColumn idColumn() {
        return ContactColumn.ID;
    }

    @Override
    public List<String> textColumns() {
        return List.of("email", "first_name", "last_name", "company");
    }

    @Override
    public Function<String[], RecordDraft> drafts() {
        return ContactDraft::of;
    }

    /** A contact chunk never writes while a company chunk of the tenant links (see {@link CompanyLinks}). */
    @Override
    public void beforeWrite(Connection connection, UUID tenantId) throws SQLException {
        CompanyLinks.shareTurn(connection, tenantId);
    }

    /** Each contact of the chunk whose email's domain is a company's joins that company. */
    @Override
    public void linkWritten(Connection connection, UUID tenantId, Collection<String> emails) throws SQLException {
        CompanyLinks.linkContacts(connection, tenantId, emails);
    }
}
