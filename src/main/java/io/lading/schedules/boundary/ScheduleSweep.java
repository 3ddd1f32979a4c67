package io.lading.schedules.boundary;

import io.lading.schedules.control.ScheduleSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Every LADING_SCHEDULES_SWEEP_SECONDS (default 15) on every node: fires the schedules that are due. Not
 * persistent on purpose: the firings live in the schedules table, claimed row by row, not in a server's timer
 * store (whose cluster setup differs between WildFly and Payara). A node that starts after every node was down
 * finds the missed firings due and fires each schedule once.
 */
@Singleton
@Startup
// Sweeps from the start: on a new database, not before the migrations have made the tables.
@DependsOn("SchemaMigration")
public class ScheduleSweep {

    private static final Logger LOG = Logger.getLogger(ScheduleSweep.class.getName());
    /** Firings per sweep at most; the rest wait a period, so one sweep never runs long. */
    private static final int MAX_FIRINGS = 200;

    @Resource
    TimerService timers;

    @Inject
    ScheduleFiring firing;

    @Inject
    @ConfigProperties
    ScheduleSettings settings;

    @PostConstruct
    void start() {
        long period = settings.sweepSeconds() * 1000L;
        timers.createIntervalTimer(period, period, new TimerConfig("schedule sweep", false));
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void sweep() {
        try {
            for (int fired = 0; fired < MAX_FIRINGS; fired++) {
                try {
                    if (!firing.fireNextDue()) {
                        return;
                    }
                } catch (ScheduleFiring.FiringFailed failed) {
                    firing.skip(failed);
                }
            }
        } catch (RuntimeException e) {
            // The next sweep tries again; a database that is down is not this timer's problem to report.
            LOG.log(Level.WARNING, "Schedule sweep failed: {0}", e.toString());
        }
    }
}
