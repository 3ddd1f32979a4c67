package io.lading.imports.control;

import io.lading.imports.entity.ImportRow;
import io.lading.imports.entity.ImportParameters;
import io.lading.jobs.control.CurrentJob;
import io.lading.jobs.control.JobRows.ChunkCounts;
import io.lading.platform.ServerResource;
import io.lading.records.control.RecordWrites;
import io.lading.records.entity.RecordDraft;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes each chunk in a transaction of its own: valid rows upserted in one statement, rejected rows into the
 * error report, and the job's counters and checkpoint advanced, all or nothing. Two chunks may be in flight at
 * once, on two connections, committing in file order ({@link ChunkCommits}); the file's last chunk is written
 * after they have committed, in the batch runtime's chunk transaction. A crash before a commit leaves no trace
 * of that chunk, and the resumed reader starts right after the last committed one (the job row's checkpoint).
 *
 * <p>The statements are the job's entity's ({@link RecordWrites}); the key is its dedupe key (a contact's
 * email, a company's domain). After writing, the entity links what the chunk wrote (contacts to companies)
 * in the same transaction.
 *
 * <p>Rows with the same key in one file: the later row's non-empty values go over the earlier one's
 * (dedupe=update) or the later row is skipped (dedupe=skip), whether they share a chunk or not; either way the
 * later row is reported as {@code DUPLICATE_IN_FILE} and counted in {@code duplicateRows} (as well as in
 * {@code updatedRows} or {@code skippedRows}). Before updating existing records the writer keeps their
 * previous values ({@code import_changes}), which is what makes a rollback exact.
 */
@Dependent
@Named
public class RecordRowWriter extends AbstractItemWriter {

    /** How long a written chunk holds its locks waiting for the one before to commit (see ChunkCommits). */
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    /** Two chunks in flight keep both of two cores busy; a third was no faster (bench/README.md). */
    static final int DEFAULT_WRITERS = 2;

    @Inject
    CurrentJob current;

    /** Carries what the reader resolved (transient data of this execution). */
    @Inject
    JobContext jobContext;

    @Inject
    ImportDatabase database;

    @Inject
    @ServerResource
    ManagedThreadFactory threads;

    /**
     * How many chunks may be written at once: the server's system property {@code lading.imports.writers}, passed
     * by the job XML, or {@link #DEFAULT_WRITERS} where it is not set.
     */
    @Inject
    @BatchProperty
    String writers;

    private UUID jobId;
    private UUID tenantId;
    private ImportParameters parameters;
    private RecordWrites writes;
    private ChunkCommits commits;

    /**
     * While chunks meet only keys the tenant does not have (a first import, a file of new records), a chunk goes
     * straight in through COPY, whose unique index check is the lookup; a lookup before it would probe the same
     * index once more per row. The first chunk that meets a known key takes the lookup path, and so does every
     * chunk after one whose lookup found any. Read and set by the chunks' writer threads.
     */
    private volatile boolean expectNewKeys = true;

    @Override
    public void open(Serializable checkpoint) {
        jobId = current.id();
        tenantId = current.job().tenantId();
        parameters = current.parameters(ImportParameters.class);
        writes = database.writes(current.job());
        // A dry run notes the keys each chunk met for the next to look up, and the chunks of some entities take
        // a turn of the tenant's that excludes the others' (see RecordKind): those write one chunk at a time.
        int parallel = parameters.dryRun() || !writes.kind().chunksWriteInParallel() ? 1 : writers();
        commits = new ChunkCommits(database::connection, parallel, PATIENCE, threads);
    }

    private int writers() {
        if (writers == null || writers.isBlank()) {
            return DEFAULT_WRITERS;
        }
        try {
            int count = Integer.parseInt(writers.trim());
            if (count >= 1) {
                return count;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalStateException("The server's system property lading.imports.writers is '" + writers
                + "': it must be a whole number of 1 or more (chunks an import writes at once)");
    }

    @Override
    public void writeItems(List<Object> items) throws Exception {
        Map<String, RecordDraft> byKey = new LinkedHashMap<>();
        List<ImportRow.Rejected> rejected = new ArrayList<>();
        Set<ImportRow.Valid> duplicates = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Object item : items) {
            if (item instanceof ImportRow.Valid valid) {
                RecordDraft earlier = byKey.get(valid.record().key());
                if (earlier == null) {
                    byKey.put(valid.record().key(), valid.record());
                } else {
                    duplicates.add(valid);
                    if (!parameters.skipExisting()) {
                        byKey.put(valid.record().key(), valid.record().over(earlier));
                    }
                }
            } else {
                rejected.add((ImportRow.Rejected) item);
            }
        }
        ImportReading reading = (ImportReading) jobContext.getTransientUserData();
        ChunkWrite chunk = new ChunkWrite(List.copyOf(items), byKey, rejected, duplicates, reading.mapping());
        if (!reading.ended()) {
            commits.submit(byKey.keySet(), chunk);
            return;
        }
        // The file's last chunk: once the chunks before it have committed, it is written in the batch runtime's
        // own chunk transaction, so that an import of one chunk (most are small) pays for no writer thread and
        // no second connection.
        commits.writeHere(chunk, database::connection);
    }

    @Override
    public void close() throws Exception {
        if (commits != null) {
            commits.close();
        }
    }

    /** One chunk, written in a transaction of its own: the records, the error report's rows, the job's counts. */
    private final class ChunkWrite implements ChunkCommits.Chunk {

        private final List<Object> items;
        private final Map<String, RecordDraft> byKey;
        private final List<ImportRow.Rejected> rejected;
        private final Set<ImportRow.Valid> duplicates;
        private final ColumnMapping mapping;
        private long created;

        ChunkWrite(List<Object> items, Map<String, RecordDraft> byKey, List<ImportRow.Rejected> rejected,
                   Set<ImportRow.Valid> duplicates, ColumnMapping mapping) {
            this.items = items;
            this.byKey = byKey;
            this.rejected = rejected;
            this.duplicates = duplicates;
            this.mapping = mapping;
        }

        @Override
        public void begin(Connection connection) throws Exception {
            if (!parameters.dryRun()) {
                writes.kind().beforeWrite(connection, tenantId);
            }
        }

        @Override
        public void write(Connection connection) throws Exception {
            if (!parameters.dryRun() && expectNewKeys) {
                if (writes.insertNew(connection, tenantId, jobId, byKey.values())) {
                    writes.kind().linkWritten(connection, tenantId, byKey.keySet());
                    created = byKey.size();
                    return;
                }
                // A key the tenant has (from before, or from an earlier chunk of this file): the chunk's COPY
                // was rolled back to its savepoint, and the chunk takes the lookup path.
            }
            // The statements that want a plan made for any tenant are this path's; a chunk that went in by COPY ran
            // none of them.
            RecordWrites.planForAnyTenant(connection);
            boolean updates = !parameters.dryRun() && !parameters.skipExisting();
            Map<String, UUID> existing = updates
                    ? writes.lookupKeepingPrevious(connection, tenantId, jobId, byKey.keySet())
                    : writes.lookup(connection, tenantId, byKey.keySet());
            expectNewKeys = existing.isEmpty();
            // Rows whose key an earlier chunk of this same import had are duplicates in the file too: the
            // import wrote it (its id is on the contact), or the dry run noted it.
            Set<String> inEarlierChunks = parameters.dryRun()
                    ? DryRunEmails.metEarlier(connection, jobId, byKey.keySet())
                    : writtenByThisImport(existing);
            for (Object item : items) {
                if (item instanceof ImportRow.Valid valid && inEarlierChunks.contains(valid.record().key())) {
                    duplicates.add(valid);
                }
            }
            if (parameters.dryRun()) {
                created = byKey.keySet().stream()
                        .filter(email -> !existing.containsKey(email) && !inEarlierChunks.contains(email)).count();
            } else {
                created = RecordRowWriter.this.write(connection, byKey, existing);
                writes.kind().linkWritten(connection, tenantId, byKey.keySet());
            }
        }

        @Override
        public void finish(Connection connection) throws Exception {
            finishChunk(connection, items, rejected, duplicates, created, (ImportRow) items.get(items.size() - 1),
                    mapping);
        }
    }

    /** The chunk's rejected rows and duplicates into the error report, and the job's counters and checkpoint. */
    private void finishChunk(Connection connection, List<Object> items, List<ImportRow.Rejected> rejected,
                             Set<ImportRow.Valid> duplicates, long created, ImportRow last, ColumnMapping mapping)
            throws Exception {
        recordRejections(connection, rejected);
        recordDuplicates(connection, duplicates, mapping);
        long valid = items.size() - rejected.size();
        long notCreated = valid - created;
        ChunkCounts counts = new ChunkCounts(items.size(), created,
                parameters.skipExisting() ? 0 : notCreated, parameters.skipExisting() ? notCreated : 0,
                rejected.size(), duplicates.size());
        database.rows().advance(connection, jobId, current.ownerEpoch(), counts, last.source().row(),
                last.source().bytesRead());
    }

    private Set<String> writtenByThisImport(Map<String, UUID> existing) {
        Set<String> emails = new HashSet<>();
        existing.forEach((email, writer) -> {
            if (jobId.equals(writer)) {
                emails.add(email);
            }
        });
        return emails;
    }

    /**
     * Contacts the lookup did not find go in through COPY; the found ones are merged (or, with dedupe=skip,
     * left alone). Should another import of the tenant have created some of the new ones meanwhile, the whole
     * batch is merged instead, with the previous values of whatever it now updates kept for the rollback.
     */
    private long write(Connection connection, Map<String, RecordDraft> byKey, Map<String, UUID> existing)
            throws Exception {
        List<RecordDraft> fresh = new ArrayList<>(byKey.size() - existing.size());
        List<RecordDraft> known = new ArrayList<>(existing.size());
        for (RecordDraft draft : byKey.values()) {
            (existing.containsKey(draft.key()) ? known : fresh).add(draft);
        }
        if (!writes.insertNew(connection, tenantId, jobId, fresh)) {
            if (!parameters.skipExisting()) {
                writes.snapshot(connection, tenantId, jobId, byKey.keySet());
            }
            return writes.write(connection, tenantId, jobId, byKey.values(), parameters.skipExisting()).created();
        }
        long created = fresh.size();
        if (!parameters.skipExisting()) {
            created += writes.write(connection, tenantId, jobId, known, false).created();
        }
        return created;
    }

    private void recordDuplicates(Connection connection, Set<ImportRow.Valid> duplicates, ColumnMapping mapping)
            throws Exception {
        String outcome = parameters.skipExisting() ? "skipped" : "its non-empty values were applied over it";
        List<ImportRow.Rejected> notes = duplicates.stream()
                .map(d -> new ImportRow.Rejected(d.source(), mapping.columnName(writes.kind().key()),
                        "DUPLICATE_IN_FILE", "Same " + writes.kind().key().apiName() + " as an earlier row of this file; "
                        + outcome))
                .toList();
        recordRejections(connection, notes);
    }

    private void recordRejections(Connection connection, List<ImportRow.Rejected> rejected) throws Exception {
        if (rejected.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into import_errors (job_id, row_number, column_name, code, message, source_row)
                values (?, ?, ?, ?, ?, ?) on conflict do nothing""")) {
            for (ImportRow.Rejected row : rejected) {
                insert.setObject(1, jobId);
                insert.setLong(2, row.source().row());
                insert.setString(3, row.column());
                insert.setString(4, row.code());
                insert.setString(5, row.message());
                insert.setString(6, CsvLine.encode(row.source().values()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
