package io.lading.jobs.control;

import io.lading.platform.ReadinessCheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.Readiness;

/** Ready needs the broker too: a JMS session opens and can browse the jobs queue (standard JMS only). */
@ApplicationScoped
public class BrokerReadiness {

    @Inject
    JobDispatcher dispatcher;

    @Produces
    @Readiness
    HealthCheck broker() {
        return ReadinessCheck.of("broker", () -> Map.of("queue", dispatcher.probeQueue()));
    }
}
