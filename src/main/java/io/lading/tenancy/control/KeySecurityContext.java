package io.lading.tenancy.control;

import io.lading.tenancy.control.ApiKeyLookup.ActiveKey;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/**
 * The JAX-RS security context of a request whose key was found: the principal is the key's id and
 * {@link #isUserInRole} answers from the key's one role, which is what {@link RoleAuthorization} asks.
 */
record KeySecurityContext(ActiveKey key, boolean secure) implements SecurityContext {

    /** Not one of {@link SecurityContext}'s schemes: the key comes as X-API-Key or as a bearer token. */
    static final String SCHEME = "API-Key";

    private record KeyPrincipal(String getName) implements Principal {
    }

    @Override
    public Principal getUserPrincipal() {
        return new KeyPrincipal(key.id().toString());
    }

    @Override
    public boolean isUserInRole(String role) {
        return key.role().roleName().equals(role);
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return SCHEME;
    }
}
