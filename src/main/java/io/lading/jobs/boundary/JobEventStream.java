package io.lading.jobs.boundary;

import io.lading.jobs.control.JobQueries;
import io.lading.jobs.entity.Job;
import io.lading.platform.JsonbConfiguration;
import io.lading.platform.ShortTransaction;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Server-Sent Events of one job: a {@code status} event at the start and at every status change, a
 * {@code progress} event every second while it runs, and the stream ends after the job settles. It reads
 * the job row, so it shows the job wherever in the cluster it runs.
 */
@ApplicationScoped
public class JobEventStream {

    private static final Logger LOG = Logger.getLogger(JobEventStream.class.getName());
    private static final long INTERVAL_MILLIS = 1000;

    @Resource
    ManagedExecutorService executor;

    @Inject
    JobQueries queries;

    @Inject
    ShortTransaction transaction;

    /** Follows a job the caller may see (found through TenantJobs); the stream re-reads it by that job's id. */
    public void follow(Job visibleJob, SseEventSink sink, Sse sse) {
        UUID jobId = visibleJob.id();
        executor.submit(() -> stream(jobId, sink, sse));
    }

    private void stream(UUID jobId, SseEventSink sink, Sse sse) {
        try (sink) {
            String lastStatus = null;
            while (!sink.isClosed()) {
                Job job = transaction.get(() -> queries.find(jobId)).orElse(null);
                if (job == null) {
                    return;
                }
                String status = job.status().apiName();
                boolean changed = !status.equals(lastStatus);
                lastStatus = status;
                if (changed && !send(sink, sse, "status", job)) {
                    return;
                }
                if (job.status().isSettled() || "retry_scheduled".equals(status)) {
                    return;
                }
                if (!changed && !send(sink, sse, "progress", job)) {
                    return;
                }
                Thread.sleep(INTERVAL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Event stream of job " + jobId + " ended", e);
        }
    }

    /** False when the client has gone. */
    private static boolean send(SseEventSink sink, Sse sse, String name, Job job) throws InterruptedException {
        var event = sse.newEventBuilder().name(name).id(job.id() + ":" + job.updatedAt())
                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(String.class, JsonbConfiguration.jsonb().toJson(JobView.of(job)))
                .build();
        try {
            sink.send(event).toCompletableFuture().get(10, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | TimeoutException gone) {
            return false;
        }
    }
}
