package io.lading.exports.boundary;

import io.lading.exports.control.ExportSettings;
import io.lading.exports.control.ExportExpiry;
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
 * The daily export expiry, at LADING_EXPORTS_EXPIRY_HOUR:LADING_EXPORTS_EXPIRY_MINUTE (default 04:00). A
 * persistent calendar timer: it lives in the database timer store, so it fires once per cluster and a run missed
 * while the servers were down happens at the next start. At deployment the stored timer is kept when its
 * schedule matches the configuration, else replaced ({@link CalendarTimers}).
 */
@Singleton
@Startup
public class ExportExpiryTimer {

    private static final String INFO = "export expiry";

    @Resource
    TimerService timers;

    @Inject
    @ConfigProperties
    ExportSettings settings;

    @Inject
    ExportExpiry expiry;

    @PostConstruct
    void schedule() {
        CalendarTimers.ensureAt(timers, INFO, Integer.toString(settings.expiryHour()),
                Integer.toString(settings.expiryMinute()));
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void expire(Timer timer) {
        CalendarTimers.run(INFO, expiry::expireDue);
    }
}
