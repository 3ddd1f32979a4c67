package io.lading.imports.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lading.jobs.control.JobQueries;
import io.lading.storage.control.ObjectStore;
import io.lading.storage.control.TenantFiles;
import io.lading.tenancy.control.TenantRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UnimportedUploadsTest {

    private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");

    private final UUID tenant = UUID.randomUUID();
    private final String uploads = TenantFiles.prefix(tenant) + "uploads/";
    private final List<ObjectStore.Listed> objects = new ArrayList<>();
    private final Set<String> usedByJobs = new HashSet<>();
    private final List<String> deleted = new ArrayList<>();
    private final List<String> listedPrefixes = new ArrayList<>();

    private final UnimportedUploads cleanup = new UnimportedUploads();

    UnimportedUploadsTest() {
        cleanup.tenants = new TenantRegistry() {
            @Override
            public List<UUID> tenantIds() {
                return List.of(tenant);
            }
        };
        cleanup.jobs = new JobQueries() {
            @Override
            public Set<String> fileKeysInUse(List<String> keys) {
                Set<String> used = new HashSet<>(keys);
                used.retainAll(usedByJobs);
                return used;
            }
        };
        cleanup.store = new ObjectStore() {
            @Override
            public List<Listed> list(String prefix) {
                listedPrefixes.add(prefix);
                return objects.stream().filter(o -> o.key().startsWith(prefix)).toList();
            }

            @Override
            public void delete(String key) {
                deleted.add(key);
            }
        };
    }

    @Test
    void onlyOldUploadsNoJobNamesAreDeleted() {
        objects.add(new ObjectStore.Listed(uploads + "a/old-unused.csv", NOW.minus(Duration.ofHours(25))));
        objects.add(new ObjectStore.Listed(uploads + "b/old-imported.csv", NOW.minus(Duration.ofHours(30))));
        objects.add(new ObjectStore.Listed(uploads + "c/recent.csv", NOW.minus(Duration.ofHours(23))));
        usedByJobs.add(uploads + "b/old-imported.csv");

        int count = cleanup.deleteOlderThan(Duration.ofHours(24), NOW);

        assertEquals(List.of(uploads + "a/old-unused.csv"), deleted);
        assertEquals(1, count);
    }

    @Test
    void onlyTheUploadsPrefixIsLookedAt() {
        objects.add(new ObjectStore.Listed(TenantFiles.prefix(tenant) + "drop/nightly.csv", NOW.minus(Duration.ofDays(9))));

        cleanup.deleteOlderThan(Duration.ofHours(24), NOW);

        assertEquals(List.of(uploads), listedPrefixes);
        assertEquals(List.of(), deleted);
    }
}
