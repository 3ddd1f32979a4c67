package io.lading.tenancy.control;

import io.lading.platform.ProblemException;
import io.lading.tenancy.entity.Role;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** The authenticated caller of the current request, set once by the API key filter. */
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

    public void requireAdmin() {
        if (role != Role.ADMIN) {
            throw new ProblemException(Response.Status.FORBIDDEN, "FORBIDDEN", "This call needs an admin key");
        }
    }

    /** Operator-only reads (the console, the audit trail): an admin or a viewer key. */
    public void requireOperator() {
        if (!seesAllTenants()) {
            throw new ProblemException(Response.Status.FORBIDDEN, "FORBIDDEN", "This call needs an operator key");
        }
    }

    /** Acting on a job: its tenant's user, or an admin (a viewer only reads). */
    public void requireActor() {
        if (role == Role.VIEWER) {
            throw new ProblemException(Response.Status.FORBIDDEN, "FORBIDDEN", "A viewer key only reads");
        }
    }
}
