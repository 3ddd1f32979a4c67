package io.lading.storage.control;

import io.lading.platform.ReadinessCheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.Readiness;

/** Ready needs S3: the bucket the files go to answers. */
@ApplicationScoped
public class ObjectStoreReadiness {

    @Inject
    ObjectStore store;

    @Produces
    @Readiness
    HealthCheck objectStore() {
        return ReadinessCheck.of("s3", () -> {
            store.checkBucket();
            return Map.of("bucket", store.bucket());
        });
    }
}
