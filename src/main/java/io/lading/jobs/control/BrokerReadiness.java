package io.lading.jobs.control;

import io.lading.platform.ReadinessCheck;
import io.lading.platform.ServerResource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.Readiness;

/** Ready needs the broker too: a JMS session opens and can browse the jobs queue (standard JMS only). */
@ApplicationScoped
public class BrokerReadiness {

    @Inject
    @ServerResource
    ConnectionFactory connections;

    @Inject
    @ServerResource
    Queue jobs;

    @Produces
    @Readiness
    HealthCheck broker() {
        return ReadinessCheck.of("broker", () -> {
            try (JMSContext jms = connections.createContext(); QueueBrowser browser = jms.createBrowser(jobs)) {
                browser.getEnumeration();
                return Map.of("queue", jobs.getQueueName());
            }
        });
    }
}
