package io.lading.jobs.entity;

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
        return name().toLowerCase();
    }
}
