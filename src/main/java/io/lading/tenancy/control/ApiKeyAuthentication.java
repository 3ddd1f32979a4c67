package io.lading.tenancy.control;

import io.lading.platform.Problem;
import io.lading.tenancy.control.ApiKeyLookup.ActiveKey;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Logger;

/**
 * Every /api call carries a key ({@code X-API-Key} or {@code Authorization: Bearer}), checked against its stored
 * HMAC ({@link ApiKeyLookup}); the clear key never reaches the database or the log. A key found becomes the
 * request's {@link Caller} (tenant scoping) and its {@code SecurityContext} (roles, checked next by
 * {@link RoleAuthorization}).
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ApiKeyAuthentication implements ContainerRequestFilter {

    public static final String API_KEY_HEADER = "X-API-Key";
    private static final Logger LOG = Logger.getLogger(ApiKeyAuthentication.class.getName());

    @Inject
    ApiKeyLookup keys;

    @Inject
    Caller caller;

    @Override
    public void filter(ContainerRequestContext request) {
        String key = ApiKeyHeaders.presentedKey(request::getHeaderString);
        if (key == null) {
            request.abortWith(noKey());
            return;
        }
        ActiveKey found = keys.active(key).orElse(null);
        if (found == null) {
            LOG.warning(() -> "Rejected an unknown or revoked API key on " + request.getMethod() + " /api/"
                    + request.getUriInfo().getPath().replaceFirst("^/", ""));
            request.abortWith(Problem.response(401, "UNAUTHENTICATED", "Unauthorized",
                    "The API key is unknown or revoked", null));
            return;
        }
        caller.authenticate(found.id(), found.tenantId(), found.role());
        SecurityContext transport = request.getSecurityContext();
        request.setSecurityContext(new KeySecurityContext(found, transport != null && transport.isSecure()));
    }

    static Response noKey() {
        return Problem.response(401, "UNAUTHENTICATED", "Unauthorized",
                "Send an API key in the X-API-Key header or as Authorization: Bearer", null);
    }
}
