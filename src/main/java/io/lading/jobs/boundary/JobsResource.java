package io.lading.jobs.boundary;

import io.lading.platform.Cursor;
import io.lading.jobs.control.JobLifecycle;
import io.lading.jobs.control.JobQueries;
import io.lading.jobs.control.JobStatistics;
import io.lading.jobs.entity.Job;
import io.lading.jobs.entity.JobStatus;
import io.lading.jobs.entity.JobType;
import io.lading.platform.ProblemException;
import io.lading.tenancy.control.Caller;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/** Jobs of every type: list, one job, cancel and retry. Users see their tenant's; operators see all. */
@Path("jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

    @Inject
    Caller caller;

    @Inject
    JobQueries queries;

    @Inject
    JobLifecycle lifecycle;

    @Inject
    JobStatistics statistics;

    @Inject
    JobEventStream eventStream;

    public record JobPage(List<JobView> items, String nextCursor) {
    }

    @GET
    public JobPage list(@QueryParam("type") String type, @QueryParam("status") String status,
                        @QueryParam("tenantId") UUID tenantId, @QueryParam("limit") Integer limit,
                        @QueryParam("cursor") String cursor) {
        UUID scope = caller.seesAllTenants() ? tenantId : caller.tenantId();
        var page = queries.list(new JobQueries.JobFilter(scope, parseType(type), parseStatus(status),
                Cursor.decode(cursor), Cursor.limit(limit, 50, 500)));
        return new JobPage(page.items().stream().map(JobView::of).toList(), page.nextCursor());
    }

    @GET
    @Path("stats")
    public JobStatistics.Stats stats() {
        return statistics.stats(caller.seesAllTenants() ? null : caller.tenantId());
    }

    /** Server-Sent Events: progress at least once a second while running, every status change, then the end. */
    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@PathParam("id") UUID id, @Context SseEventSink sink, @Context Sse sse) {
        visibleJob(id);
        eventStream.follow(id, sink, sse);
    }

    @GET
    @Path("{id}")
    public JobView get(@PathParam("id") UUID id) {
        return JobView.of(visibleJob(id));
    }

    @POST
    @Path("{id}/cancel")
    public Response cancel(@PathParam("id") UUID id) {
        caller.requireActor();
        visibleJob(id);
        return Response.accepted(JobView.of(lifecycle.cancel(id))).build();
    }

    @POST
    @Path("{id}/retry")
    public Response retry(@PathParam("id") UUID id) {
        caller.requireActor();
        visibleJob(id);
        return Response.accepted(JobView.of(lifecycle.revive(id))).build();
    }

    /** The job if the caller may see it; another tenant's job answers 404 as if it did not exist. */
    Job visibleJob(UUID id) {
        return queries.find(id).filter(job -> caller.canSee(job.tenantId()))
                .orElseThrow(() -> ProblemException.notFound("Job " + id));
    }

    static JobType parseType(String type) {
        if (type == null || type.isBlank()) {
            return null;
        }
        try {
            return JobType.valueOf(type.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("type", "INVALID_FILTER", "type must be import, export or rollback");
        }
    }

    static JobStatus parseStatus(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        JobStatus parsed = JobStatus.parse(status);
        if (parsed == null) {
            throw ProblemException.invalidField("status", "INVALID_FILTER", "status '" + status + "' is not a job status");
        }
        return parsed;
    }
}
