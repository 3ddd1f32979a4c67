package io.lading.jobs.control;

import io.lading.jobs.entity.Job;
import io.lading.platform.JsonbConfiguration;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * The job a batch artifact works for, injected into readers, writers, batchlets and listeners: its id and the
 * run's owner epoch (job parameters {@value #JOB_ID} and {@value #OWNER_EPOCH}, mapped to job properties by each
 * job's JSL), its row and its type-specific parameters. Loaded once per artifact, from the job row rather than
 * from job parameters, so a retry or a resume on another node sees exactly the same inputs.
 * The row is a read-only snapshot: counts and checkpoint go through {@link JobRows}, status through
 * {@link JobLifecycle}.
 */
@Dependent
public class CurrentJob {

    /** The name of the job parameter that carries the job's id. */
    public static final String JOB_ID = "jobId";

    /** The job parameter that carries the owner epoch of this run: the fence of every chunk's writes. */
    public static final String OWNER_EPOCH = "ownerEpoch";

    @Inject
    JobContext context;

    @Inject
    JobQueries jobs;

    private UUID id;
    private Job job;

    public UUID id() {
        if (id == null) {
            id = UUID.fromString(context.getProperties().getProperty(JOB_ID));
        }
        return id;
    }

    /** The owner epoch this run claimed the job with (see {@link JobRows#advance}). */
    public long ownerEpoch() {
        return Long.parseLong(context.getProperties().getProperty(OWNER_EPOCH, "0"));
    }

    /** The job row as it was when first asked for; a row that is gone fails the job for good. */
    public Job job() {
        if (job == null) {
            job = jobs.find(id()).orElseThrow(() -> JobFailure.permanent("JOB_MISSING", "Job row " + id() + " is gone"));
        }
        return job;
    }

    /** The job's parameters (JSON on the row) as its capability's settings record. */
    public <T> T parameters(Class<T> type) {
        return JsonbConfiguration.jsonb().fromJson(job().parameters(), type);
    }
}
