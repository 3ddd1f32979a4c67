package io.lading.schedules.boundary;

import io.lading.jobs.entity.JobType;
import io.lading.platform.Page;
import io.lading.platform.ProblemException;
import io.lading.schedules.control.CronSchedule;
import io.lading.schedules.control.Schedules;
import io.lading.schedules.entity.Schedule;
import io.lading.tenancy.control.Caller;
import io.lading.tenancy.entity.Role;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;

/** Recurring jobs of the caller's tenant (see API.md, "Schedules"). */
@ApplicationScoped
@Path("schedules")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class SchedulesResource {

    @Inject
    Caller caller;

    @Inject
    Schedules schedules;

    @Inject
    ScheduledRequests requests;

    /** The body of a POST or PATCH; a PATCH leaves out what it does not change. */
    public record ScheduleRequest(String name, String cron, String timeZone, JobBody job, Boolean paused) {
    }

    public record JobBody(String type, JsonObject request) {
    }

    @RolesAllowed({Role.Names.USER, Role.Names.ADMIN})
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(ScheduleRequest request, @Context UriInfo uri) {
        ProblemException.requireBody(request, "name, cron, timeZone and job");
        UUID tenantId = caller.tenantId();
        CronSchedule when = CronSchedule.parse(request.cron(), request.timeZone());
        if (request.job() == null) {
            throw ProblemException.invalidField("job", "INVALID_SCHEDULE_JOB", "job is required: {\"type\", \"request\"}");
        }
        JobType type = ScheduledRequests.type(request.job().type());
        requests.check(tenantId, type, request.job().request());
        Schedule schedule = schedules.create(tenantId, name(request.name()), when, type,
                request.job().request().toString(), Boolean.TRUE.equals(request.paused()));
        return Response.created(uri.getBaseUriBuilder().path("schedules/{id}").build(schedule.id()))
                .entity(ScheduleView.of(schedule)).build();
    }

    /** The caller's tenant's schedules; operators see every tenant's, or one's ({@code tenantId}). */
    @GET
    public Page<ScheduleView> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor,
                                   @QueryParam("tenantId") UUID tenantId) {
        UUID scope = caller.seesAllTenants() ? tenantId : caller.tenantId();
        return schedules.list(scope, cursor, limit).map(ScheduleView::of);
    }

    @GET
    @Path("{id}")
    public ScheduleView get(@PathParam("id") UUID id) {
        return ScheduleView.of(schedules.visible(caller, id));
    }

    /**
     * Pause or resume ({@code {"paused": true}}), rename, or give a new cron, zone or job. An operator's admin key
     * may pause, resume or delete any tenant's schedule (the console does).
     */
    @RolesAllowed({Role.Names.USER, Role.Names.ADMIN})
    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ScheduleView change(@PathParam("id") UUID id, ScheduleRequest request) {
        ProblemException.requireBody(request, "what changes");
        Schedule current = schedules.visible(caller, id);
        CronSchedule when = request.cron() == null && request.timeZone() == null ? null
                : CronSchedule.parse(request.cron() != null ? request.cron() : current.cron(),
                request.timeZone() != null ? request.timeZone() : current.timeZone());
        JobType type = null;
        String jobRequest = null;
        if (request.job() != null) {
            type = ScheduledRequests.type(request.job().type());
            requests.check(current.tenantId(), type, request.job().request());
            jobRequest = request.job().request().toString();
        }
        return ScheduleView.of(schedules.change(caller, id, new Schedules.Change(
                request.name() == null ? null : name(request.name()), when, type, jobRequest, request.paused())));
    }

    @RolesAllowed({Role.Names.USER, Role.Names.ADMIN})
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") UUID id) {
        schedules.delete(caller, id);
        return Response.noContent().build();
    }

    private static String name(String name) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw ProblemException.invalidField("name", "INVALID_SCHEDULE_NAME", "name is required, at most 200 characters");
        }
        return name.trim();
    }
}
