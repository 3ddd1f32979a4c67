package io.lading.imports.boundary;

import io.lading.imports.control.ImportErrors;
import io.lading.imports.control.ImportRollback;
import io.lading.imports.control.ImportService;
import io.lading.imports.control.ImportService.ImportCommand;
import io.lading.jobs.boundary.JobView;
import io.lading.jobs.control.JobTiming;
import io.lading.jobs.entity.Job;
import io.lading.jobs.entity.JobType;
import io.lading.platform.ProblemException;
import io.lading.records.boundary.RecordJobsResource;
import io.lading.tenancy.entity.Role;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The import API of one entity, the same for every entity: each entity's resource is this class with its path
 * ({@code /api/<plural>/import}) and its {@link #plural()}. A job id of another entity's import answers 404.
 */
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public abstract class RecordImportsResource extends RecordJobsResource {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    @Inject
    ImportService imports;

    @Inject
    ImportErrors errors;

    @Inject
    ImportRollback rollbacks;

    @Override
    protected JobType jobType() {
        return JobType.IMPORT;
    }

    /** The JSON body of an import request (see API.md). */
    public record ImportRequest(String fileName, String fileKey, String fileUrl, Map<String, String> fieldMapping,
                                Options options) {

        /** The command this body asks for, its options checked ({@code 400 INVALID_OPTION}). */
        public ImportCommand command(String idempotencyKey, UUID scheduleId) {
            Options o = options == null ? new Options(null, null, null, null, null, null, null, null, null, null) : options;
            return new ImportCommand(fileName, fileKey, fileUrl, fieldMapping, o.dedupe(), o.dryRun(), o.delimiter(),
                    o.encoding(), o.sheet(), o.priority(), o.maxAttempts(), idempotencyKey,
                    JobTiming.of(o.runAt(), o.backoff(), o.timeoutMinutes()), scheduleId);
        }
    }

    @Schema(name = "ImportOptions")
    public record Options(String dedupe, Boolean dryRun, String delimiter, String encoding, String sheet,
                          String priority, Integer maxAttempts, String runAt, JobTiming.BackoffRequest backoff,
                          Integer timeoutMinutes) {
    }

    /** Import of a file already in S3. */
    @RolesAllowed({Role.Names.USER, Role.Names.ADMIN})
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response importFile(ImportRequest request, @HeaderParam("Idempotency-Key") String idempotencyKey,
                               @Context UriInfo uri) {
        ProblemException.requireBody(request, "fileKey or fileUrl");
        Job job = imports.submit(caller.tenantId(), kind(), request.command(idempotencyKey, null));
        return accepted(job, uri);
    }

    /** Import of the file sent as the body, streamed to S3; options come as query parameters. */
    @RolesAllowed({Role.Names.USER, Role.Names.ADMIN})
    @POST
    @Consumes({"text/csv", "text/plain", MediaType.APPLICATION_OCTET_STREAM, XLSX, "application/vnd.ms-excel"})
    public Response importBody(InputStream body, @Context HttpHeaders headers, @Context UriInfo uri,
                               @QueryParam("fileName") String fileName, @QueryParam("dedupe") String dedupe,
                               @QueryParam("dryRun") Boolean dryRun, @QueryParam("delimiter") String delimiter,
                               @QueryParam("encoding") String encoding, @QueryParam("sheet") String sheet,
                               @QueryParam("priority") String priority,
                               @QueryParam("maxAttempts") Integer maxAttempts, @QueryParam("runAt") String runAt,
                               @QueryParam("backoffType") String backoffType,
                               @QueryParam("backoffDelaySeconds") Integer backoffDelaySeconds,
                               @QueryParam("timeoutMinutes") Integer timeoutMinutes,
                               @HeaderParam("Idempotency-Key") String idempotencyKey) throws IOException {
        JobTiming timing = JobTiming.of(runAt, backoffType == null && backoffDelaySeconds == null ? null
                : new JobTiming.BackoffRequest(backoffType, backoffDelaySeconds), timeoutMinutes);
        Map<String, String> mapping = new LinkedHashMap<>();
        uri.getQueryParameters().forEach((name, values) -> {
            if (name.startsWith("mapping.") && !values.isEmpty()) {
                mapping.put(name.substring("mapping.".length()), values.get(0));
            }
        });
        String contentType = headers.getMediaType() == null ? "text/csv" : headers.getMediaType().toString();
        Job job = imports.submitUpload(caller.tenantId(), kind(), new ImportCommand(fileName, null, null, mapping, dedupe,
                dryRun, delimiter, encoding, sheet, priority, maxAttempts, idempotencyKey, timing, null), body,
                contentType);
        return accepted(job, uri);
    }

    @GET
    @Path("{id}")
    public JobView get(@PathParam("id") UUID id) {
        Job job = visible(id);
        return JobView.of(job, errors.first(id, 100));
    }

    @GET
    @Path("{id}/errors")
    @Produces("text/csv")
    public Response errorReport(@PathParam("id") UUID id) {
        Job job = visible(id);
        StreamingOutput report = out -> errors.writeReport(id, job.file().header(), out);
        return Response.ok(report, "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"errors-" + id + ".csv\"").build();
    }

    public record RetryFailedRequest(Map<String, String> fieldMapping) {
    }

    /** A child import of the rows this one rejected, as they came in (optionally with a new mapping). */
    @RolesAllowed({Role.Names.USER, Role.Names.ADMIN})
    @POST
    @Path("{id}/retry-failed")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response retryFailed(@PathParam("id") UUID id, RetryFailedRequest request, @Context UriInfo uri)
            throws IOException {
        Job parent = visible(id);
        return accepted(imports.retryFailed(parent, request == null ? null : request.fieldMapping(), null, null), uri);
    }

    /** A child import of a corrected file of the rejected rows, sent as the body. */
    @RolesAllowed({Role.Names.USER, Role.Names.ADMIN})
    @POST
    @Path("{id}/retry-failed")
    @Consumes({"text/csv", "text/plain", MediaType.APPLICATION_OCTET_STREAM, XLSX})
    public Response retryFailedWithFile(@PathParam("id") UUID id, InputStream body, @Context HttpHeaders headers,
                                        @Context UriInfo uri) throws IOException {
        Job parent = visible(id);
        String contentType = headers.getMediaType() == null ? "text/csv" : headers.getMediaType().toString();
        return accepted(imports.retryFailed(parent, null, body, contentType), uri);
    }

    /** Undo: the records this import created go, the ones it updated get their previous values back. */
    @RolesAllowed({Role.Names.USER, Role.Names.ADMIN})
    @POST
    @Path("{id}/rollback")
    public Response rollback(@PathParam("id") UUID id, @Context UriInfo uri) {
        visible(id);
        Job rollback = rollbacks.request(id);
        return Response.accepted(JobView.of(rollback))
                .location(uri.getBaseUriBuilder().path("jobs/{id}").build(rollback.id())).build();
    }

}
