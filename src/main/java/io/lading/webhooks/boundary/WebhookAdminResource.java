package io.lading.webhooks.boundary;

import io.lading.platform.Page;
import io.lading.platform.ProblemException;
import io.lading.tenancy.entity.Role;
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
import java.util.List;
import java.util.UUID;

/**
 * {@code /admin/webhooks}: operators' endpoints, which receive every tenant's job events (to page someone when a job
 * goes dead, say). Admins register, delete and resend; viewers read.
 */
@ApplicationScoped
@Path("admin/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.Names.ADMIN)
public class WebhookAdminResource {

    /** Operators' endpoints belong to no tenant. */
    private static final UUID OPERATORS = null;

    @Inject
    WebhookRegistry registry;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(WebhookRequest request, @Context UriInfo uri) {
        return WebhooksResource.registered(registry, OPERATORS, request, uri, "admin/webhooks/{id}");
    }

    @GET
    @RolesAllowed({Role.Names.ADMIN, Role.Names.VIEWER})
    public Page<WebhookView> list() {
        return new Page<>(registry.list(OPERATORS).stream().map(WebhookView::of).toList(), null);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") UUID id) {
        registry.delete(OPERATORS, id);
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/deliveries")
    @RolesAllowed({Role.Names.ADMIN, Role.Names.VIEWER})
    public Page<DeliveryView> deliveries(@PathParam("id") UUID id, @QueryParam("limit") Integer limit,
                                         @QueryParam("cursor") String cursor) {
        return registry.deliveries(OPERATORS, id, limit, cursor).map(DeliveryView::of);
    }

    @POST
    @Path("{id}/deliveries/{deliveryId}/resend")
    public Response resend(@PathParam("id") UUID id, @PathParam("deliveryId") UUID deliveryId) {
        return Response.accepted(DeliveryView.of(registry.resend(OPERATORS, id, deliveryId))).build();
    }

    /** Every delivery of one job, to tenants' and operators' endpoints alike (the console's job page). */
    @GET
    @Path("deliveries")
    @RolesAllowed({Role.Names.ADMIN, Role.Names.VIEWER})
    public List<DeliveryView> deliveriesOfJob(@QueryParam("jobId") UUID jobId) {
        if (jobId == null) {
            throw ProblemException.invalidField("jobId", "INVALID_OPTION", "jobId is required");
        }
        return registry.deliveriesOfJob(jobId).stream().map(DeliveryView::of).toList();
    }
}
