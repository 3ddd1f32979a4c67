package io.lading.imports.control;

import io.lading.jobs.control.JobQueries;
import io.lading.storage.control.ObjectStore;
import io.lading.storage.control.TenantFiles;
import io.lading.tenancy.control.TenantRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Deletes files uploaded with a presigned URL ({@code POST /api/contacts/uploads}) that no import ever used, once
 * they are older than LADING_IMPORTS_UPLOADS_MAX_AGE_HOURS (default 24): the tenant's {@code uploads/} prefix only,
 * so files another system drops elsewhere in the prefix (for a schedule's import) are never touched. A file a job
 * names stays; it goes with the job when retention prunes it.
 */
@ApplicationScoped
public class UnimportedUploads {

    private static final Logger LOG = Logger.getLogger(UnimportedUploads.class.getName());

    @Inject
    TenantRegistry tenants;

    @Inject
    JobQueries jobs;

    @Inject
    ObjectStore store;

    @Inject
    @ConfigProperty(name = "lading.imports.uploads.max.age.hours", defaultValue = "24")
    long maxAgeHours;

    public int deleteAbandoned() {
        return deleteOlderThan(Duration.ofHours(maxAgeHours), Instant.now());
    }

    int deleteOlderThan(Duration age, Instant now) {
        Instant cutoff = now.minus(age);
        int deleted = 0;
        for (UUID tenantId : tenants.tenantIds()) {
            List<String> old = new ArrayList<>();
            for (ObjectStore.Listed object : store.list(TenantFiles.prefix(tenantId) + "uploads/")) {
                if (object.lastModified().isBefore(cutoff)) {
                    old.add(object.key());
                }
            }
            if (old.isEmpty()) {
                continue;
            }
            Set<String> used = jobs.fileKeysInUse(old);
            for (String key : old) {
                if (!used.contains(key)) {
                    store.delete(key);
                    deleted++;
                }
            }
        }
        if (deleted > 0) {
            int total = deleted;
            LOG.info(() -> "Deleted " + total + " uploads no import used in " + age.toHours() + " hours");
        }
        return deleted;
    }
}
