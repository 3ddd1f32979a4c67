package io.lading.imports.control;

import io.lading.imports.entity.ImportSettings;
import io.lading.jobs.control.EngineSettings;
import io.lading.jobs.control.JobLifecycle;
import io.lading.jobs.entity.Job;
import io.lading.jobs.entity.JobPriority;
import io.lading.jobs.entity.JobStatus;
import io.lading.jobs.entity.JobType;
import io.lading.platform.JsonbConfiguration;
import io.lading.platform.ProblemException;
import io.lading.records.control.RecordKinds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Undo of an import: deletes the contacts it created and gives the ones it updated their previous values,
 * as a job of its own ({@code import-rollback}). Refused while the import is not finished, or when a later
 * import changed some of the same contacts: rolling back then would silently undo that import's work too.
 */
@ApplicationScoped
@Transactional
public class ImportRollback {

    @PersistenceContext
    EntityManager em;

    @Inject
    JobLifecycle lifecycle;

    @Inject
    RecordKinds kinds;

    @Inject
    @ConfigProperties
    EngineSettings engine;

    /** Checks, marks the import {@code rolling_back} and queues the rollback job; all or nothing. */
    public Job request(UUID importId) {
        Job imported = em.find(Job.class, importId, LockModeType.PESSIMISTIC_WRITE);
        if (imported.status() != JobStatus.COMPLETED) {
            throw ProblemException.conflict("JOB_NOT_ROLLBACKABLE", "Only a completed import can be rolled back; this one is "
                    + imported.status().apiName());
        }
        if (JsonbConfiguration.jsonb().fromJson(imported.parameters(), ImportSettings.class).dryRun()) {
            throw ProblemException.conflict("JOB_NOT_ROLLBACKABLE", "A dry run wrote nothing to roll back");
        }
        List<UUID> later = laterImportsOverSameRecords(importId, kinds.named(imported.entity()).table());
        if (!later.isEmpty()) {
            throw ProblemException.conflict("JOB_NOT_ROLLBACKABLE", "Later imports changed contacts of this one: "
                    + later.stream().map(UUID::toString).collect(Collectors.joining(", "))
                    + ". Roll those back first.");
        }
        Job rollback = Job.submitted(JobType.ROLLBACK, imported.tenantId(), JobPriority.HIGH,
                engine.defaultMaxAttempts(), null, importId).forEntity(imported.entity());
        rollback.attachFile(imported.file().name(), null, null);
        return lifecycle.beginRollback(imported, rollback);
    }

    /**
     * Imports that are not rolled back and overwrote contacts this import created or updated: either the
     * contact now names another import, or another import kept this import's values as "previous".
     */
    @SuppressWarnings("unchecked")
    private List<UUID> laterImportsOverSameRecords(UUID importId, String table) {
        return em.createNativeQuery("""
                        select distinct c.last_import_id from %s c
                          join import_changes p on p.contact_id = c.id and p.job_id = ?1
                         where c.last_import_id is distinct from ?1 and c.last_import_id is not null
                        union
                        select distinct p.job_id from import_changes p join jobs j on j.id = p.job_id
                         where (p.previous ->> 'last_import_id') = ?2 and p.job_id <> ?1
                           and j.status not in (?3, ?4, ?5, ?6)
                        limit 10""".formatted(table))
                .setParameter(1, importId).setParameter(2, importId.toString())
                .setParameter(3, JobStatus.ROLLED_BACK.name()).setParameter(4, JobStatus.CANCELLED.name())
                .setParameter(5, JobStatus.DEAD.name()).setParameter(6, JobStatus.FAILED.name())
                .getResultList();
    }
}
