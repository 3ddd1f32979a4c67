package io.lading.schedules.control;

import jakarta.enterprise.context.Dependent;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Keys {@code lading.schedules.*} (environment: {@code LADING_SCHEDULES_*}). */
@ConfigProperties(prefix = "lading.schedules")
@Dependent
public class ScheduleSettings {

    /**
     * How often each node looks for due schedules. A firing starts at most this long after its minute; any number
     * of nodes may look at once (they claim rows), so a short period costs one indexed query per node and period.
     */
    @ConfigProperty(name = "sweep.seconds", defaultValue = "15") int sweepSeconds;

    /** Schedules one tenant may have. */
    @ConfigProperty(name = "tenant.limit", defaultValue = "100") int tenantLimit;

    public int sweepSeconds() {
        return Math.max(1, sweepSeconds);
    }

    public int tenantLimit() {
        return tenantLimit;
    }
}
