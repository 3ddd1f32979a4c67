package io.lading.records.boundary;

import io.lading.jobs.boundary.JobView;
import io.lading.jobs.control.TenantJobs;
import io.lading.jobs.entity.Job;
import io.lading.jobs.entity.JobType;
import io.lading.platform.Page;
import io.lading.records.control.RecordKind;
import io.lading.records.control.RecordKinds;
import io.lading.tenancy.control.Caller;
import io.lading.tenancy.entity.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Locale;
import java.util.UUID;

/**
 * What the imports and the exports of one entity share ({@code /api/<plural>/import}, {@code /api/<plural>/export}):
 * the entity named by the path's plural, the caller's jobs of that entity and type (any other job id answers 404),
 * their list, their cancellation and where a new one is found.
 */
public abstract class RecordJobsResource {

    @Inject
    protected Caller caller;

    @Inject
    protected TenantJobs tenantJobs;

    @Inject
    RecordKinds kinds;

    /** The entity's plural, as its paths have it ({@code contacts}). */
    protected abstract String plural();

    /** Imports or exports: also the path segment after the plural ({@code import}, {@code export}). */
    protected abstract JobType jobType();

    protected RecordKind kind() {
        return kinds.plural(plural());
    }

    /** A job of this entity and type the caller may see, or 404. */
    protected Job visible(UUID id) {
        return tenantJobs.visible(caller, id, jobType(), kind().name());
    }

    @GET
    public Page<JobView> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        return tenantJobs.list(caller, jobType(), kind().name(), limit, cursor).map(JobView::of);
    }

    @RolesAllowed({Role.Names.USER, Role.Names.ADMIN})
    @POST
    @Path("{id}/cancel")
    public Response cancel(@PathParam("id") UUID id) {
        visible(id);
        return Response.accepted(JobView.of(tenantJobs.cancel(caller, id, jobType()))).build();
    }

    /** {@code 202} with the new job, and its address in Location. */
    protected Response accepted(Job job, UriInfo uri) {
        return Response.accepted(JobView.of(job))
                .location(uri.getBaseUriBuilder().path(plural())
                        .path(jobType().name().toLowerCase(Locale.ROOT)).path("{id}").build(job.id()))
                .build();
    }
}
