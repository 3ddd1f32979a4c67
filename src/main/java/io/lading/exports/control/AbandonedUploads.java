package io.lading.exports.control;

import io.lading.exports.entity.ExportCheckpoint;
import io.lading.jobs.entity.JobEnded;
import io.lading.jobs.entity.JobType;
import io.lading.storage.control.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * Aborts the multipart upload of an export that ended without completing: cancelled while it waited for a
 * retry, failed, or dead after its attempts. (A running export that is cancelled aborts its own upload; this covers the
 * ones no writer is running for, which would otherwise keep their parts in the bucket.) A revived export then
 * starts its file over.
 *
 * <p>Reads the upload from the event, never from the database: see {@link JobEnded}.
 */
@ApplicationScoped
public class AbandonedUploads {

    private static final Logger LOG = Logger.getLogger(AbandonedUploads.class.getName());

    @Inject
    ObjectStore store;

    void abort(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobEnded ended) {
        if (ended.type() != JobType.EXPORT || ended.fileKey() == null) {
            return;
        }
        try {
            ExportCheckpoint checkpoint = ExportCheckpoint.fromJson(ended.checkpointState());
            if (checkpoint != null && checkpoint.uploadId() != null) {
                store.abortMultipart(ended.fileKey(), checkpoint.uploadId());
                LOG.info(() -> "Aborted upload " + checkpoint.uploadId() + " of " + ended.status().apiName()
                        + " export " + ended.jobId());
            }
        } catch (RuntimeException e) {
            // S3 away: the bucket's lifecycle rule for incomplete uploads is the backstop (README).
            LOG.warning(() -> "Could not abort the upload of export " + ended.jobId() + ": " + e);
        }
    }
}
