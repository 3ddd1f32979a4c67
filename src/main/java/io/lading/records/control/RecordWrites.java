package io.lading.records.control;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import io.lading.records.entity.RecordDraft;
import io.lading.records.entity.RecordField;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes a batch of records of one kind in one round trip; every statement is built once from the kind's
 * description. Records the tenant does not have yet go in through PostgreSQL's binary {@code COPY} (its multi-row
 * insert path, the fastest way into an indexed table; {@link BinaryCopyRows}); the others are merged with one
 * {@code INSERT ... SELECT FROM unnest(arrays) ON CONFLICT} statement, where the tenant + key unique index
 * decides between insert and update. The snapshot and rollback statements keep what makes a rollback exact.
 */
public final class RecordWrites {

    /** Version 7 UUIDs, increasing within a millisecond too, like the id columns' default (V7 migration). */
    private static final TimeBasedEpochGenerator IDS = Generators.timeBasedEpochGenerator();

    /** SQLSTATE of a unique index violation. */
    private static final String UNIQUE_VIOLATION = "23505";

    /** Bytes of a chunk's COPY held before they are sent. */
    private static final int COPY_BUFFER = 64 * 1024;

    private final RecordKind kind;
    private final List<? extends RecordField> fields;
    private final String merge;
    private final String insertNewOnly;
    private final String lookup;
    private final String lookupKeepingPrevious;
    private final String snapshot;
    private final String copy;
    private final String restore;
    private final String deleteCreated;
    private final String stillNamedSnapshots;
    private final String named;

    public RecordWrites(RecordKind kind) {
        this.kind = kind;
        this.fields = kind.fields();
        String table = kind.table();
        String columns = columns("");
        String insert = "insert into " + table + " as r (tenant_id, " + columns
                + ", created_at, updated_at, last_import_id)\n select ?, "
                + fields.stream().map(f -> "t." + f.column() + cast(f)).collect(Collectors.joining(", "))
                + ", now(), now(), ?\n from unnest(" + fields.stream().map(f -> "?::text[]")
                .collect(Collectors.joining(", ")) + ") as t(" + columns + ")\n";
        String conflict = "on conflict (tenant_id, " + kind.keyExpression("") + ") ";
        // dedupe=update: the row's non-empty values fill the existing record; empty ones leave it as it was.
        this.merge = insert + conflict + "do update set "
                + fields.stream().filter(f -> f != kind.key())
                        .map(f -> f.column() + " = coalesce(excluded." + f.column() + ", r." + f.column() + ")")
                        .collect(Collectors.joining(", "))
                + ", updated_at = now(), last_import_id = excluded.last_import_id returning (xmax = 0)";
        this.insertNewOnly = insert + conflict + "do nothing returning true";
        // The tenant's records with one of the given keys (parameters: the keys, the tenant).
        String byKey = "unnest(?::text[]) as e(k) join " + table + " r on r.tenant_id = ? and "
                + kind.keyExpression("r") + " = e.k";
        this.lookup = "select e.k, r.last_import_id from " + byKey;
        // The lookup of a chunk that will update what it finds keeps the previous values of records other imports
        // wrote in the same statement: each record is found once (one probe of the key index and its page)
        // instead of once for the lookup and again for the snapshot.
        this.lookupKeepingPrevious = "with found as (select e.k, r from " + byKey + "),\n"
                + " kept as (insert into import_changes (job_id, contact_id, previous) select ?, (f.r).id, to_jsonb(f.r)"
                + " from found f where (f.r).last_import_id is distinct from ? on conflict do nothing)\n"
                + "select k, (r).last_import_id from found";
        // Keeps the values an import is about to overwrite, once per record and import, for its rollback.
        this.snapshot = "insert into import_changes (job_id, contact_id, previous) select ?, r.id, to_jsonb(r)"
                + " from " + byKey + " where r.last_import_id is distinct from ? on conflict do nothing";
        // The id is sent, not left to the column's default: PostgreSQL gives up COPY's multi-row inserts for a
        // table whose omitted columns have a volatile default. created_at and updated_at take now().
        this.copy = "copy " + table + " (id, tenant_id, last_import_id, " + columns + ") from stdin with (format binary)";
        // The batch's ids come as an array, as a chunk's keys do, and each record's previous values are looked up
        // by the snapshot's primary key: PostgreSQL plans for the batch it is given, one probe per record. Joined
        // to import_changes in SQL, it planned for the rows that statistics expected of the import, which lag
        // behind a large one (one or none), and then scanned the batch or the tenant's records once per record:
        // seconds to minutes per batch.
        this.restore = """
                update %s c set (%s, updated_at, last_import_id) = (
                       select %s, (p.previous ->> 'updated_at')::timestamptz,
                              (p.previous ->> 'last_import_id')::uuid
                         from import_changes p where p.job_id = ? and p.contact_id = c.id)
                  from unnest(?::uuid[]) as b(id)
                 where c.tenant_id = ? and c.id = b.id and c.last_import_id = ?
                """.formatted(table, columns,
                fields.stream().map(f -> "(p.previous ->> '" + f.column() + "')" + cast(f))
                        .collect(Collectors.joining(", ")));
        // Each snapshot of the import probes its record by primary key: the lateral subquery keeps the join in that
        // order (an anti-join from the records, planned on statistics that lagged behind the import, scanned the
        // import's snapshots once per record: minutes for 1,000,000). Its limit is safe only because the subquery
        // is an equality on the whole primary key, one row to PostgreSQL: on a filter it can only guess, a limit
        // makes a scan look cheap.
        this.stillNamedSnapshots = "select count(*) from import_changes x cross join lateral (select from " + table
                + " r where r.tenant_id = ? and r.id = x.contact_id and r.last_import_id = x.job_id limit 1) s"
                + " where x.job_id = ?";
        this.named = "select count(*) from " + table + " where tenant_id = ? and last_import_id = ?";
        // Walks the tenant's records in id order (there is no index by import: it would cost every imported row).
        this.deleteCreated = """
                with batch as (
                    select tenant_id, id from %1$s
                     where tenant_id = ? and id > ? and last_import_id = ? order by id limit ?),
                deleted as (
                    delete from %1$s r using batch b where r.tenant_id = b.tenant_id and r.id = b.id returning r.id)
                select (select count(*) from deleted), (select id from batch order by id desc limit 1)
                """.formatted(table);
    }

