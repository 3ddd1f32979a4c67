package io.lading.imports.boundary;

import io.lading.imports.control.ImportService;
import io.lading.platform.ProblemException;
import io.lading.storage.control.ObjectStore;
import io.lading.storage.control.TenantFiles;
import io.lading.tenancy.control.Caller;
import io.lading.tenancy.control.UploadLimits;
import io.lading.tenancy.entity.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
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
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

/** A presigned S3 PUT under the tenant's own prefix, for files too large to send through the API. */
@ApplicationScoped
@Path("contacts/uploads")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.Names.USER, Role.Names.ADMIN})
public class UploadsResource {

    private static final Duration VALIDITY = Duration.ofMinutes(15);

    @Inject
    Caller caller;

    @Inject
    ObjectStore store;

    @Inject
    UploadLimits uploadLimits;

    /** {@code size}: the file's size in bytes. Optional; when given it is checked and the PUT must have it. */
    public record UploadRequest(String fileName, @Schema(nullable = true) String contentType,
                                @Schema(nullable = true) Long size) {
    }

    /** {@code headers}: what the PUT must send as signed (Content-Type, Content-Length when declared). */
    public record UploadTicket(String fileKey, String uploadUrl, OffsetDateTime expiresAt, String method,
                               Map<String, String> headers) {
    }

    @POST
    @APIResponseSchema(value = UploadTicket.class, responseCode = "201",
            responseDescription = "Where to PUT the file, and the key to import it by")
    public Response create(UploadRequest request) {
        if (request == null || request.fileName() == null || request.fileName().isBlank()) {
            throw ProblemException.invalidField("fileName", "MISSING_FIELD", "fileName is required");
        }
        if (request.size() != null && request.size() < 0) {
            throw ProblemException.invalidField("size", "INVALID_OPTION", "size must be a number of bytes");
        }
        long maxBytes = uploadLimits.maxBytes(caller.tenantId());
        if (request.size() != null && request.size() > maxBytes) {
            throw ImportService.fileTooLarge(request.size(), maxBytes);
        }
        String key = TenantFiles.uploadKey(caller.tenantId(), request.fileName());
        String contentType = request.contentType() == null || request.contentType().isBlank()
                ? null : request.contentType();
        var put = store.presignedPut(key, contentType, request.size(), VALIDITY);
        return Response.status(Response.Status.CREATED)
                .entity(new UploadTicket(key, put.url().toString(), OffsetDateTime.now(ZoneOffset.UTC).plus(VALIDITY),
                        "PUT", put.headers()))
                .build();
    }
}
