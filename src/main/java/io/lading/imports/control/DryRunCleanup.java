package io.lading.imports.control;

import io.lading.imports.entity.ImportSettings;
import io.lading.jobs.entity.Job;
import io.lading.jobs.entity.JobStatus;
import io.lading.jobs.entity.JobStatusRecorded;
import io.lading.jobs.entity.JobType;
import io.lading.platform.JsonbConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * Drops the emails a dry run met ({@link DryRunEmails}) in the transaction that records it completed. Not on
 * failure or cancel: a retry resumes from the checkpoint and needs them (retention removes them with the job).
 * Done here rather than in a last step of the batch job: a step costs every import a step execution's rows in the
 * batch repository, and most imports are not dry runs.
 */
@ApplicationScoped
public class DryRunCleanup {

    @PersistenceContext
    EntityManager em;

    void onStatusRecorded(@Observes JobStatusRecorded recorded) {
        Job job = recorded.job();
        if (job.type() != JobType.IMPORT || job.status() != JobStatus.COMPLETED || job.parameters() == null
                || !JsonbConfiguration.jsonb().fromJson(job.parameters(), ImportSettings.class).dryRun()) {
            return;
        }
        em.createNativeQuery("delete from import_seen_emails where job_id = ?1").setParameter(1, job.id())
                .executeUpdate();
    }
}
