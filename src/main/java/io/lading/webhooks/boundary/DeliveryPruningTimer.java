package io.lading.webhooks.boundary;

import io.lading.platform.CalendarTimers;
import io.lading.webhooks.control.DeliveryRetention;
import io.lading.webhooks.control.WebhookSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ScheduleExpression;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
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

    private static final Logger LOG = Logger.getLogger(DeliveryPruningTimer.class.getName());
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
        String hour = settings.deliveriesRetentionHour();
        String minute = settings.deliveriesRetentionMinute();
        if (CalendarTimers.ensure(timers, INFO, new ScheduleExpression().hour(hour).minute(minute).second("0"))) {
            LOG.info(() -> "Webhook delivery retention scheduled at hour " + hour + ", minute " + minute);
        }
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void prune(Timer timer) {
        try {
            retention.prune();
        } catch (RuntimeException e) {
            // The next run catches up; a timer retried in a loop against a database that is down helps no one.
            LOG.log(Level.WARNING, "Webhook delivery retention failed: {0}", e.toString());
        }
    }
}