    private String columns(String prefix) {
        return fields.stream().map(f -> prefix + f.column()).collect(Collectors.joining(", "));
    }

    private static String cast(RecordField field) {
        return field.type().sqlType().equals("text") ? "" : "::" + field.type().sqlType();
    }

    public RecordKind kind() {
        return kind;
    }

    /**
     * Inserts records the caller has just looked up and found missing, through {@code COPY}. Another import of
     * the same tenant may have written one of those keys since the lookup: then nothing of this batch is
     * written and the answer is false, for the caller to merge the batch instead (under a savepoint, so the
     * surrounding transaction goes on).
     */
    public boolean insertNew(Connection connection, UUID tenantId, UUID importId,
                             Collection<? extends RecordDraft> drafts) throws SQLException {
        if (drafts.isEmpty()) {
            return true;
        }
        try (var statement = connection.createStatement()) {
            statement.execute("savepoint lading_copy");
            CopyIn in = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copy);
            try (BinaryCopyRows rows = new BinaryCopyRows(in, COPY_BUFFER)) {
                sendRows(rows, tenantId, importId, drafts);
            } catch (SQLException e) {
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

    /**
     * The batch, sent while it is encoded, so that PostgreSQL inserts the first rows while the rest are still
     * being encoded; ending it ends the COPY.
     */
    private void sendRows(BinaryCopyRows rows, UUID tenantId, UUID importId, Collection<? extends RecordDraft> drafts)
            throws SQLException {
        int width = fields.size();
        for (RecordDraft draft : drafts) {
            rows.row(3 + width);
            rows.uuid(IDS.generate());
            rows.uuid(tenantId);
            rows.uuid(importId);
            String[] texts = draft.texts();
            for (int f = 0; f < width; f++) {
                rows.value(fields.get(f).type(), texts[f]);
            }
        }
        rows.end();
    }

    /** Inserted and updated-or-skipped counts of one batch. */
    public record Outcome(long created, long existing) {
    }

    /** Drafts must have distinct keys (one statement cannot touch a row twice). */
    public Outcome write(Connection connection, UUID tenantId, UUID importId, Collection<? extends RecordDraft> drafts,
                         boolean skipExisting) throws SQLException {
        if (drafts.isEmpty()) {
            return new Outcome(0, 0);
        }
        try (PreparedStatement statement = connection.prepareStatement(skipExisting ? insertNewOnly : merge)) {
            statement.setObject(1, tenantId);
            statement.setObject(2, importId);
            int n = drafts.size();
            String[][] columns = new String[fields.size()][n];
            int row = 0;
            for (RecordDraft draft : drafts) {
                String[] texts = draft.texts();
                for (int f = 0; f < columns.length; f++) {
                    columns[f][row] = texts[f];
                }
                row++;
            }
            for (int i = 0; i < columns.length; i++) {
                statement.setArray(3 + i, connection.createArrayOf("text", columns[i]));
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
            long existing = skipExisting ? n - returned : returned - created;
            return new Outcome(created, existing);
        }
    }

    /**
     * For the rest of the chunk's transaction, plans that do not depend on the bound tenant. A tenant in the
     * middle of its first big import has no statistics yet: planned for its id, the lookups walked the
     * (tenant, created_at) index over every record the import had written so far, so each chunk got slower
     * than the last; the generic plan probes the unique (tenant, key) index once per key.
     */
    public static void planForAnyTenant(Connection connection) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute("set local plan_cache_mode = force_generic_plan");
        }
    }

    /** Which of these keys the tenant has, each with the import that wrote it last (a null value: none). */
    public Map<String, UUID> lookup(Connection connection, UUID tenantId, Collection<String> keys)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(lookup)) {
            statement.setArray(1, connection.createArrayOf("text", keys.toArray(String[]::new)));
            statement.setObject(2, tenantId);
            return found(statement);
        }
    }

    /**
     * {@link #lookup}, and in the same statement the {@link #snapshot} of what {@code importId} is about to update:
     * the found records that another import (or none) wrote last.
     */
    public Map<String, UUID> lookupKeepingPrevious(Connection connection, UUID tenantId, UUID importId,
                                                   Collection<String> keys) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(lookupKeepingPrevious)) {
            statement.setArray(1, connection.createArrayOf("text", keys.toArray(String[]::new)));
            statement.setObject(2, tenantId);
            statement.setObject(3, importId);
            statement.setObject(4, importId);
            return found(statement);
        }
    }

    private static Map<String, UUID> found(PreparedStatement lookup) throws SQLException {
        Map<String, UUID> found = new HashMap<>();
        try (ResultSet rs = lookup.executeQuery()) {
            while (rs.next()) {
                found.put(rs.getString(1), rs.getObject(2, UUID.class));
            }
        }
        return found;
    }

    /** Records the current values of the records {@code importId} will update, for its rollback. */
    public void snapshot(Connection connection, UUID tenantId, UUID importId, Collection<String> keys)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(snapshot)) {
            statement.setObject(1, importId);
            statement.setArray(2, connection.createArrayOf("text", keys.toArray(String[]::new)));
            statement.setObject(3, tenantId);
            statement.setObject(4, importId);
            statement.executeUpdate();
        }
    }

    /** What one batch of a rollback did: how many records it restored or deleted, and its last id (null: none). */
    public record RollbackBatch(long handled, UUID last) {
    }

    /**
     * Gives the next batch of records an import updated (its snapshots after {@code after}, in id order) their
     * previous values, where the import is still the last to have written them.
     */
    public RollbackBatch restore(Connection connection, UUID tenantId, UUID importId, UUID after, int size)
            throws SQLException {
        List<UUID> ids = new ArrayList<>(size);
        try (PreparedStatement batch = connection.prepareStatement("select contact_id from import_changes"
                + " where job_id = ? and contact_id > ? order by contact_id limit ?")) {
            batch.setObject(1, importId);
            batch.setObject(2, after);
            batch.setInt(3, size);
            try (ResultSet rs = batch.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
        }
        if (ids.isEmpty()) {
            return new RollbackBatch(0, null);
        }
        try (PreparedStatement update = connection.prepareStatement(restore)) {
            update.setObject(1, importId);
            update.setArray(2, connection.createArrayOf("uuid", ids.toArray()));
            update.setObject(3, tenantId);
            update.setObject(4, importId);
            return new RollbackBatch(update.executeUpdate(), ids.get(ids.size() - 1));
        }
    }

    /**
     * The statement {@link #restore} runs for a batch, for a look at its plan: parameters import, the batch's ids
     * (from its snapshots), tenant, import.
     */
    public String restoreStatement() {
        return restore;
    }

    /**
     * How many records a rollback of the import handles: those it updated (one snapshot each) and those it
     * created (still naming it, with no snapshot). Three statements that each read one table or probe by primary
     * key, so a plan cannot go wrong on statistics that do not know the import yet.
     */
    public long rollbackSize(Connection connection, UUID tenantId, UUID importId) throws SQLException {
        long snapshots = count(connection, "select count(*) from import_changes where job_id = ?", importId);
        long namingIt = count(connection, named, tenantId, importId);
        if (snapshots == 0 || namingIt == 0) {
            return snapshots + namingIt;
        }
        return snapshots + namingIt - count(connection, stillNamedSnapshots, tenantId, importId);
    }

    private static long count(Connection connection, String sql, UUID... params) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                query.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Deletes the next batch of records (after {@code after}, in id order) that the import created. */
    public RollbackBatch deleteCreated(Connection connection, UUID tenantId, UUID importId, UUID after, int size)
            throws SQLException {
        try (PreparedStatement batch = connection.prepareStatement(deleteCreated)) {
            batch.setObject(1, tenantId);
            batch.setObject(2, after);
            batch.setObject(3, importId);
            batch.setInt(4, size);
            try (ResultSet rs = batch.executeQuery()) {
                rs.next();
                return new RollbackBatch(rs.getLong(1), rs.getObject(2, UUID.class));
            }
        }
    }

}
