package io.lading.jobs.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lading.jobs.entity.Job;
import io.lading.jobs.entity.JobPriority;
import io.lading.jobs.entity.JobType;
import io.lading.tenancy.entity.Tenant;
import io.lading.testsupport.MigratedDatabase;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Which stored files a job names, as the cleanup of unused uploads asks it: on a real PostgreSQL through the
 * product's persistence unit, with more keys than one query takes.
 */
class JobQueriesFileKeysTest {

    @RegisterExtension
    static final MigratedDatabase database = new MigratedDatabase();

    final JobQueries queries = new JobQueries();
    EntityManager em;

    @BeforeEach
    void entityManager() {
        em = database.entityManager();
        queries.em = em;
    }

    @AfterEach
    void close() {
        em.close();
    }

    @Test
    void answersTheKeysSomeJobOfAnyTenantOrStatusNamesAcrossBatchesOfTheList() {
        String prefix = "tenants/" + UUID.randomUUID() + "/uploads/";
        List<String> keys = IntStream.range(0, 2_500).mapToObj(i -> prefix + i + "/contacts.csv").toList();
        UUID tenant = tenant();
        UUID otherTenant = tenant();
        em.getTransaction().begin();
        job(tenant, keys.get(0));
        Job completed = job(tenant, keys.get(1_499));
        completed.start("node-a");
        completed.complete();
        job(otherTenant, keys.get(2_400));
        job(tenant, keys.get(2_400)); // named twice, answered once
        job(tenant, prefix + "not-asked-about.csv");
        job(tenant, null);
        em.getTransaction().commit();

        Set<String> inUse = queries.fileKeysInUse(keys);

        assertEquals(Set.of(keys.get(0), keys.get(1_499), keys.get(2_400)), inUse);
        assertEquals(Set.of(), queries.fileKeysInUse(new ArrayList<>(keys.subList(1, 1_499))));
        assertEquals(Set.of(), queries.fileKeysInUse(List.of()));
    }

    private UUID tenant() {
        Tenant tenant = new Tenant(UUID.randomUUID(), "files-" + UUID.randomUUID());
        em.getTransaction().begin();
        em.persist(tenant);
        em.getTransaction().commit();
        return tenant.id();
    }

    private Job job(UUID tenantId, String fileKey) {
        Job job = Job.submitted(JobType.IMPORT, tenantId, JobPriority.NORMAL, 3, null, null);
        if (fileKey != null) {
            job.attachFile("contacts.csv", fileKey, 100L);
        }
        em.persist(job);
        return job;
    }
}
