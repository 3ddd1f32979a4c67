package io.lading.tenancy.boundary;

import io.lading.platform.ProblemException;
import io.lading.tenancy.control.TenantRegistry;
import io.lading.tenancy.control.UploadLimits;
import io.lading.tenancy.entity.Role;
import io.lading.tenancy.entity.Tenant;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.StringReader;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

/** {@code /admin/tenants}: operators create tenants, issue their user keys and set their upload limits. */
@ApplicationScoped
@Path("admin/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.Names.ADMIN)
public class TenantAdminResource {

    @Inject
    TenantRegistry tenants;

    @Inject
    UploadLimits uploadLimits;

    public record TenantRequest(String name) {
    }

    public record TenantCreated(UUID tenantId, String name, UUID keyId, String userKey) {
    }

    public record KeyIssued(UUID keyId, UUID tenantId, String key) {
    }

    /**
     * A tenant as operators see it: {@code maxUploadBytes} is its own upload limit (null: the default), and
     * {@code effectiveMaxUploadBytes} the one that applies.
     */
    public record TenantView(UUID tenantId, String name, OffsetDateTime createdAt, @Schema(nullable = true) Long maxUploadBytes,
                             long effectiveMaxUploadBytes) {
    }

    @RolesAllowed({Role.Names.ADMIN, Role.Names.VIEWER})
    @GET
    @Path("{tenantId}")
    public TenantView get(@PathParam("tenantId") UUID tenantId) {
        return view(tenants.tenant(tenantId));
    }

    /**
     * Changes a tenant's settings with merge-patch semantics: {@code {"maxUploadBytes": 104857600}} sets its
     * upload limit, {@code {"maxUploadBytes": null}} returns it to the default, an absent field stays as it is.
     * Sent as {@code application/json}: RESTEasy answers {@code application/merge-patch+json} itself, by patching
     * what the GET returns, which would turn a null into a missing field.
     */
    @PATCH
    @Path("{tenantId}")
    public TenantView update(@PathParam("tenantId") UUID tenantId,
                             @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                     schema = @Schema(ref = "TenantPatch"))) String body) {
        JsonObject patch = mergePatch(body);
        Tenant tenant = tenants.tenant(tenantId);
        if (patch.containsKey("maxUploadBytes")) {
            tenant = tenants.limitUploads(tenantId, maxUploadBytes(patch.get("maxUploadBytes")));
        }
        return view(tenant);
    }

    /** Read here rather than by JSON-B, which cannot tell an explicit null (reset) from an absent field. */
    private static JsonObject mergePatch(String body) {
        if (body == null || body.isBlank()) {
            throw ProblemException.badRequest("MISSING_BODY", "Send a JSON object, e.g. {\"maxUploadBytes\": 104857600}");
        }
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw ProblemException.badRequest("MALFORMED_JSON", "The request body is not a JSON object");
        }
    }

    private static Long maxUploadBytes(JsonValue value) {
        if (value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value instanceof JsonNumber number && number.isIntegral()) {
            try {
                return number.longValueExact();
            } catch (ArithmeticException tooBig) {
                // Refused below like any other non-number.
            }
        }
        throw ProblemException.invalidField("maxUploadBytes", "INVALID_OPTION",
                "maxUploadBytes must be a whole number of bytes, or null for the default");
    }

    private TenantView view(Tenant tenant) {
        return new TenantView(tenant.id(), tenant.name(), tenant.createdAt(), tenant.maxUploadBytes(),
                tenant.maxUploadBytes() != null ? tenant.maxUploadBytes() : uploadLimits.defaultMaxBytes());
    }

    @POST
    @APIResponseSchema(value = TenantCreated.class, responseCode = "201",
            responseDescription = "The tenant, with its user key (shown once)")
    public Response create(TenantRequest request, @Context UriInfo uri) {
        var created = tenants.createTenant(request == null ? null : request.name());
        return Response.created(uri.getBaseUriBuilder().path("admin/tenants/{id}").build(created.tenant().id()))
                .entity(new TenantCreated(created.tenant().id(), created.tenant().name(),
                        created.userKey().keyId(), created.userKey().key()))
                .build();
    }

    @POST
    @Path("{tenantId}/keys")
    @APIResponseSchema(value = KeyIssued.class, responseCode = "201", responseDescription = "The new key (shown once)")
    public Response issueKey(@PathParam("tenantId") UUID tenantId) {
        var issued = tenants.issueUserKey(tenantId);
        return Response.status(Response.Status.CREATED)
                .entity(new KeyIssued(issued.keyId(), tenantId, issued.key())).build();
    }
}
