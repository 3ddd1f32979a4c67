package io.lading.tenancy.boundary;

import io.lading.tenancy.control.Caller;
import io.lading.tenancy.control.TenantRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import java.util.UUID;

@Path("admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TenantsResource {

    @Inject
    Caller caller;

    @Inject
    TenantRegistry tenants;

    public record TenantRequest(String name) {
    }

    public record TenantCreated(UUID tenantId, String name, UUID keyId, String userKey) {
    }

    public record KeyIssued(UUID keyId, UUID tenantId, String key) {
    }

    @POST
    @Path("tenants")
    public Response create(TenantRequest request, @Context UriInfo uri) {
        caller.requireAdmin();
        var created = tenants.createTenant(request == null ? null : request.name());
        return Response.created(uri.getBaseUriBuilder().path("admin/tenants/{id}").build(created.tenant().id()))
                .entity(new TenantCreated(created.tenant().id(), created.tenant().name(),
                        created.userKey().keyId(), created.userKey().key()))
                .build();
    }

    @POST
    @Path("tenants/{tenantId}/keys")
    public Response issueKey(@PathParam("tenantId") UUID tenantId) {
        caller.requireAdmin();
        var issued = tenants.issueUserKey(tenantId);
        return Response.status(Response.Status.CREATED)
                .entity(new KeyIssued(issued.keyId(), tenantId, issued.key())).build();
    }

    @DELETE
    @Path("keys/{keyId}")
    public Response revoke(@PathParam("keyId") UUID keyId) {
        caller.requireAdmin();
        tenants.revokeKey(keyId);
        return Response.noContent().build();
    }
}
