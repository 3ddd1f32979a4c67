package io.lading.jobs.boundary;

import io.lading.jobs.control.JobQueries;
import io.lading.jobs.entity.Job;
import io.lading.jobs.entity.JobStatus;
import io.lading.platform.EventStreams;
import io.lading.platform.ShortTransaction;
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

    @Inject
    ShortTransaction transaction;

    /** Follows a job the caller may see (found through TenantJobs); the stream re-reads it by that job's id. */
    public void follow(Job visibleJob, SseEventSink sink, Sse sse) {
        streams.start(sink, sse, INTERVAL, null, "of job " + visibleJob.id(), new Follow(visibleJob.id()));
    }

    /** One job's stream: remembers the status it sent last, to tell a status change from progress. */
    private final class Follow implements EventStreams.Round {

        private final UUID jobId;
        private JobStatus lastStatus;

        Follow(UUID jobId) {
            this.jobId = jobId;
        }

        @Override
        public boolean run(EventStreams.Sender out) throws InterruptedException {
            Job job = transaction.get(() -> queries.find(jobId)).orElse(null);
            if (job == null) {
                return false;
            }
            boolean changed = job.status() != lastStatus;
            lastStatus = job.status();
            String eventId = job.id() + ":" + job.updatedAt();
            if (changed && !out.send("status", eventId, JobView.of(job))) {
                return false;
            }
            if (job.status().isSettled() || job.status() == JobStatus.RETRY_SCHEDULED) {
                return false;
            }
            return changed || out.send("progress", eventId, JobView.of(job));
        }
    }
}
