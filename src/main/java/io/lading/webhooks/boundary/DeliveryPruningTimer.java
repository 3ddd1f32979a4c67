package io.lading.webhooks.boundary;

import io.lading.platform.CalendarTimers;
import io.lading.webhooks.control.DeliveryRetention;
import io.lading.webhooks.control.WebhookSettings;
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
 * Daily pruning of old settled webhook deliveries and their attempts (LADING_WEBHOOKS_DELIVERIES_RETENTION_DAYS,
 * default 30), at LADING_WEBHOOKS_DELIVERIES_RETENTION_HOUR:LADING_WEBHOOKS_DELIVERIES_RETENTION_MINUTE (default
 * 03:45, after the jobs' retention). Its own schedule rather than the jobs' one, so webhooks do not read the engine's
 * settings. Persistent: with the database timer store it fires once per cluster, and a run missed while the servers
 * were down happens at the next start.
 */
@Singleton
@Startup
public class DeliveryPruningTimer {

    private static final String INFO = "webhook delivery retention";

    @Resource
    TimerService timers;

    @Inject
    DeliveryRetention retention;

    @Inject
    @ConfigProperties
    WebhookSettings settings;

    @PostConstruct
    void schedule() {
        CalendarTimers.ensureAt(timers, INFO, settings.deliveriesRetentionHour(), settings.deliveriesRetentionMinute());
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void prune(Timer timer) {
        CalendarTimers.run(INFO, retention::prune);
    }
}
