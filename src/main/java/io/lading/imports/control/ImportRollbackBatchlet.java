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
            database.rows().setTotal(c, rollbackId,
                    count(c, "select count(*) from import_changes where job_id = ?", importId)
                    + count(c, "select count(*) from " + writes.kind().table()
                            + " where tenant_id = ? and last_import_id = ?", rollback.tenantId(), importId));
            UUID after = new UUID(0, 0); // PostgreSQL orders uuids as unsigned bytes: this is the smallest
            while (!stopRequested) {
                long restored;
                UUID last;
                try (PreparedStatement restore = c.prepareStatement(writes.restoreStatement())) {
                    restore.setObject(1, importId);
                    restore.setObject(2, after);
                    restore.setInt(3, BATCH);
                    restore.setObject(4, importId);
                    try (ResultSet rs = restore.executeQuery()) {
                        rs.next();
                        restored = rs.getLong(1);
                        last = rs.getObject(2, UUID.class);
                    }
                }
                if (last == null) {
                    break;
                }
                after = last;
                database.rows().addProcessed(c, rollbackId, restored);
            }
            after = new UUID(0, 0);
            while (!stopRequested) {
                long deleted;
                UUID last;
                try (PreparedStatement delete = c.prepareStatement(writes.deleteCreatedStatement())) {
                    delete.setObject(1, rollback.tenantId());
                    delete.setObject(2, after);
                    delete.setObject(3, importId);
                    delete.setInt(4, BATCH);
                    try (ResultSet rs = delete.executeQuery()) {
                        rs.next();
                        deleted = rs.getLong(1);
                        last = rs.getObject(2, UUID.class);
                    }
                }
                database.rows().addProcessed(c, rollbackId, deleted);
                if (last == null) {
                    break;
                }
                after = last;
            }
        }
        return stopRequested ? BatchStatus.STOPPED.name() : BatchStatus.COMPLETED.name();
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
