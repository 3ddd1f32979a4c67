package io.lading.platform;

import io.lading.storage.control.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.sql.Connection;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready means the parts a job needs answer: PostgreSQL and the S3 bucket. */
@ApplicationScoped
public class ReadinessChecks {

    @Inject
    @LadingDatabase
    DataSource dataSource;

    @Inject
    ObjectStore store;

    @Produces
    @Readiness
    HealthCheck database() {
        return () -> {
            try (Connection c = dataSource.getConnection()) {
                return HealthCheckResponse.named("postgresql").status(c.isValid(2)).build();
            } catch (Exception e) {
                return HealthCheckResponse.named("postgresql").down().withData("error", e.getClass().getSimpleName()).build();
            }
        };
    }

    @Produces
    @Readiness
    HealthCheck objectStore() {
        return () -> {
            try {
                store.checkBucket();
                return HealthCheckResponse.named("s3").up().withData("bucket", store.bucket()).build();
            } catch (Exception e) {
                return HealthCheckResponse.named("s3").down().withData("error", e.getClass().getSimpleName()).build();
            }
        };
    }
}
