package io.lading.imports.boundary;

import io.lading.imports.control.UnimportedUploads;
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

/**
 * Hourly (at minute 45): presigned uploads no import used within their age are deleted ({@link UnimportedUploads}).
 * A persistent calendar timer, as the other housekeeping timers: once per cluster with the database timer store.
 */
@Singleton
@Startup
public class UploadCleanupTimer {

    private static final String INFO = "unimported upload cleanup";

    @Resource
    TimerService timers;

    @Inject
    UnimportedUploads uploads;

    @PostConstruct
    void schedule() {
        CalendarTimers.ensureAt(timers, INFO, "*", "45");
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void clean(Timer timer) {
        CalendarTimers.run(INFO, uploads::deleteAbandoned);
    }
}
