package io.lading.imports.boundary;

import io.lading.imports.control.UnimportedUploads;
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

/**
 * Hourly (at minute 45): presigned uploads no import used within their age are deleted ({@link UnimportedUploads}).
 * A persistent calendar timer, as the other housekeeping timers: once per cluster with the database timer store.
 */
@Singleton
@Startup
public class UploadCleanupTimer {

    private static final Logger LOG = Logger.getLogger(UploadCleanupTimer.class.getName());
    private static final String INFO = "unimported upload cleanup";

    @Resource
    TimerService timers;

    @Inject
    UnimportedUploads uploads;

    @PostConstruct
    void schedule() {
        if (CalendarTimers.ensure(timers, INFO, new ScheduleExpression().hour("*").minute("45").second("0"))) {
            LOG.info("Cleanup of unimported uploads scheduled hourly at minute 45");
        }
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void clean(Timer timer) {
        try {
            uploads.deleteAbandoned();
        } catch (RuntimeException e) {
            // The next hour's run catches up.
            LOG.log(Level.WARNING, "Cleanup of unimported uploads failed: {0}", e.toString());
        }
    }
}
