package io.lading.imports.control;

import io.lading.contacts.control.ContactUpsert;
import io.lading.contacts.entity.ContactDraft;
import io.lading.imports.entity.ImportRow;
import io.lading.imports.entity.ImportSettings;
import io.lading.jobs.control.JobQueries;
import io.lading.jobs.control.JobRows;
import io.lading.jobs.control.JobRows.ChunkCounts;
import io.lading.jobs.entity.Job;
import io.lading.platform.JsonbConfiguration;
import io.lading.platform.LadingDatabase;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Writes one chunk in the chunk's transaction: valid rows upserted in one statement, rejected rows into the
 * error report, and the job's counters and checkpoint advanced, all or nothing. A crash before the commit
 * leaves no trace of the chunk, and the resumed reader starts right after the last committed one.
 *
 * <p>Rows with the same email in one file: the later row's non-empty values go over the earlier one's
 * (dedupe=update) or the later row is skipped (dedupe=skip), whether they share a chunk or not.
 */
@Dependent
@Named
public class ContactRowWriter extends AbstractItemWriter {

    @Inject
    JobContext jobContext;

    @Inject
    JobQueries jobs;

    @Inject
    JobRows rows;

    @Inject
    @LadingDatabase
    DataSource dataSource;

    private UUID jobId;
    private UUID tenantId;
    private ImportSettings settings;

    @Override
    public void open(Serializable checkpoint) {
        jobId = UUID.fromString(jobContext.getProperties().getProperty("jobId"));
        Job job = jobs.find(jobId).orElseThrow();
        tenantId = job.tenantId();
        settings = JsonbConfiguration.jsonb().fromJson(job.parameters(), ImportSettings.class);
    }

    @Override
    public void writeItems(List<Object> items) throws Exception {
        Map<String, ContactDraft> byEmail = new LinkedHashMap<>();
        List<ImportRow.Rejected> rejected = new ArrayList<>();
        long duplicatesInChunk = 0;
        for (Object item : items) {
            if (item instanceof ImportRow.Valid valid) {
                ContactDraft earlier = byEmail.get(valid.contact().email());
                if (earlier == null) {
                    byEmail.put(valid.contact().email(), valid.contact());
                } else {
                    duplicatesInChunk++;
                    if (!settings.skipExisting()) {
                        byEmail.put(valid.contact().email(), valid.contact().over(earlier));
                    }
                }
            } else {
                rejected.add((ImportRow.Rejected) item);
            }
        }
        ImportRow last = (ImportRow) items.get(items.size() - 1);
        try (Connection connection = dataSource.getConnection()) {
            ContactUpsert.Outcome outcome = settings.dryRun()
                    ? ContactUpsert.predict(connection, tenantId, byEmail.values())
                    : ContactUpsert.write(connection, tenantId, jobId, byEmail.values(), settings.skipExisting());
            recordRejections(connection, rejected);
            long existing = outcome.existing() + duplicatesInChunk;
            ChunkCounts counts = new ChunkCounts(items.size(), outcome.created(),
                    settings.skipExisting() ? 0 : existing, settings.skipExisting() ? existing : 0, rejected.size());
            rows.advance(connection, jobId, counts, last.source().row(), last.source().bytesRead());
        }
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
