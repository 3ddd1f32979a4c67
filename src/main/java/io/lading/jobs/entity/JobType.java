package io.lading.jobs.entity;

import java.util.Locale;

/** A kind of job and the batch job (XML in META-INF/batch-jobs) that carries it out. */
public enum JobType {
    IMPORT("contact-import"),
    EXPORT("contact-export"),
    ROLLBACK("import-rollback");

    private final String batchJobName;

    JobType(String batchJobName) {
        this.batchJobName = batchJobName;
    }

    public String batchJobName() {
        return batchJobName;
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type an API name ({@code import}, any case) names, or null. */
    public static JobType parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
