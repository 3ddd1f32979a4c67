package io.lading.jobs.boundary;

import io.lading.jobs.control.AuditTrail;
import io.lading.tenancy.control.Caller;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the audit trail for every action on one job, whichever resource serves it ({@code POST
 * /jobs/{id}/cancel|retry}, {@code /contacts/import/{id}/cancel|rollback|retry-failed}, ...): one place, so an
 * action endpoint added later is audited without remembering to. It runs after the action, with the answer's
 * status, so refused attempts (a viewer's 403, a 409) are on record too. Unknown ids (404) are not.
 */
@Provider
@Priority(Priorities.USER)
public class AuditRecorder implements ContainerResponseFilter {

    private static final Logger LOG = Logger.getLogger(AuditRecorder.class.getName());
    private static final Pattern JOB_ACTION = Pattern.compile(
            "^/?(jobs|contacts/import|contacts/export)/([0-9a-fA-F-]{36})/(cancel|retry|rollback|retry-failed)/?$");

    @Inject
    Caller caller;

    @Inject
    AuditTrail trail;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!"POST".equals(request.getMethod()) || !caller.isAuthenticated()) {
            return;
        }
        Matcher action = JOB_ACTION.matcher(request.getUriInfo().getPath());
        int status = response.getStatus();
        if (!action.matches() || status == 404 || status == 405) {
            return;
        }
        UUID jobId = UUID.fromString(action.group(2));
        UUID started = jobIdIn(response.getLocation());
        try {
            trail.record(new AuditTrail.Action(caller.keyId(), caller.role().name(),
                    caller.seesAllTenants() ? null : caller.tenantId(), action.group(3), jobId,
                    jobId.equals(started) ? null : started, status, "POST /api/" + action.group(0).replaceFirst("^/", "")));
        } catch (RuntimeException e) {
            // The action itself has happened; losing its audit line is logged loudly rather than failing the call.
            LOG.log(Level.SEVERE, "Could not audit " + action.group(3) + " of job " + jobId + " by key " + caller.keyId(), e);
        }
    }

    private static UUID jobIdIn(URI location) {
        if (location == null) {
            return null;
        }
        String path = location.getPath();
        try {
            return UUID.fromString(path.substring(path.lastIndexOf('/') + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
