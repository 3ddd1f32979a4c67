package io.lading.jobs.boundary;

import io.lading.jobs.control.JobLifecycle;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every few seconds on every node: jobs whose retry backoff is over go back on the queue, delayed
 * ({@code scheduled}) jobs whose {@code runAt} came join it, running jobs
 * whose node stopped beating are queued to resume, and queued jobs whose message was lost are sent again. All
 * claim rows with {@code FOR UPDATE SKIP LOCKED}, so nodes sweeping at once never take the same job.
 */
@Singleton
// Sweeps every five seconds from the start: on a new database, not before the migrations have made the tables.
@DependsOn("SchemaMigration")
public class RetrySweep {

    private static final Logger LOG = Logger.getLogger(RetrySweep.class.getName());

    @Inject
    JobLifecycle lifecycle;

    @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void sweep() {
        try {
            int retried = lifecycle.requeueDueRetries();
            int promoted = lifecycle.promoteDueScheduled();
            int recovered = lifecycle.releaseOrphans();
            int resent = lifecycle.redispatchLost();
            if (retried + promoted + recovered + resent > 0) {
                LOG.fine(() -> "Sweep queued " + retried + " retries, " + promoted + " delayed jobs, " + recovered
                        + " orphans and " + resent + " lost messages");
            }
        } catch (RuntimeException e) {
            // The next sweep tries again; a database that is down is not this timer's problem to report.
            LOG.log(Level.WARNING, "Retry sweep failed: {0}", e.toString());
        }
    }
}
