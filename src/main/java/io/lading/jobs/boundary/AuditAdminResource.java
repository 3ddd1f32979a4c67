package io.lading.jobs.boundary;

import io.lading.jobs.control.AuditTrail;
import io.lading.jobs.entity.AuditEntry;
import io.lading.platform.Cursor;
import io.lading.platform.Page;
import io.lading.tenancy.entity.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/** {@code /admin/audit}: the audit trail of every action on a job, for operators. */
@ApplicationScoped
@Path("admin/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.Names.ADMIN, Role.Names.VIEWER})
public class AuditAdminResource {

    @Inject
    AuditTrail trail;

    /** Every action on a job, newest first; {@code jobId} or {@code keyId} narrow it (operators). */
    @GET
    public Page<AuditEntry> audit(@QueryParam("jobId") UUID jobId, @QueryParam("keyId") UUID keyId,
                                  @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        return trail.list(jobId, keyId, Cursor.decode(cursor), Cursor.limit(limit, 50, 500));
    }
}
