package io.lading.jobs.control;

import io.lading.jobs.entity.Job;
import io.lading.platform.Cursor;
import io.lading.platform.LikePattern;
import io.lading.platform.Page;
import io.lading.platform.ReadOnly;
import io.lading.jobs.entity.JobStatus;
import io.lading.jobs.entity.JobType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Reads of jobs for the API, the batch artifacts and housekeeping: one job, filtered pages newest first, the files
 * jobs name. Read-only.
 */
@ApplicationScoped
public class JobQueries {

    /** An IN list's length per query: PostgreSQL takes at most 32,767 parameters in one statement. */
    private static final int KEYS_PER_QUERY = 1000;

    @PersistenceContext
    EntityManager em;

    /**
     * What to list: {@code tenantId} null means every tenant (operators only; the boundary decides). {@code text}
     * is a job id (exact), or else a case-insensitive substring of the file name or the failure reason;
     * {@code from} (inclusive) and {@code to} (exclusive) bound the creation time. Null means no condition.
     */
    public record JobFilter(UUID tenantId, JobType type, JobStatus status, String text, OffsetDateTime from,
                            OffsetDateTime to, Cursor after, int limit, String entity) {

        public JobFilter(UUID tenantId, JobType type, JobStatus status, String text, OffsetDateTime from,
                         OffsetDateTime to, Cursor after, int limit) {
            this(tenantId, type, status, text, from, to, after, limit, null);
        }

        public JobFilter(UUID tenantId, JobType type, JobStatus status, Cursor after, int limit) {
            this(tenantId, type, status, null, null, null, after, limit);
        }
    }

    /** The keys among {@code keys} that some job (of any status) names as its file. */
    public Set<String> fileKeysInUse(List<String> keys) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        Set<String> used = new HashSet<>();
        for (int from = 0; from < keys.size(); from += KEYS_PER_QUERY) {
            // A criteria path rather than JPQL text, where KEY is a reserved word.
            CriteriaQuery<String> query = cb.createQuery(String.class);
            Path<String> key = query.from(Job.class).get("file").get("key");
            List<String> batch = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_QUERY));
            query.select(key).distinct(true).where(key.in(batch));
            used.addAll(em.createQuery(query).getResultList());
        }
        return used;
    }

    public Optional<Job> find(UUID id) {
        return Optional.ofNullable(em.find(Job.class, id, ReadOnly.FIND));
    }

    /**
     * A criteria query rather than SQL text: EclipseLink maps the rows of its own select list by position, while
     * for a native {@code select *} it looks every column up by name, which made a page of jobs cost as much as
     * seven status reads.
     */
    public Page<Job> list(JobFilter filter) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Job> query = cb.createQuery(Job.class);
        Root<Job> job = query.from(Job.class);
        Path<OffsetDateTime> createdAt = job.get("createdAt");
        Path<UUID> id = job.get("id");
        List<Predicate> where = new ArrayList<>();
        if (filter.tenantId() != null) {
            where.add(cb.equal(job.get("tenantId"), filter.tenantId()));
        }
        if (filter.type() != null) {
            where.add(cb.equal(job.get("type"), filter.type()));
        }
        if (filter.entity() != null) {
            where.add(cb.equal(job.get("entity"), filter.entity()));
        }
        if (filter.status() != null) {
            where.add(cb.equal(job.get("status"), filter.status()));
        }
        if (filter.text() != null && !filter.text().isBlank()) {
            String text = filter.text().trim();
            UUID exactId = asUuid(text);
            if (exactId != null) {
                where.add(cb.equal(id, exactId));
            } else {
                // Substring search: walked along the creation order (newest first) and stopped at the page's limit.
                String pattern = LikePattern.containing(text.toLowerCase(Locale.ROOT));
                where.add(cb.or(cb.like(cb.lower(job.get("file").get("name")), pattern, '\\'),
                        cb.like(cb.lower(job.get("failureReason")), pattern, '\\')));
            }
        }
        if (filter.from() != null) {
            where.add(cb.greaterThanOrEqualTo(createdAt, filter.from()));
        }
        if (filter.to() != null) {
            where.add(cb.lessThan(createdAt, filter.to()));
        }
        if (filter.after() != null) {
            // (created_at, id) < (cursor): the first condition bounds the index range, the second breaks ties.
            OffsetDateTime at = filter.after().createdAt();
            where.add(cb.lessThanOrEqualTo(createdAt, at));
            where.add(cb.or(cb.lessThan(createdAt, at), cb.lessThan(id, filter.after().id())));
        }
        query.where(where.toArray(Predicate[]::new)).orderBy(cb.desc(createdAt), cb.desc(id));
        List<Job> rows = ReadOnly.query(em.createQuery(query)).setMaxResults(filter.limit() + 1).getResultList();
        return Page.of(rows, filter.limit(), last -> new Cursor(last.createdAt(), last.id()));
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
}
