package io.lading.webhooks.control;

import jakarta.enterprise.context.Dependent;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Webhook delivery's knobs, keys {@code lading.webhooks.*} (environment: {@code LADING_WEBHOOKS_*}, e.g.
 * {@code LADING_WEBHOOKS_ALLOW_PRIVATE}). Injected with {@code @Inject @ConfigProperties WebhookSettings}.
 */
@ConfigProperties(prefix = "lading.webhooks")
@Dependent
public class WebhookSettings {

    /**
     * Endpoints on loopback, private (RFC 1918, fc00::/7, 100.64/10) and link-local addresses are refused unless
     * this is true: a development server whose receiver runs on the same machine. Metadata and unspecified
     * addresses and schemes other than http(s) are refused even then.
     */
    @ConfigProperty(name = "allow.private", defaultValue = "false") boolean allowPrivate;

    /** The first retry's delay, doubled per attempt up to the longest; no more attempts after the retry window. */
    @ConfigProperty(name = "backoff.base.seconds", defaultValue = "10") long backoffBaseSeconds;
    @ConfigProperty(name = "backoff.max.seconds", defaultValue = "3600") long backoffMaxSeconds;
    @ConfigProperty(name = "retry.window.hours", defaultValue = "24") long retryWindowHours;

    /** How often each node looks for due deliveries. */
    @ConfigProperty(name = "worker.period.millis", defaultValue = "2000") long workerPeriodMillis;

    /** Deliveries one node sends at once, and deliveries one endpoint has in flight across the cluster. */
    @ConfigProperty(name = "worker.concurrency", defaultValue = "8") int workerConcurrency;
    @ConfigProperty(name = "endpoint.concurrency", defaultValue = "2") int endpointConcurrency;

    /** An attempt that has no complete answer by then counts as failed (connect, headers and body). */
    @ConfigProperty(name = "timeout.seconds", defaultValue = "10") long timeoutSeconds;

    /**
     * How long settled deliveries (delivered, failed) are kept, with their attempts, and when the daily pruning runs:
     * calendar-timer values, so {@code *} and {@code *} run it every minute.
     */
    @ConfigProperty(name = "deliveries.retention.days", defaultValue = "30") long deliveriesRetentionDays;
    @ConfigProperty(name = "deliveries.retention.hour", defaultValue = "3") String deliveriesRetentionHour;
    @ConfigProperty(name = "deliveries.retention.minute", defaultValue = "45") String deliveriesRetentionMinute;

    public boolean allowPrivate() {
        return allowPrivate;
    }

    public Duration backoffBase() {
        return Duration.ofSeconds(backoffBaseSeconds);
    }

    public Duration backoffMax() {
        return Duration.ofSeconds(backoffMaxSeconds);
    }

    public Duration retryWindow() {
        return Duration.ofHours(retryWindowHours);
    }

    public Duration workerPeriod() {
        return Duration.ofMillis(Math.max(100, workerPeriodMillis));
    }

    public int workerConcurrency() {
        return Math.max(1, workerConcurrency);
    }

    public int endpointConcurrency() {
        return Math.max(1, endpointConcurrency);
    }

    public Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }

    public Duration deliveriesRetention() {
        return Duration.ofDays(deliveriesRetentionDays);
    }

    public String deliveriesRetentionHour() {
        return deliveriesRetentionHour;
    }

    public String deliveriesRetentionMinute() {
        return deliveriesRetentionMinute;
    }

    /** A claimed delivery's lease: long enough for one attempt, so a node that died mid-attempt frees it soon. */
    public Duration lease() {
        return timeout().multipliedBy(3).plusSeconds(30);
    }
}
