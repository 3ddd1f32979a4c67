package io.lading.jobs.boundary;

import io.lading.jobs.control.AuditTrail;
import io.lading.jobs.entity.AuditEntry;
import io.lading.platform.Cursor;
import io.lading.jobs.control.JobTimeline;
import io.lading.jobs.control.JobQueries;
import io.lading.jobs.control.JobStatistics;
import io.lading.jobs.control.TenantJobs;
import io.lading.jobs.entity.Job;
import io.lading.jobs.entity.JobEvent;
import io.lading.jobs.entity.JobStatus;
import io.lading.jobs.entity.JobType;
import io.lading.platform.Page;
import io.lading.platform.ProblemException;
import io.lading.tenancy.control.Caller;
import io.lading.tenancy.entity.Role;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
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
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Jobs of every type: list, one job, cancel and retry. Users see their tenant's; operators see all. */
@ApplicationScoped
@Path("jobs")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class JobsResource {

    @Inject
    Caller caller;

    @Inject
    JobQueries queries;

    @Inject
    TenantJobs tenantJobs;

    @Inject
    JobTimeline timeline;

    @Inject
    JobStatistics statistics;

    @Inject
    JobEventStream eventStream;

    @Inject
    AuditTrail audit;

    /** One line of a job's timeline: a status change or attempt ({@code event}) or someone's action ({@code action}). */
    public record TimelineEntry(OffsetDateTime at, String kind, @Schema(nullable = true) String status,
                                @Schema(nullable = true) Integer attempt, @Schema(nullable = true) String nodeId,
                                @Schema(nullable = true) String message, @Schema(nullable = true) String action,
                                @Schema(nullable = true) UUID keyId, @Schema(nullable = true) String role,
                                @Schema(nullable = true) Integer outcome, @Schema(nullable = true) UUID resultJobId) {
    }

    /**
     * Newest first. {@code q} is a job id, or a piece of the file name or the failure reason (any case);
     * {@code from} / {@code to} bound the creation time (ISO-8601, to exclusive).
     */
    @GET
    public Page<JobView> list(@QueryParam("type") String type, @QueryParam("status") String status,
                        @QueryParam("tenantId") UUID tenantId, @QueryParam("q") String text,
                        @QueryParam("from") String from, @QueryParam("to") String to,
                        @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor,
                        @QueryParam("entity") String entity) {
        UUID scope = caller.seesAllTenants() ? tenantId : caller.tenantId();
        var page = queries.list(new JobQueries.JobFilter(scope, parseType(type), parseStatus(status),
                text, time("from", from), time("to", to), Cursor.decode(cursor), Cursor.limit(limit, 50, 500),
                parseEntity(entity)));
        return page.map(JobView::of);
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
        eventStream.follow(tenantJobs.visible(caller, id, null), sink, sse);
    }

    @GET
    @Path("{id}")
    public JobView get(@PathParam("id") UUID id) {
        return JobView.of(tenantJobs.visible(caller, id, null));
    }

    /** Every status change and attempt, and every action someone took on the job, in time order. */
    @GET
    @Path("{id}/timeline")
    public List<TimelineEntry> timeline(@PathParam("id") UUID id) {
        tenantJobs.visible(caller, id, null);
        List<TimelineEntry> entries = new ArrayList<>();
        for (JobEvent event : timeline.events(id)) {
            entries.add(new TimelineEntry(event.at(), "event", event.status().apiName(),
                    event.attempt(), event.nodeId(), event.message(), null, null, null, null, null));
        }
        for (AuditEntry action : audit.forJob(id)) {
            entries.add(new TimelineEntry(action.at(), "action", null, null, null, action.detail(), action.action(),
                    action.keyId(), action.role(), action.outcome(),
                    id.equals(action.resultJobId()) ? action.jobId() : action.resultJobId()));
        }
        entries.sort(Comparator.comparing(TimelineEntry::at));
        return entries;
    }

    @RolesAllowed({Role.Names.USER, Role.Names.ADMIN})
    @POST
    @Path("{id}/cancel")
    public Response cancel(@PathParam("id") UUID id) {
        return Response.accepted(JobView.of(tenantJobs.cancel(caller, id, null))).build();
    }

    @RolesAllowed({Role.Names.USER, Role.Names.ADMIN})
    @POST
    @Path("{id}/retry")
    public Response retry(@PathParam("id") UUID id) {
        return Response.accepted(JobView.of(tenantJobs.retry(caller, id))).build();
    }

    /** {@code contact}, {@code company}, ...: the entity's name as jobs carry it; null for every entity. */
    public static String parseEntity(String entity) {
        if (entity == null || entity.isBlank()) {
            return null;
        }
        String name = entity.trim().toLowerCase(java.util.Locale.ROOT);
        if (!name.matches("[a-z]{1,40}")) {
            throw ProblemException.invalidField("entity", "INVALID_FILTER", "entity must be contact or company");
        }
        return name;
    }

    public static JobType parseType(String type) {
        if (type == null || type.isBlank()) {
            return null;
        }
        JobType parsed = JobType.parse(type);
        if (parsed == null) {
            throw ProblemException.invalidField("type", "INVALID_FILTER", "type must be import, export or rollback");
        }
        return parsed;
    }

    /** An ISO-8601 time with offset ({@code 2025-01-31T00:00:00Z}), or null. */
    public static OffsetDateTime time(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(field, "INVALID_FILTER", field + " must be an ISO-8601 time with offset");
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
