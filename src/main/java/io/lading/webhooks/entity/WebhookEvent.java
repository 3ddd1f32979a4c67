package io.lading.webhooks.entity;

import io.lading.jobs.entity.JobStatus;
import java.util.Arrays;

/** The job events an endpoint can listen to: each is a job arriving at one status. */
public enum WebhookEvent {
    COMPLETED("job.completed", JobStatus.COMPLETED),
    DEAD("job.dead", JobStatus.DEAD),
    CANCELLED("job.cancelled", JobStatus.CANCELLED),
    ROLLED_BACK("job.rolled_back", JobStatus.ROLLED_BACK),
    EXPIRED("job.expired", JobStatus.EXPIRED);

    private final String apiName;
    private final JobStatus status;

    WebhookEvent(String apiName, JobStatus status) {
        this.apiName = apiName;
        this.status = status;
    }

    public String apiName() {
        return apiName;
    }

    /** The event a job arriving at {@code status} raises, or null when it raises none. */
    public static WebhookEvent of(JobStatus status) {
        return Arrays.stream(values()).filter(e -> e.status == status).findFirst().orElse(null);
    }

    /** The event of an API name ({@code job.dead}), or null. */
    public static WebhookEvent parse(String apiName) {
        return Arrays.stream(values()).filter(e -> e.apiName.equals(apiName)).findFirst().orElse(null);
    }
}
