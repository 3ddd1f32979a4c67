package io.lading.webhooks.boundary;

import io.lading.platform.Page;
import io.lading.platform.ProblemException;
import io.lading.tenancy.control.Caller;
import io.lading.tenancy.entity.Role;
import io.lading.webhooks.boundary.WebhookViews.Created;
import io.lading.webhooks.boundary.WebhookViews.DeliveryView;
import io.lading.webhooks.boundary.WebhookViews.WebhookRequest;
import io.lading.webhooks.boundary.WebhookViews.WebhookView;
import io.lading.webhooks.control.WebhookRegistry;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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

/**
 * {@code /webhooks}: a tenant's endpoints for its own jobs' events. Tenant data, as contacts are: a user key works on
 * its tenant's; an operator key passes the role check and gets {@code 403 TENANT_KEY_REQUIRED} (operators have
 * {@code /admin/webhooks}).
 */
@ApplicationScoped
@Path("webhooks")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.Names.USER, Role.Names.ADMIN})
public class WebhooksResource {

    @Inject
    Caller caller;

    @Inject
    WebhookRegistry registry;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(WebhookRequest request, @Context UriInfo uri) {
        return registered(registry, caller.tenantId(), request, uri, "webhooks/{id}");
    }

    @GET
    @RolesAllowed({Role.Names.USER, Role.Names.ADMIN, Role.Names.VIEWER})
    public Page<WebhookView> list() {
        return new Page<>(registry.list(caller.tenantId()).stream().map(WebhookView::of).toList(), null);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") UUID id) {
        registry.delete(caller.tenantId(), id);
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/deliveries")
    @RolesAllowed({Role.Names.USER, Role.Names.ADMIN, Role.Names.VIEWER})
    public Page<DeliveryView> deliveries(@PathParam("id") UUID id, @QueryParam("limit") Integer limit,
                                         @QueryParam("cursor") String cursor) {
        return registry.deliveries(caller.tenantId(), id, limit, cursor).map(DeliveryView::of);
    }

    @POST
    @Path("{id}/deliveries/{deliveryId}/resend")
    public Response resend(@PathParam("id") UUID id, @PathParam("deliveryId") UUID deliveryId) {
        return Response.accepted(DeliveryView.of(registry.resend(caller.tenantId(), id, deliveryId))).build();
    }

    /** 201 with the endpoint and its secret, shared with the operators' resource. */
    static Response registered(WebhookRegistry registry, UUID owner, WebhookRequest request, UriInfo uri,
                               String location) {
        ProblemException.requireBody(request, "url and events");
        WebhookRegistry.Registered registered = registry.register(owner, request.url(), request.events());
        return Response.created(uri.getBaseUriBuilder().path(location).build(registered.webhook().id()))
                .entity(Created.of(registered.webhook(), registered.secret())).build();
    }
}
