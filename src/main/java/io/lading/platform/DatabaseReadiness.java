package io.lading.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.Readiness;

/** Ready needs PostgreSQL: a pooled connection that answers within two seconds. */
@ApplicationScoped
public class DatabaseReadiness {

    @Inject
    @LadingDatabase
    DataSource dataSource;

    @Produces
    @Readiness
    HealthCheck database() {
        return ReadinessCheck.of("postgresql", () -> {
            try (Connection c = dataSource.getConnection()) {
                if (!c.isValid(2)) {
                    throw new SQLException("The connection did not answer in time");
                }
                return Map.of();
            }
        });
    }
}
