package io.lading.jobs.control;

import io.lading.jobs.entity.Job;
import io.lading.jobs.entity.JobPriority;
import io.lading.jobs.entity.JobType;
import io.lading.platform.ProblemException;
import jakarta.enterprise.context.Dependent;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The engine's knobs, keys {@code lading.jobs.*} (environment: {@code LADING_JOBS_*}). Injected with
 * {@code @Inject @ConfigProperties EngineSettings}; the concurrency ({@code LADING_JOBS_CONCURRENCY}) is read by the
 * server's MDB configuration, not here.
 */
@ConfigProperties(prefix = "lading.jobs")
@Dependent
public class EngineSettings {

    /** Retries: attempts per job unless it asks otherwise; the first delay, doubled per attempt up to the longest. */
    @ConfigProperty(name = "max.attempts", defaultValue = "3") int defaultMaxAttempts;
    @ConfigProperty(name = "backoff.base.seconds", defaultValue = "10") long backoffBaseSeconds;
    @ConfigProperty(name = "backoff.max.seconds", defaultValue = "3600") long backoffMaxSeconds;

    /** How long a running job's heartbeat may be silent before another node takes it over. */
    @ConfigProperty(name = "stale.after.seconds", defaultValue = "60") long staleAfterSeconds;

    /**
     * A queued job whose message was sent this long ago and is no longer in the broker's queue is sent again,
     * at most {@code redispatch.limit} times; then it ends dead (UNDELIVERABLE).
     */
    @ConfigProperty(name = "redispatch.after.seconds", defaultValue = "300") long redispatchAfterSeconds;
    @ConfigProperty(name = "redispatch.limit", defaultValue = "3") int redispatchLimit;

    /**
     * How long a runner waits for a batch execution it asked to stop (cancel, timeout, shutdown) before it settles
     * the job without it: a healthy execution stops at its next chunk boundary, within seconds; one whose batch
     * thread died never reports stopped, and would hold its runner (and the job) until the node restarts.
     */
    @ConfigProperty(name = "stop.grace.seconds", defaultValue = "300") long stopGraceSeconds;

    /**
     * How long a batch execution may say STARTED without having begun a step before the runner takes its batch
     * thread for dead (a healthy one begins its step within milliseconds).
     */
    @ConfigProperty(name = "step.start.grace.seconds", defaultValue = "60") long stepStartGraceSeconds;

    /**
     * How long a running batch execution may go without committing progress (a chunk, a rollback batch) before
     * the runner takes it for stalled: a thread that died inside its step leaves the execution STARTED for good,
     * while a healthy one commits a chunk every few seconds.
     */
    @ConfigProperty(name = "progress.grace.seconds", defaultValue = "600") long progressGraceSeconds;

    /** Slots of one tenant on a node while other tenants wait. */
    @ConfigProperty(name = "tenant.slots", defaultValue = "2") int tenantSlots;

    /** Jobs one tenant may have waiting (queued or scheduled for retry) before new ones get 429. */
    @ConfigProperty(name = "tenant.queue.limit", defaultValue = "100") int tenantQueueLimit;

    /** How long settled jobs are kept before retention prunes them. */
    @ConfigProperty(name = "retention.days", defaultValue = "30") long retentionDays;
    /** When the daily retention runs: calendar-timer values, so {@code *} and {@code *} run it every minute. */
    @ConfigProperty(name = "retention.hour", defaultValue = "3") String retentionHour;
    @ConfigProperty(name = "retention.minute", defaultValue = "30") String retentionMinute;
    /** How long audit log entries are kept; pruned by the same daily run. */
    @ConfigProperty(name = "audit.retention.days", defaultValue = "90") long auditRetentionDays;

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

    public Duration stopGrace() {
        return Duration.ofSeconds(stopGraceSeconds);
    }

    public Duration stepStartGrace() {
        return Duration.ofSeconds(stepStartGraceSeconds);
    }

    public Duration progressGrace() {
        return Duration.ofSeconds(progressGraceSeconds);
    }

    public Duration redispatchAfter() {
        return Duration.ofSeconds(redispatchAfterSeconds);
    }

    public int redispatchLimit() {
        return redispatchLimit;
    }

    public int tenantSlots() {
        return tenantSlots;
    }

    public int tenantQueueLimit() {
        return tenantQueueLimit;
    }

    public String retentionHour() {
        return retentionHour;
    }

    public String retentionMinute() {
        return retentionMinute;
    }

    public Duration retention() {
        return Duration.ofDays(retentionDays);
    }

    public Duration auditRetention() {
        return Duration.ofDays(auditRetentionDays);
    }

    /** Longest the job may run: its own {@code timeoutMinutes} when it asked for one, else its type's (below). */
    public Duration timeout(Job job) {
        return job.timeoutMinutes() != null ? Duration.ofMinutes(job.timeoutMinutes()) : timeout(job.type());
    }

    /**
     * Longest a job of this type may run ({@code lading.jobs.timeout.<type>.minutes}:
     * LADING_JOBS_TIMEOUT_IMPORT_MINUTES, ...), default 6 hours. Minutes may have a fraction ({@code 0.5} is 30 s),
     * so a short limit can be set where one is wanted, a test server say. Read per type at each call rather than
     * as a field, so a new job type has its key without a line here. The application's own class loader names
     * the configuration: a batch or timer thread's context class loader may not be the WAR's.
     */
    public Duration timeout(JobType type) {
        double minutes = ConfigProvider.getConfig(EngineSettings.class.getClassLoader())
                .getOptionalValue("lading.jobs.timeout." + type.apiName() + ".minutes", Double.class).orElse(360.0);
        return Duration.ofMillis(Math.round(minutes * 60_000));
    }
}
