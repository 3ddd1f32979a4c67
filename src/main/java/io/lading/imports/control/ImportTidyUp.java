package io.lading.imports.control;

import io.lading.platform.LadingDatabase;
import jakarta.batch.api.AbstractBatchlet;
import io.lading.jobs.control.CurrentJob;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.sql.Connection;
import javax.sql.DataSource;

/**
 * The import's last step, once every row is in: drops what only the run itself needed (a dry run's list of the
 * emails it met). Not done on failure or cancel, since a retry resumes from the checkpoint and needs it.
 */
@Dependent
@Named
public class ImportTidyUp extends AbstractBatchlet {

    @Inject
    CurrentJob current;

    @Inject
    @LadingDatabase
    DataSource dataSource;

    @Override
    public String process() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            DryRunEmails.forget(connection, current.id());
        }
        return "COMPLETED";
    }
}
