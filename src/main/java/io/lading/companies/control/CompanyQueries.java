package io.lading.companies.control;

import io.lading.companies.entity.Company;
import io.lading.platform.Cursor;
import io.lading.platform.LikePattern;
import io.lading.platform.ProblemException;
import io.lading.platform.ReadOnly;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Reads of one tenant's companies, each with its number of contacts. Every query is scoped by the tenant. */
@ApplicationScoped
public class CompanyQueries {

    @PersistenceContext
    EntityManager em;

    /** What a list keeps: free text over name and domain, industries, countries, an employee range. */
    public record Filter(String q, List<String> industries, List<String> countries, Long employeesMin,
                         Long employeesMax) {

        /** From query parameters: {@code industry=a,b}, {@code country=a,b}, {@code employees.gte=}, {@code .lte=}. */
        public static Filter of(String q, String industry, String country, String gte, String lte) {
            return new Filter(q == null || q.isBlank() ? null : q.trim(), list(industry), list(country),
                    number("employees.gte", gte), number("employees.lte", lte));
        }

        private static List<String> list(String values) {
            return values == null || values.isBlank() ? List.of()
                    : Arrays.stream(values.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
        }

        private static Long number(String name, String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            try {
                return Long.valueOf(value.trim());
            } catch (NumberFormatException e) {
                throw ProblemException.invalidField(name, "INVALID_FILTER", name + " takes a whole number");
            }
        }
    }

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

    /** One page of the companies {@code filter} keeps, newest first, with their total. */
    public Page list(UUID tenantId, Filter filter, Cursor after, int limit) {
        StringBuilder where = new StringBuilder(" where tenant_id = ?");
        List<Object> params = new ArrayList<>(List.of(tenantId));
        if (filter.q() != null) {
            where.append(" and (lower(name) like ? escape '\\' or domain like ? escape '\\')");
            String pattern = LikePattern.containing(filter.q().toLowerCase(Locale.ROOT));
            params.add(pattern);
            params.add(pattern);
        }
        in(where, params, "industry", filter.industries());
        in(where, params, "country", filter.countries());
        if (filter.employeesMin() != null) {
            where.append(" and employees >= ?");
            params.add(filter.employeesMin());
        }
        if (filter.employeesMax() != null) {
            where.append(" and employees <= ?");
            params.add(filter.employeesMax());
        }
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

    /** Case-insensitive: values as users type them ("germany" keeps "Germany"). */
    private static void in(StringBuilder where, List<Object> params, String column, List<String> values) {
        if (values.isEmpty()) {
            return;
        }
        where.append(" and lower(").append(column).append(") in (")
                .append(String.join(", ", values.stream().map(v -> "?").toList())).append(')');
        values.forEach(v -> params.add(v.toLowerCase(Locale.ROOT)));
    }

    private static Query bind(Query query, List<Object> params) {
        for (int i = 0; i < params.size(); i++) {
            query.setParameter(i + 1, params.get(i));
        }
        return query;
    }
}
