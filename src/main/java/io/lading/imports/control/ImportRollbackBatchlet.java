package io.lading.imports.control;

import io.lading.jobs.control.CurrentJob;
import io.lading.jobs.entity.Job;
import io.lading.records.control.RecordWrites;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.BatchStatus;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Rolls an import back in batches, each committed on its own, so progress shows and a crash or a stop loses
 * nothing: both steps are idempotent, and a rerun continues where the last one ended. First the updated
 * records (of the import's entity) get their previous values (which also takes them off the import), then
 * what still names the import (what it created) is deleted; deleted companies let go of their contacts (the
 * foreign key's {@code on delete set null}), which unlinks what the import linked.
 */
@Dependent
@Named
public class ImportRollbackBatchlet extends AbstractBatchlet {

    private static final int BATCH = 5000;

    @Inject
    CurrentJob current;

    @Inject
    ImportDatabase database;

    private volatile boolean stopRequested;

    @Override
    public String process() throws Exception {
        UUID rollbackId = current.id();
        Job rollback = current.job();
        UUID importId = rollback.parentId();
        RecordWrites writes = database.writes(rollback);
        try (Connection c = database.connection()) {
            c.setAutoCommit(true);
            database.rows().setTotal(c, rollbackId, writes.rollbackSize(c, rollback.tenantId(), importId));
            walk(c, rollbackId, after -> writes.restore(c, rollback.tenantId(), importId, after, BATCH));
            walk(c, rollbackId, after -> writes.deleteCreated(c, rollback.tenantId(), importId, after, BATCH));
        }
        return stopRequested ? BatchStatus.STOPPED.name() : BatchStatus.COMPLETED.name();
    }

    /** One batch of a rollback's walk over the records in id order, after the given id. */
    private interface BatchStep {
        RecordWrites.RollbackBatch after(UUID after) throws SQLException;
    }

    /**
     * Runs batches over the records in id order until one answers no last id (or a stop is asked): each batch
     * starts after the last id of the one before.
     */
    private void walk(Connection c, UUID rollbackId, BatchStep step) throws SQLException {
        UUID after = new UUID(0, 0); // PostgreSQL orders uuids as unsigned bytes: this is the smallest
        while (!stopRequested) {
            RecordWrites.RollbackBatch batch = step.after(after);
            if (batch.handled() > 0) {
                database.rows().addProcessed(c, rollbackId, batch.handled());
            }
            if (batch.last() == null) {
                return;
            }
            after = batch.last();
        }
    }

    @Override
    public void stop() {
        stopRequested = true;
    }
}
