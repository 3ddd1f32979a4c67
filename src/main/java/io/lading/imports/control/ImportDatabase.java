package io.lading.imports.control;

import io.lading.jobs.control.JobRows;
import io.lading.jobs.entity.Job;
import io.lading.platform.LadingDatabase;
import io.lading.records.control.RecordKinds;
import io.lading.records.control.RecordWrites;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * What the batch artifacts that write an import's records (the row writer, the rollback) take from the
 * database: plain JDBC connections, the job row's counters, and the statements of the job's entity.
 */
@Dependent
public class ImportDatabase {

    @Inject
    JobRows rows;

    @Inject
    @LadingDatabase
    DataSource dataSource;

    @Inject
    RecordKinds kinds;

    /** A connection of the application's database; the caller closes it. */
    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    public JobRows rows() {
        return rows;
    }

    /** The statements over the table of the entity {@code job} imports (or rolls back). */
    public RecordWrites writes(Job job) {
        return new RecordWrites(kinds.named(job.entity()));
    }
}
