package io.lading.imports.boundary;

import io.lading.platform.ProblemException;
import io.lading.storage.control.ObjectStore;
import io.lading.storage.control.TenantFiles;
import io.lading.tenancy.control.Caller;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** A presigned S3 PUT under the tenant's own prefix, for files too large to send through the API. */
@Path("contacts/uploads")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UploadsResource {

    private static final Duration VALIDITY = Duration.ofMinutes(15);

    @Inject
    Caller caller;

    @Inject
    ObjectStore store;

    public record UploadRequest(String fileName, String contentType) {
    }

    public record UploadTicket(String fileKey, String uploadUrl, OffsetDateTime expiresAt, String method) {
    }

    @POST
    public Response create(UploadRequest request) {
        caller.requireActor();
        if (request == null || request.fileName() == null || request.fileName().isBlank()) {
            throw ProblemException.invalidField("fileName", "MISSING_FIELD", "fileName is required");
        }
        String key = TenantFiles.uploadKey(caller.tenantId(), request.fileName());
        String contentType = request.contentType() == null || request.contentType().isBlank()
                ? null : request.contentType();
        var url = store.presignedPut(key, contentType, VALIDITY);
        return Response.status(Response.Status.CREATED)
                .entity(new UploadTicket(key, url.toString(), OffsetDateTime.now(ZoneOffset.UTC).plus(VALIDITY), "PUT"))
                .build();
    }
}
