package io.lading.tenancy.control;

import io.lading.platform.ProblemException;
import io.lading.tenancy.entity.Role;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/**
 * The authenticated caller of the current request, set once by the API key filter: whose data it works on.
 * What it may do is its role's, declared on each resource with {@code @RolesAllowed} ({@link RoleAuthorization}).
 */
@RequestScoped
public class Caller {

    private UUID keyId;
    private UUID tenantId;
    private Role role;

    void authenticate(UUID keyId, UUID tenantId, Role role) {
        this.keyId = keyId;
        this.tenantId = tenantId;
        this.role = role;
    }

    public boolean isAuthenticated() {
        return role != null;
    }

    public UUID keyId() {
        return keyId;
    }

    public Role role() {
        return role;
    }

    /** Operators see every tenant. */
    public boolean seesAllTenants() {
        return role != null && role.isOperator();
    }

    public boolean canSee(UUID ownerTenantId) {
        return seesAllTenants() || (tenantId != null && tenantId.equals(ownerTenantId));
    }

    /** The tenant whose data a user key works on; operators have none of their own. */
    public UUID tenantId() {
        if (tenantId == null) {
            throw new ProblemException(Response.Status.FORBIDDEN, "TENANT_KEY_REQUIRED",
                    "This call works on one tenant's data: use a tenant's user key");
        }
        return tenantId;
    }
}
