package io.lading.jobs.boundary;

import io.lading.jobs.control.EngineSettings;
import io.lading.jobs.control.JobRetention;
import io.lading.platform.CalendarTimers;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Daily pruning of old settled jobs (LADING_JOBS_RETENTION_DAYS, default 30) and of old audit log entries
 * (LADING_JOBS_AUDIT_RETENTION_DAYS, default 90), at LADING_JOBS_RETENTION_HOUR:
 * LADING_JOBS_RETENTION_MINUTE (default 03:30). Those two are calendar-timer values, so {@code *}/{@code *} runs
 * it every minute. Persistent: with the database timer store it fires once per cluster, and a run missed while the
 * servers were down happens at the next start.
 */
@Singleton
@Startup
public class RetentionTimer {

    private static final String INFO = "job retention";

    @Resource
    TimerService timers;

    @Inject
    JobRetention retention;

    @Inject
    @ConfigProperties
    EngineSettings settings;

    @PostConstruct
    void schedule() {
        CalendarTimers.ensureAt(timers, INFO, settings.retentionHour(), settings.retentionMinute());
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void prune(Timer timer) {
        CalendarTimers.run(INFO, () -> {
            retention.prune();
            retention.pruneAudit();
        });
    }
}
