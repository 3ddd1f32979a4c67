package io.lading.exports.boundary;

import io.lading.exports.control.ExportService;
import io.lading.exports.control.ExportService.ExportCommand;
import io.lading.exports.entity.ExportParameters;
import io.lading.jobs.boundary.JobView;
import io.lading.jobs.control.JobTiming;
import io.lading.jobs.entity.JobType;
import io.lading.platform.ProblemException;
import io.lading.records.boundary.RecordJobsResource;
import io.lading.tenancy.entity.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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
public abstract class RecordExportsResource extends RecordJobsResource {

    @Inject
    ExportService exports;

    @Override
    protected JobType jobType() {
        return JobType.EXPORT;
    }

    /** The JSON body of an export request (see API.md). */
    public record ExportRequest(String format, List<String> selectColumns,
                                @Schema(ref = "RecordFilter") JsonValue filter,
                                List<ExportParameters.Order> orderBy, Options options) {

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
        ProblemException.requireBody(request, "format and selectColumns");
        return accepted(exports.submit(caller.tenantId(), kind(), request.command(idempotencyKey, null)), uri);
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
}
