package io.lading.companies.control;

import io.lading.companies.entity.CompanyColumn;
import io.lading.companies.entity.CompanyField;
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

/** Companies as the import and export engine sees them: the normalised web domain is the key. */
@ApplicationScoped
public class CompanyRecords implements RecordKind {

    /** For code and tests outside CDI; the bean is the same description. */
    public static final CompanyRecords KIND = new CompanyRecords();

    private static final List<CompanyField> FIELDS = List.of(CompanyField.values());
    private static final List<CompanyColumn> COLUMNS = List.of(CompanyColumn.values());

    @Override
    public String name() {
        return "company";
    }

    @Override
    public String plural() {
        return "companies";
    }

    @Override
    public List<CompanyField> fields() {
        return FIELDS;
    }

    @Override
    public RecordField key() {
        return CompanyField.DOMAIN;
    }

    /** Stored normalised already, so the column itself is the key. */
    @Override
    public String keyExpression(String alias) {
        return alias.isEmpty() ? "domain" : alias + ".domain";
    }

    @Override
    public List<CompanyColumn> columns() {
        return COLUMNS;
    }

    @Override
    public RecordColumn idColumn() {
        return CompanyColumn.ID;
    }

    @Override
    public List<String> textColumns() {
        return List.of("name", "domain");
    }

    @Override
    public Function<String[], RecordDraft> drafts() {
        return texts -> new RecordDraft.Values(texts[CompanyField.DOMAIN.ordinal()], texts);
    }

    /** A company chunk links under the tenant's exclusive turn (see {@link CompanyLinks}): one at a time. */
    @Override
    public boolean chunksWriteInParallel() {
        return false;
    }

    /** The tenant's contacts of each domain of the chunk join its company. */
    @Override
    public void linkWritten(Connection connection, UUID tenantId, Collection<String> domains) throws SQLException {
        CompanyLinks.linkCompanies(connection, tenantId, domains);
    }
}
