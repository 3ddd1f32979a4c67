package io.lading.companies.control;

import io.lading.companies.entity.Company;
import io.lading.platform.Cursor;
import io.lading.platform.ReadOnly;
import io.lading.records.control.RecordFilter;
import io.lading.records.control.RecordFilterSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Reads of one tenant's companies, each with its number of contacts. Every query is scoped by the tenant. */
@ApplicationScoped
public class CompanyQueries {

    @PersistenceContext
    EntityManager em;

    public record Page(List<Company> items, Map<UUID, Long> contactCounts, String nextCursor, long total) {
    }

    public Optional<Company> find(UUID tenantId, UUID id) {
        return Optional.ofNullable(em.find(Company.class, id, ReadOnly.FIND))
                .filter(c -> c.tenantId().equals(tenantId));
    }

    /** Contacts linked to each of these companies (0 for none), one grouped query over contacts(company_id). */
    public Map<UUID, Long> contactCounts(List<UUID> companyIds) {
        Map<UUID, Long> counts = new HashMap<>();
        companyIds.forEach(id -> counts.put(id, 0L));
        if (companyIds.isEmpty()) {
            return counts;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select company_id, count(*) from contacts
                         where company_id = any(cast(?1 as uuid[])) group by company_id""")
                .setParameter(1, companyIds.stream().map(UUID::toString).toArray(String[]::new))
                .getResultList();
        for (Object[] row : rows) {
            counts.put(UUID.fromString(row[0].toString()), ((Number) row[1]).longValue());
        }
        return counts;
    }

    /** One page of the companies {@code filter} selects, newest first, with their total and contact counts. */
    public Page list(UUID tenantId, RecordFilter filter, Cursor after, int limit) {
        RecordFilterSql.Sql selected = RecordFilterSql.where(CompanyRecords.KIND, tenantId, filter);
        String where = selected.text();
        List<Object> params = selected.params();
        long total = ((Number) bind(em.createNativeQuery("select count(*) from companies" + where), params)
                .getSingleResult()).longValue();
        List<Object> pageParams = new ArrayList<>(params);
        StringBuilder sql = new StringBuilder("select * from companies").append(where);
        if (after != null) {
            sql.append(" and (created_at, id) < (?, ?)");
            pageParams.add(after.createdAt());
            pageParams.add(after.id());
        }
        sql.append(" order by created_at desc, id desc limit ?");
        pageParams.add(limit + 1);
        @SuppressWarnings("unchecked")
        List<Company> rows = bind(ReadOnly.query(em.createNativeQuery(sql.toString(), Company.class)), pageParams)
                .getResultList();
        List<Company> page = rows.size() <= limit ? rows : rows.subList(0, limit);
        String next = rows.size() <= limit ? null
                : new Cursor(page.get(limit - 1).createdAt(), page.get(limit - 1).id()).encode();
        return new Page(page, contactCounts(page.stream().map(Company::id).toList()), next, total);
    }

    private static Query bind(Query query, List<Object> params) {
        for (int i = 0; i < params.size(); i++) {
            query.setParameter(i + 1, params.get(i));
        }
        return query;
    }
}
