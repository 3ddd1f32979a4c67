package io.lading.contacts.control;

import io.lading.contacts.entity.Contact;
import io.lading.platform.Cursor;
import io.lading.records.control.RecordFilter;
import io.lading.records.control.RecordFilterSql;
import io.lading.platform.ReadOnly;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads of one tenant's contacts. Every query is scoped by the tenant id it is given. Read-only. */
@ApplicationScoped
public class ContactQueries {

    @PersistenceContext
    EntityManager em;

    public record Page(List<Contact> items, String nextCursor, long total) {
    }

    public Optional<Contact> find(UUID tenantId, UUID id) {
        return Optional.ofNullable(em.find(Contact.class, id, ReadOnly.FIND))
                .filter(c -> c.tenantId().equals(tenantId));
    }

    /** One page of the contacts {@code filter} selects, newest first, with their total. */
    public Page list(UUID tenantId, RecordFilter filter, Cursor after, int limit) {
        RecordFilterSql.Sql selected = RecordFilterSql.where(ContactRecords.KIND, tenantId, filter);
        String where = selected.text();
        List<Object> params = selected.params();
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
        List<Contact> rows = bind(ReadOnly.query(em.createNativeQuery(sql.toString(), Contact.class)), pageParams)
                .getResultList();
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
}
