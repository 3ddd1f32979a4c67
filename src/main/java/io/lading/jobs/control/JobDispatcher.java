package io.lading.jobs.control;

import io.lading.jobs.entity.Job;
import io.lading.platform.ServerResource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * Puts a job on the broker's job queue. Called inside the transaction that saved the job row, so the
 * message exists if and only if the row committed. Waiting jobs wait here, in priority order, not in
 * any node's memory. The row remembers when its message was sent, for the sweep that finds lost ones.
 */
@ApplicationScoped
public class JobDispatcher {

    /** The job's id as a message property too, so the queue can be browsed for one job's message. */
    private static final String JOB_PROPERTY = "jobId";

    @Inject
    JMSContext jms;

    @Inject
    @ServerResource
    ConnectionFactory connections;

    @Inject
    @ServerResource
    Queue jobs;

    @PersistenceContext
    EntityManager em;

    public void dispatch(Job job) {
        dispatchLater(job, 0);
    }

    public void dispatchLater(Job job, long delayMillis) {
        jms.createProducer()
                .setPriority(job.priority().jmsPriority())
                .setDeliveryDelay(delayMillis)
                .setProperty(JOB_PROPERTY, job.id().toString())
                // for whoever browses the queue with the broker's tools; the consumer reads the body only
                .setProperty("tenantId", job.tenantId().toString())
                .setProperty("type", job.type().apiName())
                .send(jobs, job.id().toString());
        markDispatched(job, delayMillis);
    }

    /** When the message is (or, delayed, will be) in the queue, by the database's clock. */
    void markDispatched(Job job, long delayMillis) {
        em.createNativeQuery("update jobs set dispatched_at = now() + make_interval(secs => ?1) where id = ?2")
                .setParameter(1, delayMillis / 1000.0).setParameter(2, job.id()).executeUpdate();
    }

    /** Whether the job's message waits in the queue (a delayed one shows only once its time has come). */
    boolean isWaiting(Job job) {
        try (JMSContext browsing = connections.createContext();
             QueueBrowser browser = browsing.createBrowser(jobs, JOB_PROPERTY + " = '" + job.id() + "'")) {
            return browser.getEnumeration().hasMoreElements();
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException("Could not browse the job queue", e);
        }
    }

    /** Opens a session and browses the queue, as the readiness check asks; returns the queue's name. */
    String probeQueue() throws jakarta.jms.JMSException {
        try (JMSContext browsing = connections.createContext(); QueueBrowser browser = browsing.createBrowser(jobs)) {
            browser.getEnumeration();
            return jobs.getQueueName();
        }
    }
}
