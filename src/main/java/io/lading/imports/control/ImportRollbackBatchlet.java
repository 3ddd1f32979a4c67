package io.lading.imports.control;

import io.lading.jobs.control.CurrentJob;
import io.lading.jobs.control.JobRows;
import io.lading.jobs.entity.Job;
import io.lading.platform.LadingDatabase;
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
import javax.sql.DataSource;

/**
 * Rolls an import back in batches, each committed on its own, so progress shows and a crash or a stop loses
 * nothing: both steps are idempotent, and a rerun continues where the last one ended. First the updated
 * contacts get their previous values (which also takes them off the import), then what still names the
 * import (what it created) is deleted.
 */
@Dependent
@Named
public class ImportRollbackBatchlet extends AbstractBatchlet {

    private static final int BATCH = 5000;

    /** One batch of snapshots in contact id order: restores them, returns how many and the batch's last id. */
    private static final String RESTORE = """
            with batch as (
                select contact_id, previous from import_changes
                 where job_id = ? and contact_id > ? order by contact_id limit ?),
            restored as (
                update contacts c set
                       email = p.previous ->> 'email',
                       first_name = p.previous ->> 'first_name', last_name = p.previous ->> 'last_name',
                       phone = p.previous ->> 'phone', title = p.previous ->> 'title',
                       company = p.previous ->> 'company', country = p.previous ->> 'country',
                       city = p.previous ->> 'city', employees = (p.previous ->> 'employees')::integer,
                       created_on = (p.previous ->> 'created_on')::date,
                       updated_at = (p.previous ->> 'updated_at')::timestamptz,
                       last_import_id = (p.previous ->> 'last_import_id')::uuid
                  from batch p
                 where c.id = p.contact_id and c.last_import_id = ?
                returning c.id)
            select (select count(*) from restored), (select contact_id from batch order by contact_id desc limit 1)
            """;

    private static final String DELETE_CREATED = """
            delete from contacts where id in (
                select id from contacts where tenant_id = ? and last_import_id = ? limit ?)
            """;

    @Inject
    CurrentJob current;

    @Inject
    JobRows rows;

    @Inject
    @LadingDatabase
    DataSource dataSource;

    private volatile boolean stopRequested;

    @Override
    public String process() throws Exception {
        UUID rollbackId = current.id();
        Job rollback = current.job();
        UUID importId = rollback.parentId();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            rows.setTotal(c, rollbackId, count(c, "select count(*) from import_changes where job_id = ?", importId)
                    + count(c, "select count(*) from contacts where last_import_id = ?", importId));
            UUID after = new UUID(0, 0); // PostgreSQL orders uuids as unsigned bytes: this is the smallest
            while (!stopRequested) {
                long restored;
                UUID last;
                try (PreparedStatement restore = c.prepareStatement(RESTORE)) {
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
                rows.addProcessed(c, rollbackId, restored);
            }
            while (!stopRequested) {
                int deleted;
                try (PreparedStatement delete = c.prepareStatement(DELETE_CREATED)) {
                    delete.setObject(1, rollback.tenantId());
                    delete.setObject(2, importId);
                    delete.setInt(3, BATCH);
                    deleted = delete.executeUpdate();
                }
                rows.addProcessed(c, rollbackId, deleted);
                if (deleted < BATCH) {
                    break;
                }
            }
        }
        return stopRequested ? BatchStatus.STOPPED.name() : BatchStatus.COMPLETED.name();
    }

    private static long count(Connection c, String sql, UUID id) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(sql)) {
            query.setObject(1, id);
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
