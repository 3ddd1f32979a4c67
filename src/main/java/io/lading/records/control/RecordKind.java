package io.lading.records.control;

import io.lading.records.entity.RecordColumn;
import io.lading.records.entity.RecordDraft;
import io.lading.records.entity.RecordField;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * An entity as the import and export engine sees it. Each entity's capability supplies one as a CDI bean
 * ({@link RecordKinds} finds it by name); the engine builds every statement from it ({@link RecordWrites}), so a
 * new entity is this description, its table (a migration) and its resources.
 *
 * <p>The table must have {@code id uuid}, {@code tenant_id}, one column per {@link #fields() field},
 * {@code created_at}, {@code updated_at}, {@code last_import_id}, and a unique index on
 * {@code (tenant_id, <key expression>)}.
 */
public interface RecordKind {

    /** Singular, as jobs carry it ({@code contact}). */
    String name();

    /** Plural, as the API's paths and the table name it ({@code contacts}). */
    String plural();

    default String table() {
        return plural();
    }

    /** Every field files carry, in the order of {@link RecordDraft#texts()}. */
    List<? extends RecordField> fields();

    /** The dedupe key: unique per tenant. */
    RecordField key();

    /**
     * The key as the unique index has it, over the table alias given, e.g. {@code lower(c.email)}; with an
     * empty alias, as the index's own expression ({@code lower(email)}).
     */
    String keyExpression(String alias);

    /**
     * How a validated row becomes a draft: texts in {@link #fields()} order, the key's among them. A function, which
     * an import takes once, rather than a method of this bean's CDI proxy called for every row.
     */
    Function<String[], RecordDraft> drafts();

    /**
     * Associates what this chunk wrote (its keys) with records of other kinds, in the chunk's transaction: one
     * set-based statement, never one per row. Nothing by default.
     */
    default void linkWritten(Connection connection, UUID tenantId, Collection<String> keys) throws SQLException {
    }

    /** Called in the chunk's transaction before it writes anything (e.g. to take its turn for the links). */
    default void beforeWrite(Connection connection, UUID tenantId) throws SQLException {
    }

    /**
     * Whether two chunks of one import may be written at once. Not when {@link #linkWritten} takes a lock that
     * excludes the chunk before it: the later chunk would hold it while waiting for the earlier one to commit,
     * and the earlier one would wait for the lock.
     */
    default boolean chunksWriteInParallel() {
        return true;
    }

    /** Every column a caller may select, filter or sort by (the fields, the id, the timestamps, ...). */
    List<? extends RecordColumn> columns();

    RecordColumn idColumn();

    /** The columns free text ({@code q}, {@code filter.text}) looks in. */
    List<String> textColumns();

    /** The column a caller names by its API name or its column name, any case. */
    default Optional<RecordColumn> column(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.trim().toLowerCase(java.util.Locale.ROOT);
        return columns().stream().map(RecordColumn.class::cast)
                .filter(c -> c.apiName().toLowerCase(java.util.Locale.ROOT).equals(wanted) || c.column().equals(wanted))
                .findFirst();
    }

    default int indexOf(RecordField field) {
        return fields().indexOf(field);
    }

    /** The field a file's header names, if any (API name, column name or alias, ignoring case and spaces). */
    default Optional<RecordField> forHeader(String header) {
        String wanted = RecordField.normalize(header);
        for (RecordField field : fields()) {
            if (RecordField.normalize(field.apiName()).equals(wanted) || RecordField.normalize(field.column())
                    .equals(wanted)) {
                return Optional.of(field);
            }
        }
        for (RecordField field : fields()) {
            if (field.aliases().stream().anyMatch(alias -> RecordField.normalize(alias).equals(wanted))) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }

    /** The field an API caller names ({@code firstName}, {@code first_name}, ...). */
    default Optional<RecordField> forApiName(String name) {
        String wanted = RecordField.normalize(name);
        return fields().stream().map(RecordField.class::cast)
                .filter(f -> RecordField.normalize(f.apiName()).equals(wanted)
                        || RecordField.normalize(f.column()).equals(wanted))
                .findFirst();
    }
}
