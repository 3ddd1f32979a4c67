package io.lading.tenancy.boundary;

import io.lading.platform.ProblemException;
import io.lading.tenancy.control.TenantRegistry;
import io.lading.tenancy.entity.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

/** {@code /admin/keys}: operator keys are issued here, and any key (a tenant's too) is revoked here. */
@ApplicationScoped
@Path("admin/keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.Names.ADMIN)
public class KeyAdminResource {

    @Inject
    TenantRegistry tenants;

    public record KeyRequest(String role) {
    }

    public record OperatorKey(UUID keyId, String role, String key) {
    }

    /** A new operator key: {@code {"role": "viewer"}} (reads everything, acts on nothing) or {@code "admin"}. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponseSchema(value = OperatorKey.class, responseCode = "201",
            responseDescription = "The new operator key (shown once)")
    public Response issue(KeyRequest request) {
        Role role = request == null || request.role() == null ? null : Role.parse(request.role());
        if (role == null || !role.isOperator()) {
            throw ProblemException.invalidField("role", "INVALID_ROLE", "role must be viewer or admin");
        }
        var issued = tenants.issueKey(null, role);
        return Response.status(Response.Status.CREATED)
                .entity(new OperatorKey(issued.keyId(), role.apiName(), issued.key())).build();
    }

    @DELETE
    @Path("{keyId}")
    public Response revoke(@PathParam("keyId") UUID keyId) {
        tenants.revokeKey(keyId);
        return Response.noContent().build();
    }
}
