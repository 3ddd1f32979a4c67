package io.lading.tenancy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lading.tenancy.entity.Tenant;
import io.lading.testsupport.MigratedDatabase;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every tenant's id, as housekeeping that goes through the tenants asks for them: on a real PostgreSQL. */
class TenantRegistryIdsTest {

    @RegisterExtension
    static final MigratedDatabase database = new MigratedDatabase();

    @Test
    void listsEveryTenantOnce() {
        TenantRegistry registry = new TenantRegistry();
        try (EntityManager em = database.entityManager()) {
            registry.em = em;
            List<UUID> before = registry.tenantIds();
            List<UUID> added = Stream.generate(UUID::randomUUID).limit(3).toList();
            em.getTransaction().begin();
            added.forEach(id -> em.persist(new Tenant(id, "tenant-" + id)));
            em.getTransaction().commit();

            List<UUID> after = registry.tenantIds();
            assertEquals(Stream.concat(before.stream(), added.stream()).collect(Collectors.toSet()), Set.copyOf(after));
            assertEquals(before.size() + added.size(), after.size(), "each tenant once");
        }
    }
}
