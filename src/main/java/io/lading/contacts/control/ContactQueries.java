package io.lading.contacts.control;

import io.lading.contacts.entity.Contact;
import io.lading.platform.Cursor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads of one tenant's contacts. Every query is scoped by the tenant id it is given. */
@ApplicationScoped
public class ContactQueries {

    @PersistenceContext
    EntityManager em;

    /** Simple filters of the contact list: free text over name, email and company, and countries. */
    public record ContactFilter(String text, List<String> countries) {
    }

    public record Page(List<Contact> items, String nextCursor, long total) {
    }

    public Optional<Contact> find(UUID tenantId, UUID id) {
        return Optional.ofNullable(em.find(Contact.class, id)).filter(c -> c.tenantId().equals(tenantId));
    }

    public Page list(UUID tenantId, ContactFilter filter, Cursor after, int limit) {
        StringBuilder where = new StringBuilder(" where tenant_id = ?");
        List<Object> params = new ArrayList<>();
        params.add(tenantId);
        if (filter.text() != null && !filter.text().isBlank()) {
            where.append(" and (email ilike ? or first_name ilike ? or last_name ilike ? or company ilike ?)");
            String like = "%" + escapeLike(filter.text().trim()) + "%";
            for (int i = 0; i < 4; i++) {
                params.add(like);
            }
        }
        if (filter.countries() != null && !filter.countries().isEmpty()) {
            where.append(" and country in (").append("?,".repeat(filter.countries().size() - 1)).append("?)");
            params.addAll(filter.countries());
        }
        long total = ((Number) bind(em.createNativeQuery("select count(*) from contacts" + where), params)
                .getSingleResult()).longValue();
        List<Object> pageParams = new ArrayList<>(params);
        StringBuilder sql = new StringBuilder("select * from contacts").append(where);
        if (after != null) {
            sql.append(" and (created_at, id) < (?, ?)");
            pageParams.add(after.createdAt());
            pageParams.add(after.id());
        }
        sql.append(" order by created_at desc, id desc limit ?");
        pageParams.add(limit + 1);
        @SuppressWarnings("unchecked")
        List<Contact> rows = bind(em.createNativeQuery(sql.toString(), Contact.class), pageParams).getResultList();
        if (rows.size() <= limit) {
            return new Page(rows, null, total);
        }
        List<Contact> page = rows.subList(0, limit);
        Contact last = page.get(limit - 1);
        return new Page(page, new Cursor(last.createdAt(), last.id()).encode(), total);
    }

    private static Query bind(Query query, List<Object> params) {
        for (int i = 0; i < params.size(); i++) {
            query.setParameter(i + 1, params.get(i));
        }
        return query;
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
