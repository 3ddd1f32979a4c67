package io.lading.jobs.control;

import io.lading.jobs.entity.AuditEntry;
import io.lading.platform.Cursor;
import io.lading.platform.LadingDatabase;
import io.lading.platform.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;

/** The audit trail: written once per action, read for a job's timeline and the audit page. */
@ApplicationScoped
public class AuditTrail {

    @Inject
    @LadingDatabase
    DataSource dataSource;

    public record Action(UUID keyId, String role, UUID tenantId, String action, UUID jobId, UUID resultJobId,
                         int outcome, String detail) {
    }

    public void record(Action action) {
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement("""
                insert into audit_log (key_id, role, tenant_id, action, job_id, result_job, outcome, detail)
                values (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setObject(1, action.keyId());
            insert.setString(2, action.role());
            setUuid(insert, 3, action.tenantId());
            insert.setString(4, action.action());
            setUuid(insert, 5, action.jobId());
            setUuid(insert, 6, action.resultJobId());
            insert.setInt(7, action.outcome());
            insert.setString(8, action.detail());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Writing the audit trail failed", e);
        }
    }

    /** Actions on one job, oldest first (a job's actions are few). */
    public List<AuditEntry> forJob(UUID jobId) {
        return read("select * from audit_log where job_id = ? or result_job = ? order by id", jobId, jobId);
    }

    /** Every action, newest first, in keyset pages; {@code jobId} or {@code keyId} narrow it when not null. */
    public Page<AuditEntry> list(UUID jobId, UUID keyId, Cursor after, int limit) {
        StringBuilder sql = new StringBuilder("select * from audit_log where true");
        List<Object> params = new ArrayList<>();
        if (jobId != null) {
            sql.append(" and job_id = ?");
            params.add(jobId);
        }
        if (keyId != null) {
            sql.append(" and key_id = ?");
            params.add(keyId);
        }
        if (after != null) {
            // The cursor's id field carries no UUID here: the audit id is a number, kept in the time's place.
            sql.append(" and (at, id) < (?, ?)");
            params.add(after.createdAt());
            params.add(after.id().getLeastSignificantBits());
        }
        sql.append(" order by at desc, id desc limit ?");
        params.add(limit + 1);
        return Page.of(read(sql.toString(), params.toArray()), limit,
                last -> new Cursor(last.at(), new UUID(0, last.id())));
    }

    private List<AuditEntry> read(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement query = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                query.setObject(i + 1, params[i]);
            }
            List<AuditEntry> entries = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    entries.add(new AuditEntry(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class),
                            rs.getObject("key_id", UUID.class), rs.getString("role").toLowerCase(Locale.ROOT),
                            rs.getObject("tenant_id", UUID.class), rs.getString("action"),
                            rs.getObject("job_id", UUID.class), rs.getObject("result_job", UUID.class),
                            rs.getInt("outcome"), rs.getString("detail")));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the audit trail failed", e);
        }
    }

    private static void setUuid(PreparedStatement statement, int index, UUID value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.OTHER);
        } else {
            statement.setObject(index, value);
        }
    }
}
