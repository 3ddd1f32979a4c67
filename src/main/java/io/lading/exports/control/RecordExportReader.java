package io.lading.exports.control;

import io.lading.exports.entity.ExportParameters;
import io.lading.jobs.control.CurrentJob;
import io.lading.jobs.control.JobRows;
import io.lading.jobs.entity.Job;
import io.lading.platform.LadingDatabase;
import io.lading.records.control.RecordKinds;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Reads the records (of the job's entity) an export selects, a page at a time in the export's order, each page
 * starting after the sort key of the previous page's last row; for a CSV that COPY writes ({@link CsvCopy}) it only
 * says where the next range starts, after the last row the writer copied. Where it starts is the writer's decision
 * (the row after the last one its stored upload parts hold, see {@link RecordExportWriter}): it reads nothing until
 * the writer has opened.
 */
@Dependent
@Named
public class RecordExportReader extends AbstractItemReader {

    /** Rows per chunk the encoders write: one query. */
    @Inject
    @BatchProperty(name = "pageSize")
    String pageSizeProperty;

    /**
     * Rows per chunk COPY writes. Larger than a page, as COPY streams its rows instead of holding them; small
     * enough that a stop (cancel, shutdown) waits for little, since it takes effect between chunks.
     */
    @Inject
    @BatchProperty(name = "rangeSize")
    String rangeSizeProperty;

    @Inject
    JobContext jobContext;

    @Inject
    CurrentJob current;

    @Inject
    JobRows jobRows;

    @Inject
    @LadingDatabase
    DataSource dataSource;

    @Inject
    RecordKinds kinds;

    private ExportQuery query;
    private ExportRun run;
    private int pageSize;
    private boolean copied;
    private List<Object> lastKey;
    private boolean started;
    private boolean lastPage;

    @Override
    public void open(Serializable checkpoint) throws Exception {
        Job job = current.job();
        query = ExportQuery.of(kinds.named(job.entity()), job.tenantId(), current.parameters(ExportParameters.class));
        run = ExportRun.of(jobContext);
        copied = CsvCopy.applies(query);
        pageSize = copied ? size(rangeSizeProperty, 50_000) : size(pageSizeProperty, 10_000);
        if (job.rows().total() == null) {
            try (Connection c = dataSource.getConnection()) {
                jobRows.setTotal(c, current.id(), query.count(c));
            }
        }
    }

    /** The next chunk: a page of rows, or for a CSV that COPY writes, the range of the next page's rows. */
    @Override
    public Object readItem() throws Exception {
        if (!started) {
            started = true;
            lastKey = run.startAfter();
        }
        if (lastPage) {
            run.exhausted(true);
            return null;
        }
        if (copied) {
            // A range ends where its copy ends: the writer notes the last row copied, or that there was no more
            lastKey = run.startAfter();
            if (run.exhausted()) {
                return null;
            }
            return new ExportChunk.Range(lastKey, pageSize);
        }
        try (Connection c = dataSource.getConnection()) {
            List<ExportItem> rows = query.page(c, lastKey, pageSize);
            if (rows.isEmpty()) {
                run.exhausted(true);
                return null;
            }
            lastPage = rows.size() < pageSize;
            lastKey = rows.get(rows.size() - 1).key();
            return new ExportChunk.Rows(rows);
        }
    }

    private static int size(String property, int otherwise) {
        return property == null || property.isBlank() ? otherwise : Integer.parseInt(property);
    }

    /** The batch runtime's copy of the position; the job row's checkpoint (the writer's) is the one that counts. */
    @Override
    public Serializable checkpointInfo() {
        return lastKey == null ? null : new ArrayList<>(ExportQuery.formatKey(lastKey));
    }
}
