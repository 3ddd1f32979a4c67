package io.lading.exports.control;

import jakarta.enterprise.context.Dependent;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The exports' knobs, keys {@code lading.exports.*} (environment: {@code LADING_EXPORTS_*}). Injected with
 * {@code @Inject @ConfigProperties ExportSettings}.
 */
@ConfigProperties(prefix = "lading.exports")
@Dependent
public class ExportSettings {

    /** How long a finished export's file is kept. */
    @ConfigProperty(name = "expiry.days", defaultValue = "7") long expiryDays;

    public Duration keptFor() {
        return Duration.ofDays(expiryDays);
    }

    /** The hour of the day (server time) the daily expiry runs at. */
    @ConfigProperty(name = "expiry.hour", defaultValue = "4") int expiryHour;

    public int expiryHour() {
        return expiryHour;
    }

    /** The minute of that hour it runs at. */
    @ConfigProperty(name = "expiry.minute", defaultValue = "0") int expiryMinute;

    public int expiryMinute() {
        return expiryMinute;
    }

    /** The first part of every export's key: {prefix}/{tenant}/{jobId}.{ext}. */
    @ConfigProperty(name = "prefix", defaultValue = "exports") String prefix;

    public String prefix() {
        return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }
}
