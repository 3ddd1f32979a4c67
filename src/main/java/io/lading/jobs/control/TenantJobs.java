package io.lading.jobs.control;

import io.lading.jobs.entity.Job;
import io.lading.jobs.entity.JobType;
import io.lading.platform.Cursor;
import io.lading.platform.Page;
import io.lading.platform.ProblemException;
import io.lading.tenancy.control.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * The one way from a job id a caller sent to a job: every resource that takes a job id goes through
 * {@link #visible}, so the tenant check cannot be forgotten in one of them. {@link JobQueries#find} is left to
 * the engine and the batch artifacts, whose ids come from job rows and parameters, never from a caller.
 */
@ApplicationScoped
public class TenantJobs {

    @Inject
    JobQueries queries;

    @Inject
    JobLifecycle lifecycle;

    /**
     * The job if the caller may see it and it is of {@code type} (any type when null). Another tenant's job, or
     * a job of another type, answers {@code 404 NOT_FOUND} exactly as an unknown id, so ids cannot be probed.
     */
    public Job visible(Caller caller, UUID id, JobType type) {
        return visible(caller, id, type, null);
    }

    /** As above, on one entity ({@code contact}, ...; any when null): another entity's job is not found either. */
    public Job visible(Caller caller, UUID id, JobType type, String entity) {
        return queries.find(id)
                .filter(job -> type == null || job.type() == type)
                .filter(job -> entity == null || job.entity().equals(entity))
                .filter(job -> caller.canSee(job.tenantId()))
                .orElseThrow(() -> ProblemException.notFound(kind(type) + " " + id));
    }

    /** A page of the caller's tenant's jobs of one type, newest first. */
    public Page<Job> list(Caller caller, JobType type, Integer limit, String cursor) {
        return list(caller, type, null, limit, cursor);
    }

    /** A page of the caller's tenant's jobs of one type on one entity ({@code contact}, ...; any when null). */
    public Page<Job> list(Caller caller, JobType type, String entity, Integer limit, String cursor) {
        return queries.list(new JobQueries.JobFilter(caller.tenantId(), type, null, null, null, null,
                Cursor.decode(cursor), Cursor.limit(limit, 50, 500), entity));
    }

    /** Cancels a job the caller may see, of {@code type} (any when null). */
    public Job cancel(Caller caller, UUID id, JobType type) {
        visible(caller, id, type);
        return lifecycle.cancel(id);
    }

    /** Another try of a dead, failed or cancelled job the caller may see. */
    public Job retry(Caller caller, UUID id) {
        visible(caller, id, null);
        return lifecycle.revive(id);
    }

    /** The word the 404 uses: "Import", "Export", "Rollback", or "Job" for any type. */
    static String kind(JobType type) {
        if (type == null) {
            return "Job";
        }
        String name = type.apiName();
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
