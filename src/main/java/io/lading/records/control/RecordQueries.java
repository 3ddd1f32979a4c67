package io.lading.records.control;

import io.lading.platform.Cursor;
import io.lading.platform.ReadOnly;
import io.lading.records.entity.StoredRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Reads of one tenant's records, the same for every entity: one by id, and one page of what a filter selects,
 * newest first, with the total. Every query is scoped by the tenant id it is given. Read-only.
 */
@ApplicationScoped
public class RecordQueries {

    /** Query parameters of a list that are not filters. */
    private static final Set<String> PAGING = Set.of("limit", "cursor");

    @PersistenceContext
    EntityManager em;

    public record Page<T>(List<T> items, String nextCursor, long total) {

        /** The same page with each item as {@code view} shows it. */
        public <V> Page<V> map(Function<? super T, ? extends V> view) {
            return new Page<>(items.stream().<V>map(view).toList(), nextCursor, total);
        }
    }

    /**
     * By tenant and id, not {@code EntityManager.find}: that looks up the id alone, and contacts are keyed by
     * (tenant, id).
     */
    public <T extends StoredRecord> Optional<T> find(Class<T> type, UUID tenantId, UUID id) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<T> query = cb.createQuery(type);
        Root<T> record = query.from(type);
        query.where(cb.equal(record.get("tenantId"), tenantId), cb.equal(record.get("id"), id));
        return ReadOnly.query(em.createQuery(query)).getResultStream().findFirst();
    }

    /**
     * The page a list request asks for: its query parameters besides {@code limit} and {@code cursor} are the
     * filter (as {@link RecordFilter#fromQuery} reads them); 50 records unless {@code limit} says (at most 1000).
     */
    public <T extends StoredRecord> Page<T> list(RecordKind kind, Class<T> type, UUID tenantId,
                                                 Map<String, List<String>> query, String cursor, Integer limit) {
        RecordFilter filter = RecordFilter.fromQuery(kind, query, PAGING);
        return list(kind, type, tenantId, filter, Cursor.decode(cursor), Cursor.limit(limit, 50, 1000));
    }

    /** One page of the records {@code filter} selects, newest first, with their total. */
    public <T extends StoredRecord> Page<T> list(RecordKind kind, Class<T> type, UUID tenantId, RecordFilter filter,
                                                 Cursor after, int limit) {
        RecordFilterSql.Sql selected = RecordFilterSql.where(kind, tenantId, filter);
        String where = selected.text();
        List<Object> params = selected.params();
        long total = ((Number) bind(em.createNativeQuery("select count(*) from " + kind.table() + where), params)
                .getSingleResult()).longValue();
        List<Object> pageParams = new ArrayList<>(params);
        StringBuilder sql = new StringBuilder("select * from ").append(kind.table()).append(where);
        // Ids are time-ordered (UUID version 7): newest first is the end of the (tenant_id, id) index, read backwards.
        if (after != null) {
            sql.append(" and id < ?");
            pageParams.add(after.id());
        }
        sql.append(" order by id desc limit ?");
        pageParams.add(limit + 1);
        @SuppressWarnings("unchecked")
        List<T> rows = bind(ReadOnly.query(em.createNativeQuery(sql.toString(), type)), pageParams).getResultList();
        if (rows.size() <= limit) {
            return new Page<>(rows, null, total);
        }
        List<T> page = rows.subList(0, limit);
        T last = page.get(limit - 1);
        return new Page<>(page, new Cursor(last.createdAt(), last.id()).encode(), total);
    }

    private static Query bind(Query query, List<Object> params) {
        for (int i = 0; i < params.size(); i++) {
            query.setParameter(i + 1, params.get(i));
        }
        return query;
    }
}
