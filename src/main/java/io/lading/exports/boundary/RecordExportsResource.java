package io.lading.exports.boundary;

import io.lading.exports.control.ExportService;
import io.lading.exports.control.ExportService.ExportCommand;
import io.lading.exports.entity.ExportSettings;
import io.lading.jobs.boundary.JobView;
import io.lading.jobs.control.JobTiming;
import io.lading.jobs.control.TenantJobs;
import io.lading.jobs.entity.Job;
import io.lading.jobs.entity.JobType;
import io.lading.platform.Page;
import io.lading.platform.ProblemException;
import io.lading.records.control.RecordKind;
import io.lading.records.control.RecordKinds;
import io.lading.tenancy.control.Caller;
import io.lading.tenancy.entity.Role;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The export API of one entity, the same for every entity: each entity's resource is this class with its path
 * ({@code /api/<plural>/export}) and its {@link #plural()}. A job id of another entity's export answers 404.
 */
@Produces(MediaType.APPLICATION_JSON)
public abstract class RecordExportsResource {

    @Inject
    Caller caller;

    @Inject
    ExportService exports;

    @Inject
    TenantJobs tenantJobs;

    @Inject
    RecordKinds kinds;

    /** The entity's plural, as its paths have it ({@code contacts}). */
    protected abstract String plural();

    private RecordKind kind() {
        return kinds.plural(plural());
    }

    /** An export of this entity the caller may see, or 404. */
    private Job visible(UUID id) {
        return tenantJobs.visible(caller, id, JobType.EXPORT, kind().name());
    }

    /** The JSON body of an export request (see API.md). */
    public record ExportRequest(String format, List<String> selectColumns,
                                @Schema(ref = "RecordFilter") JsonValue filter,
                                List<ExportSettings.Order> orderBy, Options options) {

        /** The command this body asks for, its options checked ({@code 400 INVALID_OPTION}). */
        public ExportCommand command(String idempotencyKey, UUID scheduleId) {
            Options o = options == null ? new Options(null, null, null, null, null) : options;
            return new ExportCommand(format, selectColumns, filter, orderBy, o.priority(), o.maxAttempts(),
                    idempotencyKey, JobTiming.of(o.runAt(), o.backoff(), o.timeoutMinutes()), scheduleId);
        }
    }

    @Schema(name = "ExportOptions")
    public record Options(String priority, Integer maxAttempts, String runAt, JobTiming.BackoffRequest backoff,
                          Integer timeoutMinutes) {
    }

    @RolesAllowed({Role.Names.USER, Role.Names.ADMIN})
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response export(ExportRequest request, @HeaderParam("Idempotency-Key") String idempotencyKey,
                           @Context UriInfo uri) {
        if (request == null) {
            throw ProblemException.badRequest("MISSING_BODY", "Send a JSON body with format and selectColumns");
        }
        Job job = exports.submit(caller.tenantId(), kind(), request.command(idempotencyKey, null));
        return Response.accepted(JobView.of(job))
                .location(uri.getBaseUriBuilder().path(plural()).path("export/{id}").build(job.id())).build();
    }

    @GET
    public Page<JobView> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        return tenantJobs.list(caller, JobType.EXPORT, kind().name(), limit, cursor).map(JobView::of);
    }

    @GET
    @Path("{id}")
    public JobView get(@PathParam("id") UUID id) {
        return JobView.of(visible(id));
    }

    /** {@code {"downloadUrl", "expiresAt"}}: a presigned GET of the file, valid five minutes. */
    @GET
    @Path("{id}/download")
    public ExportService.Download download(@PathParam("id") UUID id) {
        return exports.download(visible(id));
    }

    @RolesAllowed({Role.Names.USER, Role.Names.ADMIN})
    @POST
    @Path("{id}/cancel")
    public Response cancel(@PathParam("id") UUID id) {
        visible(id);
        return Response.accepted(JobView.of(tenantJobs.cancel(caller, id, JobType.EXPORT))).build();
    }
}
