package io.lading.jobs.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import io.lading.jobs.entity.JobPriority;
import io.lading.jobs.entity.JobType;
import io.lading.platform.ProblemException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The engine's knobs, from the environment or microprofile-config (LADING_JOBS_* variables). */
@ApplicationScoped
public class EngineSettings {

    @Inject
    Config config;

    @Inject
    @ConfigProperty(name = "lading.jobs.max.attempts", defaultValue = "3")
    int defaultMaxAttempts;

    @Inject
    @ConfigProperty(name = "lading.jobs.backoff.base.seconds", defaultValue = "10")
    long backoffBaseSeconds;

    @Inject
    @ConfigProperty(name = "lading.jobs.backoff.max.seconds", defaultValue = "3600")
    long backoffMaxSeconds;

    /** How long a running job's heartbeat may be silent before another node takes it over. */
    @Inject
    @ConfigProperty(name = "lading.jobs.stale.after.seconds", defaultValue = "60")
    long staleAfterSeconds;

    /** Slots of one tenant on a node while other tenants wait. */
    @Inject
    @ConfigProperty(name = "lading.jobs.tenant.slots", defaultValue = "2")
    int tenantSlots;

    /** Jobs one tenant may have waiting (queued or scheduled for retry) before new ones get 429. */
    @Inject
    @ConfigProperty(name = "lading.jobs.tenant.queue.limit", defaultValue = "100")
    int tenantQueueLimit;

    public int defaultMaxAttempts() {
        return defaultMaxAttempts;
    }

    /** The priority a submission asks for (normal when none), checked. */
    public JobPriority priority(String requested) {
        JobPriority priority = JobPriority.parse(requested);
        if (priority == null) {
            throw ProblemException.invalidField("priority", "INVALID_OPTION", "priority must be low, normal or high");
        }
        return priority;
    }

    /** The attempts a submission asks for (the default when none), checked. */
    public int maxAttempts(Integer requested) {
        int maxAttempts = requested == null ? defaultMaxAttempts : requested;
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw ProblemException.invalidField("maxAttempts", "INVALID_OPTION", "maxAttempts must be between 1 and 20");
        }
        return maxAttempts;
    }

    public Duration backoffBase() {
        return Duration.ofSeconds(backoffBaseSeconds);
    }

    public Duration backoffMax() {
        return Duration.ofSeconds(backoffMaxSeconds);
    }

    public Duration staleAfter() {
        return Duration.ofSeconds(staleAfterSeconds);
    }

    public int tenantSlots() {
        return tenantSlots;
    }

    public int tenantQueueLimit() {
        return tenantQueueLimit;
    }

    /**
     * Longest a job of this type may run (LADING_JOBS_TIMEOUT_IMPORT_MINUTES, ...), default 6 hours. Minutes may
     * have a fraction ({@code 0.5} is 30 s), so a short limit can be set where one is wanted, a test server say.
     */
    public Duration timeout(JobType type) {
        double minutes = config.getOptionalValue("lading.jobs.timeout." + type.apiName() + ".minutes", Double.class)
                .orElse(360.0);
        return Duration.ofMillis(Math.round(minutes * 60_000));
    }
}
