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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Function;

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
            // What it updated (each has its snapshot) and what it created (still naming it, with no snapshot).
            database.rows().setTotal(c, rollbackId,
                    count(c, "select count(*) from import_changes where job_id = ?", importId)
                    + count(c, "select count(*) from " + writes.kind().table() + " r where r.tenant_id = ?"
                            + " and r.last_import_id = ? and not exists (select from import_changes x"
                            + " where x.job_id = r.last_import_id and x.contact_id = r.id)",
                            rollback.tenantId(), importId));
            walk(c, rollbackId, writes.restoreStatement(),
                    after -> new Object[] {importId, after, BATCH, rollback.tenantId(), importId});
            walk(c, rollbackId, writes.deleteCreatedStatement(),
                    after -> new Object[] {rollback.tenantId(), after, importId, BATCH});
        }
        return stopRequested ? BatchStatus.STOPPED.name() : BatchStatus.COMPLETED.name();
    }

    /**
     * Runs a batch statement over the records in id order until it answers no last id (or a stop is asked): each
     * run gets the last id of the one before (it answers how many records it handled, and its last id).
     */
    private void walk(Connection c, UUID rollbackId, String sql, Function<UUID, Object[]> parameters)
            throws SQLException {
        UUID after = new UUID(0, 0); // PostgreSQL orders uuids as unsigned bytes: this is the smallest
        while (!stopRequested) {
            long handled;
            UUID last;
            try (PreparedStatement batch = c.prepareStatement(sql)) {
                Object[] values = parameters.apply(after);
                for (int i = 0; i < values.length; i++) {
                    batch.setObject(i + 1, values[i]);
                }
                try (ResultSet rs = batch.executeQuery()) {
                    rs.next();
                    handled = rs.getLong(1);
                    last = rs.getObject(2, UUID.class);
                }
            }
            if (handled > 0) {
                database.rows().addProcessed(c, rollbackId, handled);
            }
            if (last == null) {
                return;
            }
            after = last;
        }
    }

    private static long count(Connection c, String sql, UUID... params) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                query.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public void stop() {
        stopRequested = true;
    }
}
