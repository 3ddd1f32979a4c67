package io.lading.tenancy.control;

import io.lading.tenancy.entity.ApiKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;

/**
 * Finds the active key row of a presented key: candidates by the key's non-secret lookup id, then the stored
 * hash compared in constant time, so neither the query nor the comparison times anything an attacker steers
 * towards a real key's hash.
 */
@ApplicationScoped
public class ApiKeyLookup {

    @PersistenceContext
    EntityManager em;

    @Inject
    ApiKeyHasher hasher;

    public Optional<ApiKey> active(String key) {
        return em.createNamedQuery(ApiKey.BY_LOOKUP_ID, ApiKey.class)
                .setParameter("lookupId", hasher.lookupId(key))
                .getResultStream()
                .filter(candidate -> hasher.matches(key, candidate.keyHash()))
                .findFirst()
                .filter(ApiKey::isActive);
    }
}
