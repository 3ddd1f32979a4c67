package io.lading.jobs.control;

import io.lading.jobs.entity.Job;
import io.lading.platform.Cursor;
import io.lading.jobs.entity.JobStatus;
import io.lading.jobs.entity.JobType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Reads of jobs for the API: one job, and filtered pages newest first. */
@ApplicationScoped
public class JobQueries {

    @PersistenceContext
    EntityManager em;

    /**
     * What to list: {@code tenantId} null means every tenant (operators only; the boundary decides). {@code text}
     * is a job id (exact), or else a case-insensitive substring of the file name or the failure reason;
     * {@code from} (inclusive) and {@code to} (exclusive) bound the creation time. Null means no condition.
     */
    public record JobFilter(UUID tenantId, JobType type, JobStatus status, String text, OffsetDateTime from,
                            OffsetDateTime to, Cursor after, int limit) {

        public JobFilter(UUID tenantId, JobType type, JobStatus status, Cursor after, int limit) {
            this(tenantId, type, status, null, null, null, after, limit);
        }
    }

    public record Page(List<Job> items, String nextCursor) {
    }

    public Optional<Job> find(UUID id) {
        return Optional.ofNullable(em.find(Job.class, id));
    }

    public Page list(JobFilter filter) {
        StringBuilder sql = new StringBuilder("select * from jobs where true");
        List<Object> params = new ArrayList<>();
        if (filter.tenantId() != null) {
            sql.append(" and tenant_id = ?");
            params.add(filter.tenantId());
        }
        if (filter.type() != null) {
            sql.append(" and type = ?");
            params.add(filter.type().name());
        }
        if (filter.status() != null) {
            sql.append(" and status = ?");
            params.add(filter.status().name());
        }
        if (filter.text() != null && !filter.text().isBlank()) {
            String text = filter.text().trim();
            UUID id = asUuid(text);
            if (id != null) {
                sql.append(" and id = ?");
                params.add(id);
            } else {
                // Substring search: walked along jobs_created (newest first) and stopped at the page's limit.
                String pattern = "%" + likeEscaped(text.toLowerCase(Locale.ROOT)) + "%";
                sql.append(" and (lower(file_name) like ? or lower(failure_reason) like ?)");
                params.add(pattern);
                params.add(pattern);
            }
        }
        if (filter.from() != null) {
            sql.append(" and created_at >= ?");
            params.add(filter.from());
        }
        if (filter.to() != null) {
            sql.append(" and created_at < ?");
            params.add(filter.to());
        }
        if (filter.after() != null) {
            sql.append(" and (created_at, id) < (?, ?)");
            params.add(filter.after().createdAt());
            params.add(filter.after().id());
        }
        sql.append(" order by created_at desc, id desc limit ?");
        params.add(filter.limit() + 1);
        Query query = em.createNativeQuery(sql.toString(), Job.class);
        for (int i = 0; i < params.size(); i++) {
            query.setParameter(i + 1, params.get(i));
        }
        @SuppressWarnings("unchecked")
        List<Job> rows = query.getResultList();
        if (rows.size() <= filter.limit()) {
            return new Page(rows, null);
        }
        List<Job> page = rows.subList(0, filter.limit());
        Job last = page.get(page.size() - 1);
        return new Page(page, new Cursor(last.createdAt(), last.id()).encode());
    }

    private static UUID asUuid(String text) {
        if (text.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** LIKE's wildcards taken literally (backslash is PostgreSQL's default escape). */
    static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
