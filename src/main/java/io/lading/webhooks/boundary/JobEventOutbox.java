package io.lading.webhooks.boundary;

import io.lading.jobs.boundary.JobView;
import io.lading.jobs.entity.Job;
import io.lading.jobs.entity.JobStatusRecorded;
import io.lading.platform.JsonbConfiguration;
import io.lading.webhooks.control.WebhookOutbox;
import io.lading.webhooks.entity.WebhookEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Where job events enter this capability: observed synchronously, inside the job's status-change transaction, so
 * the delivery rows commit (or roll back) with the change. The job is rendered as the jobs API renders it, at the
 * moment of the change, and only when some endpoint listens.
 */
@ApplicationScoped
public class JobEventOutbox {

    @Inject
    WebhookOutbox outbox;

    void onStatusRecorded(@Observes JobStatusRecorded recorded) {
        Job job = recorded.job();
        if (WebhookEvent.of(job.status()) != null) {
            outbox.record(job, stored -> JsonbConfiguration.jsonb().toJson(JobView.of(stored)));
        }
    }
}
