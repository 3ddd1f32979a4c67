package io.lading.jobs.entity;

import java.util.Locale;

/** Queue priority; the broker delivers higher JMS priorities first. */
public enum JobPriority {
    LOW(1), NORMAL(4), HIGH(8);

    private final int jmsPriority;

    JobPriority(int jmsPriority) {
        this.jmsPriority = jmsPriority;
    }

    public int jmsPriority() {
        return jmsPriority;
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobPriority parse(String value) {
        if (value == null || value.isBlank()) {
            return NORMAL;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
