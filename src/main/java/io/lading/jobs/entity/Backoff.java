package io.lading.jobs.entity;

import java.util.Locale;

/**
 * How long a job waits between attempts when it asked for its own policy: {@code fixed} waits
 * {@code delaySeconds} every time; {@code exponential} starts at {@code delaySeconds} and doubles per attempt.
 */
public record Backoff(Type type, int delaySeconds) {

    public enum Type {
        EXPONENTIAL, FIXED;

        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
