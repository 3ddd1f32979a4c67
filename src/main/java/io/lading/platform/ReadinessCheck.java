package io.lading.platform;

import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * One way to answer a readiness check, for the checks that live beside what they check: up with the probe's data,
 * or down with the kind of failure (its class name, never a message that could carry an address or a secret).
 */
public final class ReadinessCheck {

    /** Throws when the part is not ready; returns what the answer shows when it is. */
    @FunctionalInterface
    public interface Probe {
        Map<String, String> call() throws Exception;
    }

    private ReadinessCheck() {
    }

    public static HealthCheck of(String name, Probe probe) {
        return () -> {
            try {
                HealthCheckResponseBuilder up = HealthCheckResponse.named(name).up();
                probe.call().forEach(up::withData);
                return up.build();
            } catch (Exception e) {
                return HealthCheckResponse.named(name).down().withData("error", e.getClass().getSimpleName()).build();
            }
        };
    }
}
