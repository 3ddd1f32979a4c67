package io.lading.exports.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The exports' knobs (LADING_EXPORTS_* variables or microprofile-config). */
@ApplicationScoped
public class ExportConfiguration {

    /** How long a finished export's file is kept. */
    @Inject
    @ConfigProperty(name = "lading.exports.expiry.days", defaultValue = "7")
    long expiryDays;

    /** When the daily expiry runs (server time). */
    @Inject
    @ConfigProperty(name = "lading.exports.expiry.hour", defaultValue = "4")
    int expiryHour;

    @Inject
    @ConfigProperty(name = "lading.exports.expiry.minute", defaultValue = "0")
    int expiryMinute;

    /** The first part of every export's key: {prefix}/{tenant}/{jobId}.{ext}. */
    @Inject
    @ConfigProperty(name = "lading.exports.prefix", defaultValue = "exports")
    String prefix;

    public Duration keptFor() {
        return Duration.ofDays(expiryDays);
    }

    public int expiryHour() {
        return expiryHour;
    }

    public int expiryMinute() {
        return expiryMinute;
    }

    public String prefix() {
        return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }
}
