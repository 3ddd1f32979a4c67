package io.lading.console.boundary;

import io.lading.console.control.BulkRetry;
import io.lading.console.control.Throughput;
import io.lading.jobs.boundary.JobView;
import io.lading.jobs.boundary.JobsResource;
import io.lading.jobs.control.JobQueries;
import io.lading.jobs.control.JobStatistics;
import io.lading.jobs.entity.JobStatus;
import io.lading.platform.EventStreams;
import io.lading.platform.ShortTransaction;
import io.lading.tenancy.control.Caller;
import io.lading.tenancy.entity.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the admin console reads beyond the jobs API: who is signed in, the overview (also live), bulk retry. */
@ApplicationScoped
@Path("console")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.Names.ADMIN, Role.Names.VIEWER})
public class ConsoleResource {

    @Inject
    Caller caller;

    @Inject
    JobStatistics statistics;

    @Inject
    JobQueries queries;

    @Inject
    Throughput throughput;

    @Inject
    BulkRetry bulkRetry;

    @Inject
    EventStreams events;

    /** Each poll reads in a transaction of its own (Payara closes a task\'s entity manager after one use). */
    @Inject
    ShortTransaction transaction;

    /** The signed-in key as the console needs it; a tenant's user key is refused (403). */
    public record Session(UUID keyId, String role, boolean canAct) {
    }

    /** A running job with its average rate since it started, and the time left at that rate. */
    public record RunningJob(JobView job, double rowsPerSecond, @Schema(nullable = true) Long etaSeconds) {
    }

    public record Overview(OffsetDateTime at, JobStatistics.Stats stats, double failureRate,
                          List<RunningJob> running, List<Throughput.Minute> lastHour) {
    }

    @GET
    @Path("session")
    public Session session() {
        return new Session(caller.keyId(), caller.role().apiName(), caller.role() == Role.ADMIN);
    }

    @GET
    @Path("overview")
    public Overview overview() {
        return overviewNow();
    }

    /**
     * Server-Sent Events: an {@code overview} event every two seconds (read with fetch: the key is a header) for up
     * to ten minutes; then the stream ends and the console opens another, so a forgotten tab does not hold a thread
     * for ever.
     */
    @GET
    @Path("events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void overviewEvents(@Context SseEventSink sink, @Context Sse sse) {
        events.start(sink, sse, Duration.ofSeconds(2), Duration.ofMinutes(10), "of the console",
                out -> out.send("overview", null, transaction.get(this::overviewNow)));
    }

    /** Retries the dead jobs that the job list's filter selects (admin; at most 1000 per call). */
    @RolesAllowed(Role.Names.ADMIN)
    @POST
    @Path("jobs/retry-dead")
    public BulkRetry.Outcome retryDead(@QueryParam("type") String type, @QueryParam("tenantId") UUID tenantId,
                                       @QueryParam("q") String text, @QueryParam("from") String from,
                                       @QueryParam("to") String to) {
        var filter = new JobQueries.JobFilter(tenantId, JobsResource.parseType(type), JobStatus.DEAD, text,
                JobsResource.time("from", from), JobsResource.time("to", to), null, 1);
        return bulkRetry.retryDead(filter, caller.keyId(), caller.role().name());
    }

    Overview overviewNow() {
        JobStatistics.Stats stats = statistics.stats(null);
        OffsetDateTime now = OffsetDateTime.now();
        List<RunningJob> running = queries.list(new JobQueries.JobFilter(null, null, JobStatus.RUNNING, null, 50))
                .items().stream().map(job -> {
                    JobView view = JobView.of(job);
                    double seconds = job.startedAt() == null ? 0
                            : Math.max(1, Duration.between(job.startedAt(), now).toMillis() / 1000.0);
                    double rate = seconds == 0 ? 0 : job.rows().processed() / seconds;
                    Long eta = null;
                    if (rate > 0 && job.rows().total() != null && job.rows().total() >= job.rows().processed()) {
                        eta = Math.round((job.rows().total() - job.rows().processed()) / rate);
                    } else if (job.progress() > 0 && job.progress() < 100) {
                        eta = Math.round(seconds * (100 - job.progress()) / job.progress());
                    }
                    return new RunningJob(view, Math.round(rate * 10) / 10.0, eta);
                }).toList();
        long ended = stats.jobsCompletedLastHour() + stats.jobsFailedLastHour();
        double failureRate = ended == 0 ? 0 : (double) stats.jobsFailedLastHour() / ended;
        return new Overview(now, stats, failureRate, running, throughput.lastHour());
    }
}
