package io.lading.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Queue;
import javax.sql.DataSource;

/**
 * The one place that names server resources; the rest of the code injects them ({@link LadingDatabase},
 * {@link ServerResource}). The names resolve through the WAR's resource references (WEB-INF/web.xml), which
 * each server maps to its own JNDI names (jboss-web.xml, glassfish-web.xml). Left out on purpose: an injected
 * {@code JMSContext} uses the same default connection factory as {@link #jmsConnections()}, the MDB names its
 * queue in its activation config (a server reads it there), and an EJB's {@code TimerService} is its own.
 */
@ApplicationScoped
public class Resources {

    @Resource(name = "jdbc/lading") private DataSource dataSource;
    @Resource(name = "jms/jobs") private Queue jobsQueue;
    @Resource(lookup = "java:comp/DefaultJMSConnectionFactory") private ConnectionFactory jmsConnections;
    @Resource private ManagedExecutorService executor;
    @Resource private ManagedThreadFactory threads;

    /**
     * Looks the resources up at deployment: health checks run on a management thread without the WAR's naming
     * context, and what they inject must not be looked up there.
     */
    void lookUpAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // Creating the bean here, on a deployment thread, is what injects the resources above.
    }

    @Produces
    @LadingDatabase
    public DataSource dataSource() {
        return dataSource;
    }

    /** The engine's queue: every job message, in priority order. */
    @Produces
    @ServerResource
    public Queue jobsQueue() {
        return jobsQueue;
    }

    @Produces
    @ServerResource
    public ConnectionFactory jmsConnections() {
        return jmsConnections;
    }

    @Produces
    @ServerResource
    public ManagedExecutorService executor() {
        return executor;
    }

    @Produces
    @ServerResource
    public ManagedThreadFactory threads() {
        return threads;
    }
}
