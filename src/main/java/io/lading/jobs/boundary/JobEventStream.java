package io.lading.jobs.boundary;

import io.lading.jobs.control.JobQueries;
import io.lading.jobs.entity.Job;
import io.lading.jobs.entity.JobStatus;
import io.lading.platform.EventStreams;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.UUID;

/**
 * Server-Sent Events of one job: a {@code status} event at the start and at every status change, a
 * {@code progress} event every second while it runs, and the stream ends after the job settles. It reads
 * the job row, so it shows the job wherever in the cluster it runs.
 */
@ApplicationScoped
public class JobEventStream {

    private static final Duration INTERVAL = Duration.ofSeconds(1);

    @Inject
    EventStreams streams;

    @Inject
    JobQueries queries;

    /** Follows a job the caller may see (found through TenantJobs); the stream re-reads it by that job's id. */
    public void follow(Job visibleJob, SseEventSink sink, Sse sse) {
        UUID jobId = visibleJob.id();
        String[] lastStatus = {null};
        streams.start(sink, sse, INTERVAL, null, "of job " + jobId, out -> {
            Job job = queries.find(jobId).orElse(null);
            if (job == null) {
                return false;
            }
            String status = job.status().apiName();
            boolean changed = !status.equals(lastStatus[0]);
            lastStatus[0] = status;
            String eventId = job.id() + ":" + job.updatedAt();
            if (changed && !out.send("status", eventId, JobView.of(job))) {
                return false;
            }
            if (job.status().isSettled() || job.status() == JobStatus.RETRY_SCHEDULED) {
                return false;
            }
            return changed || out.send("progress", eventId, JobView.of(job));
        });
    }
}
