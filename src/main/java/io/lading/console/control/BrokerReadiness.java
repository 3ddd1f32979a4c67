package io.lading.console.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready needs the broker too: a JMS session opens and can browse the jobs queue (standard JMS only). Health
 * checks run on a management thread without the WAR's naming context, so the resources are injected when
 * the application starts.
 */
@Readiness
@ApplicationScoped
public class BrokerReadiness implements HealthCheck {

    @Resource(lookup = "java:comp/DefaultJMSConnectionFactory")
    ConnectionFactory connections;

    @Resource(name = "jms/jobs")
    Queue jobs;

    void injectAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // Creating the bean here, on a deployment thread, is what injects the resources above.
    }

    @Override
    public HealthCheckResponse call() {
        try (JMSContext jms = connections.createContext(); QueueBrowser browser = jms.createBrowser(jobs)) {
            browser.getEnumeration();
            return HealthCheckResponse.named("broker").up().withData("queue", jobs.getQueueName()).build();
        } catch (Exception e) {
            return HealthCheckResponse.named("broker").down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
