package io.lading.companies.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What companies' reads add to every entity's ({@code RecordQueries}): their number of contacts. Callers pass
 * only ids of companies of their own tenant.
 */
@ApplicationScoped
public class CompanyQueries {

    @PersistenceContext
    EntityManager em;

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
}
