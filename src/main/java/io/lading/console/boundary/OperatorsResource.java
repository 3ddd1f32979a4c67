package io.lading.console.boundary;

import io.lading.console.control.AuditTrail;
import io.lading.platform.Cursor;
import io.lading.platform.ProblemException;
import io.lading.tenancy.control.TenantRegistry;
import io.lading.tenancy.entity.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** Operator keys and the audit trail, beside the tenant administration of the same {@code /admin} path. */
@ApplicationScoped
@Path("admin")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.Names.ADMIN, Role.Names.VIEWER})
public class OperatorsResource {

    @Inject
    TenantRegistry tenants;

    @Inject
    AuditTrail trail;

    public record KeyRequest(String role) {
    }

    public record OperatorKey(UUID keyId, String role, String key) {
    }

    /** A new operator key: {@code {"role": "viewer"}} (reads everything, acts on nothing) or {@code "admin"}. */
    @RolesAllowed(Role.Names.ADMIN)
    @POST
    @Path("keys")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response issue(KeyRequest request) {
        String role = request == null || request.role() == null ? "" : request.role().trim().toUpperCase();
        if (!role.equals("VIEWER") && !role.equals("ADMIN")) {
            throw ProblemException.invalidField("role", "INVALID_ROLE", "role must be viewer or admin");
        }
        var issued = tenants.issueKey(null, Role.valueOf(role));
        return Response.status(Response.Status.CREATED)
                .entity(new OperatorKey(issued.keyId(), role.toLowerCase(), issued.key())).build();
    }

    /** Every action on a job, newest first; {@code jobId} or {@code keyId} narrow it (operators). */
    @GET
    @Path("audit")
    public AuditTrail.Page audit(@QueryParam("jobId") UUID jobId, @QueryParam("keyId") UUID keyId,
                                 @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        return trail.list(jobId, keyId, Cursor.decode(cursor), Cursor.limit(limit, 50, 500));
    }
}
