package io.lading.imports.control;

import io.lading.imports.entity.ImportParameters;
import io.lading.jobs.control.EngineSettings;
import io.lading.jobs.control.JobLifecycle;
import io.lading.jobs.entity.Job;
import io.lading.jobs.entity.JobPriority;
import io.lading.jobs.entity.JobStatus;
import io.lading.jobs.entity.JobType;
import io.lading.platform.JsonbConfiguration;
import io.lading.platform.ProblemException;
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
    @ConfigProperties
    EngineSettings engine;

    /** Checks, marks the import {@code rolling_back} and queues the rollback job; all or nothing. */
    public Job request(UUID importId) {
        Job imported = em.find(Job.class, importId, LockModeType.PESSIMISTIC_WRITE);
        if (imported.status() != JobStatus.COMPLETED) {
            throw ProblemException.conflict("JOB_NOT_ROLLBACKABLE", "Only a completed import can be rolled back; this one is "
                    + imported.status().apiName());
        }
        if (JsonbConfiguration.jsonb().fromJson(imported.parameters(), ImportParameters.class).dryRun()) {
            throw ProblemException.conflict("JOB_NOT_ROLLBACKABLE", "A dry run wrote nothing to roll back");
        }
        List<UUID> later = laterImportsOverSameRecords(imported);
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
     * Imports of the tenant, not rolled back, that overwrote records this import created or updated. Only
     * imports write a record's {@code last_import_id}, and an import that overwrites a record another import
     * wrote last keeps its previous values, naming that import, in the same transaction: so each such import
     * has a snapshot whose previous values name this one. Looked for among the tenant's imports that had not
     * completed when this one was created, one import's snapshots at a time and only until the first match:
     * the cost of the check does not grow with other tenants' history.
     */
    @SuppressWarnings("unchecked")
    private List<UUID> laterImportsOverSameRecords(Job imported) {
        return em.createNativeQuery("""
                        select j.id from jobs j
                         where j.tenant_id = ?1 and j.type = ?2 and j.id <> ?3 and j.status <> ?4
                           and (j.completed_at is null or j.completed_at >= ?5)
                           and exists (select from import_changes p
                                        where p.job_id = j.id and (p.previous ->> 'last_import_id') = ?6)
                         order by j.created_at limit 10""")
                .setParameter(1, imported.tenantId()).setParameter(2, JobType.IMPORT.name())
                .setParameter(3, imported.id()).setParameter(4, JobStatus.ROLLED_BACK.name())
                .setParameter(5, imported.createdAt()).setParameter(6, imported.id().toString())
                .getResultList();
    }
}
