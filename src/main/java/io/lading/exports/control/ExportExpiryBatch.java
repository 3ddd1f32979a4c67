package io.lading.exports.control;

import io.lading.jobs.entity.Job;
import io.lading.jobs.control.JobLifecycle;
import io.lading.jobs.entity.JobStatus;
import io.lading.jobs.entity.JobType;
import io.lading.storage.control.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * One batch of the export expiry, in its own transaction: rows are claimed with {@code FOR UPDATE SKIP LOCKED},
 * so runs on several nodes at once share the work instead of repeating it. The status change goes through
 * {@link JobLifecycle#expire} (the state machine allows completed → expired only), which records it in the
 * timeline.
 */
@ApplicationScoped
@Transactional
public class ExportExpiryBatch {

    private static final Logger LOG = Logger.getLogger(ExportExpiryBatch.class.getName());
    static final int SIZE = 100;

    @PersistenceContext
    EntityManager em;

    @Inject
    ObjectStore store;

    @Inject
    JobLifecycle lifecycle;

    public int expireBatch(Duration olderThan, UUID tenantId) {
        Query query = em.createNativeQuery("select id from jobs where type = ?4 and status = ?5"
                        + " and completed_at <= now() - make_interval(secs => ?1)"
                        + (tenantId == null ? "" : " and tenant_id = ?3")
                        + " order by completed_at limit ?2 for update skip locked")
                .setParameter(1, (double) olderThan.toSeconds())
                .setParameter(2, SIZE)
                .setParameter(4, JobType.EXPORT.name())
                .setParameter(5, JobStatus.COMPLETED.name());
        if (tenantId != null) {
            query.setParameter(3, tenantId);
        }
        @SuppressWarnings("unchecked")
        List<UUID> due = query.getResultList();
        for (UUID id : due) {
            deleteFile(em.find(Job.class, id));
            lifecycle.expire(id, "expired: file deleted");
        }
        return due.size();
    }

    private void deleteFile(Job job) {
        if (job.file().key() == null) {
            return;
        }
        try {
            store.delete(job.file().key());
        } catch (RuntimeException e) {
            // The job expires all the same: its link must stop working; the object is left to the bucket's lifecycle.
            LOG.warning(() -> "Could not delete " + job.file().key() + " of expired export " + job.id() + ": " + e);
        }
    }
}
