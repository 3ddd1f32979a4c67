package io.lading.tenancy.control;

import io.lading.platform.ProblemException;
import io.lading.tenancy.entity.ApiKey;
import io.lading.tenancy.entity.Role;
import io.lading.tenancy.entity.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;

/** Creates tenants and issues and revokes their keys. */
@ApplicationScoped
@Transactional
public class TenantRegistry {

    @PersistenceContext
    EntityManager em;

    @Inject
    ApiKeyHasher hasher;

    public record IssuedKey(UUID keyId, String key) {
    }

    public record NewTenant(Tenant tenant, IssuedKey userKey) {
    }

    public NewTenant createTenant(String name) {
        if (name == null || name.isBlank()) {
            throw ProblemException.invalidField("name", "MISSING_FIELD", "name is required");
        }
        if (name.length() > 200) {
            throw ProblemException.invalidField("name", "FIELD_TOO_LONG", "name is longer than 200 characters");
        }
        boolean taken = !em.createQuery("select t.id from Tenant t where lower(t.name) = lower(:name)")
                .setParameter("name", name.trim()).getResultList().isEmpty();
        if (taken) {
            throw ProblemException.conflict("TENANT_EXISTS", "A tenant named '" + name.trim() + "' exists already");
        }
        Tenant tenant = new Tenant(UUID.randomUUID(), name.trim());
        em.persist(tenant);
        em.flush();
        return new NewTenant(tenant, issueKey(tenant.id(), Role.USER));
    }

    /** Every tenant's id, for housekeeping that goes through the tenants one by one. */
    public List<UUID> tenantIds() {
        return em.createQuery("select t.id from Tenant t order by t.id", UUID.class).getResultList();
    }

    public Tenant tenant(UUID tenantId) {
        Tenant tenant = em.find(Tenant.class, tenantId);
        if (tenant == null) {
            throw ProblemException.notFound("Tenant " + tenantId);
        }
        return tenant;
    }

    /** Sets the tenant's own upload limit, or with null returns it to the configured default. */
    public Tenant limitUploads(UUID tenantId, Long maxBytes) {
        if (maxBytes != null && maxBytes <= 0) {
            throw ProblemException.invalidField("maxUploadBytes", "INVALID_OPTION",
                    "maxUploadBytes must be a positive number of bytes, or null for the default");
        }
        Tenant tenant = tenant(tenantId);
        tenant.limitUploads(maxBytes);
        return tenant;
    }

    public IssuedKey issueUserKey(UUID tenantId) {
        if (em.find(Tenant.class, tenantId) == null) {
            throw ProblemException.notFound("Tenant " + tenantId);
        }
        return issueKey(tenantId, Role.USER);
    }

    public IssuedKey issueKey(UUID tenantId, Role role) {
        String key = ApiKeyHasher.newKey(role.apiName());
        ApiKey apiKey = stored(tenantId, role, key);
        em.persist(apiKey);
        return new IssuedKey(apiKey.id(), key);
    }

    /** Registers a key chosen outside (the demo keys from the environment), once. */
    public void registerKey(UUID tenantId, Role role, String key) {
        boolean known = em.createNamedQuery(ApiKey.BY_LOOKUP_ID, ApiKey.class)
                .setParameter("lookupId", hasher.lookupId(key)).getResultStream()
                .anyMatch(candidate -> hasher.matches(key, candidate.keyHash()));
        if (!known) {
            em.persist(stored(tenantId, role, key));
        }
    }

    private ApiKey stored(UUID tenantId, Role role, String key) {
        return new ApiKey(tenantId, role, hasher.hash(key), hasher.lookupId(key), ApiKeyHasher.prefix(key));
    }

    /**
     * Converts the rows earlier versions stored as plain SHA-256 to HMACs (idempotent: nodes starting together
     * convert the same rows to the same values). Returns how many it converted.
     */
    public int convertLegacyKeyHashes() {
        var legacy = em.createNamedQuery(ApiKey.LEGACY, ApiKey.class).getResultList();
        for (ApiKey key : legacy) {
            String hash = hasher.fromLegacyHash(key.keyHash());
            key.convertLegacyHash(hash, ApiKeyHasher.lookupIdOfHash(hash));
        }
        return legacy.size();
    }

    public void revokeKey(UUID keyId) {
        ApiKey key = em.find(ApiKey.class, keyId);
        if (key == null) {
            throw ProblemException.notFound("Key " + keyId);
        }
        key.revoke();
    }

    public Tenant findOrCreate(String name) {
        // Nodes starting together take turns on the name (until their transactions end), so only the first
        // creates the tenant and the others find it.
        em.createNativeQuery("select count(*) from"
                        + " (select pg_advisory_xact_lock(hashtext('lading.tenant:' || lower(?1)))) locked")
                .setParameter(1, name).getSingleResult();
        return em.createQuery("select t from Tenant t where lower(t.name) = lower(:name)", Tenant.class)
                .setParameter("name", name).getResultStream().findFirst()
                .orElseGet(() -> {
                    Tenant tenant = new Tenant(UUID.randomUUID(), name);
                    em.persist(tenant);
                    return tenant;
                });
    }
}
