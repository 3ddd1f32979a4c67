package io.lading.jobs.boundary;

import io.lading.jobs.control.JobRetention;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * Nightly pruning of old settled jobs (LADING_JOBS_RETENTION_DAYS, default 30). Persistent: with the
 * database timer store it fires once per cluster, and a missed run catches up after a restart.
 */
@Singleton
public class RetentionTimer {

    @Inject
    JobRetention retention;

    @Schedule(hour = "3", minute = "30", persistent = true, info = "job retention")
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void prune() {
        retention.prune();
    }
}
