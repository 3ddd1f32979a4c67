package io.lading.exports.boundary;

import io.lading.exports.control.ExportConfiguration;
import io.lading.exports.control.ExportExpiry;
import io.lading.platform.CalendarTimers;
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
 * The daily export expiry, at LADING_EXPORTS_EXPIRY_HOUR:LADING_EXPORTS_EXPIRY_MINUTE (default 04:00). A
 * persistent calendar timer: it lives in the database timer store, so it fires once per cluster and a run missed
 * while the servers were down happens at the next start. At deployment the stored timer is kept when its
 * schedule matches the configuration, else replaced ({@link CalendarTimers}).
 */
@Singleton
@Startup
public class ExportExpiryTimer {

    private static final Logger LOG = Logger.getLogger(ExportExpiryTimer.class.getName());
    private static final String INFO = "export expiry";

    @Resource
    TimerService timers;

    @Inject
    @ConfigProperties
    ExportConfiguration configuration;

    @Inject
    ExportExpiry expiry;

    @PostConstruct
    void schedule() {
        String hour = Integer.toString(configuration.expiryHour());
        String minute = Integer.toString(configuration.expiryMinute());
        if (CalendarTimers.ensure(timers, INFO, new ScheduleExpression().hour(hour).minute(minute).second("0"))) {
            LOG.info(() -> "Export expiry scheduled daily at " + hour + ":" + (minute.length() == 1 ? "0" : "") + minute);
        }
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void expire(Timer timer) {
        try {
            expiry.expireDue();
        } catch (RuntimeException e) {
            // The next day's run catches up; the timer must not be retried in a loop against a database that is down.
            LOG.log(Level.WARNING, "Export expiry failed: {0}", e.toString());
        }
    }
}
