package io.lading.jobs.control;

import io.lading.jobs.entity.Job;
import io.lading.platform.ServerResource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;

/**
 * Puts a job on the broker's job queue. Called inside the transaction that saved the job row, so the
 * message exists if and only if the row committed. Waiting jobs wait here, in priority order, not in
 * any node's memory.
 */
@ApplicationScoped
public class JobDispatcher {

    public static final String TENANT_PROPERTY = "tenantId";

    @Inject
    JMSContext jms;

    @Inject
    @ServerResource
    Queue jobs;

    public void dispatch(Job job) {
        dispatchLater(job, 0);
    }

    public void dispatchLater(Job job, long delayMillis) {
        jms.createProducer()
                .setPriority(job.priority().jmsPriority())
                .setDeliveryDelay(delayMillis)
                .setProperty(TENANT_PROPERTY, job.tenantId().toString())
                .setProperty("type", job.type().apiName())
                .send(jobs, job.id().toString());
    }
}
