package io.lading.exports.boundary;

import io.lading.exports.control.ExportSettings;
import io.lading.exports.control.ExportExpiry;
import io.lading.platform.ProblemException;
import io.lading.tenancy.entity.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * {@code /admin/exports}: operators run the export expiry now, e.g. after lowering the retention, rather than
 * waiting for the timer.
 */
@ApplicationScoped
@Path("admin/exports")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.Names.ADMIN)
public class ExportAdminResource {

    @Inject
    ExportExpiry expiry;

    @Inject
    @ConfigProperties
    ExportSettings settings;

    public record ExpiryRun(int expired) {
    }

    /**
     * Expires exports completed more than {@code olderThanSeconds} ago (default: the configured days), of one
     * tenant when {@code tenantId} is given.
     */
    @POST
    @Path("expire")
    public ExpiryRun expire(@QueryParam("olderThanSeconds") Long olderThanSeconds, @QueryParam("tenantId") UUID tenantId) {
        if (olderThanSeconds != null && olderThanSeconds < 0) {
            throw ProblemException.invalidField("olderThanSeconds", "INVALID_OPTION", "olderThanSeconds must be 0 or more");
        }
        Duration age = olderThanSeconds == null ? settings.keptFor() : Duration.ofSeconds(olderThanSeconds);
        return new ExpiryRun(expiry.expire(age, tenantId));
    }
}
