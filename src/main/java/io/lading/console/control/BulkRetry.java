package io.lading.console.control;

import io.lading.jobs.control.AuditTrail;
import io.lading.jobs.control.JobLifecycle;
import io.lading.jobs.control.JobQueries;
import io.lading.jobs.entity.Job;
import io.lading.jobs.entity.JobStatus;
import io.lading.platform.Cursor;
import io.lading.platform.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Retries every dead job a filter selects, up to a limit per call. Each job is revived in its own transaction
 * (a job that changed meanwhile is reported, not fatal) and audited on its own line.
 */
@ApplicationScoped
public class BulkRetry {

    public static final int MAX_JOBS = 1000;

    @Inject
    JobQueries queries;

    @Inject
    JobLifecycle lifecycle;

    @Inject
    AuditTrail trail;

    public record Outcome(int retried, List<UUID> retriedIds, List<String> refused, boolean more) {
    }

    public Outcome retryDead(JobQueries.JobFilter filter, UUID keyId, String role) {
        List<UUID> retried = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        Cursor after = null;
        boolean more;
        do {
            var page = queries.list(new JobQueries.JobFilter(filter.tenantId(), filter.type(), JobStatus.DEAD,
                    filter.text(), filter.from(), filter.to(), after, 200));
            for (Job job : page.items()) {
                if (retried.size() + refused.size() >= MAX_JOBS) {
                    return new Outcome(retried.size(), retried, refused, true);
                }
                int outcome = 202;
                try {
                    lifecycle.revive(job.id());
                    retried.add(job.id());
                } catch (ProblemException e) {
                    outcome = e.status();
                    refused.add(job.id() + ": " + e.getMessage());
                }
                trail.record(new AuditTrail.Action(keyId, role, null, "bulk-retry", job.id(), null, outcome,
                        "POST /api/console/jobs/retry-dead"));
            }
            more = page.nextCursor() != null;
            after = Cursor.decode(page.nextCursor());
        } while (more);
        return new Outcome(retried.size(), retried, refused, false);
    }
}
