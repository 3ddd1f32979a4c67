package io.lading.exports.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lading.exports.entity.ExportCheckpoint;
import io.lading.jobs.entity.JobEnded;
import io.lading.jobs.entity.JobStatus;
import io.lading.jobs.entity.JobType;
import io.lading.storage.control.ObjectStore;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AbandonedUploadsTest {

    private final List<String> aborted = new ArrayList<>();
    private ExportCheckpoint stored;
    private final AbandonedUploads uploads = new AbandonedUploads() {
        @Override
        ExportCheckpoint checkpoint(UUID jobId) {
            return stored == null ? null : new ExportCheckpoint(stored.uploadId() + jobId, stored.parts(),
                    stored.bytes(), stored.rows(), stored.lastKey());
        }
    };

    AbandonedUploadsTest() {
        stored = ExportCheckpoint.started("upload-of-");
        uploads.store = new ObjectStore() {
            @Override
            public void abortMultipart(String key, String uploadId) {
                aborted.add(key + " " + uploadId);
            }
        };
    }

    @Test
    void anExportThatEndedUnfinishedHasItsUploadAborted() {
        UUID dead = UUID.randomUUID();
        UUID cancelled = UUID.randomUUID();
        UUID failed = UUID.randomUUID();

        uploads.abort(new JobEnded(dead, JobType.EXPORT, JobStatus.DEAD, "exports/t/" + dead + ".csv"));
        uploads.abort(new JobEnded(cancelled, JobType.EXPORT, JobStatus.CANCELLED, "exports/t/" + cancelled + ".csv"));
        uploads.abort(new JobEnded(failed, JobType.EXPORT, JobStatus.FAILED, "exports/t/" + failed + ".csv"));

        assertEquals(List.of("exports/t/" + dead + ".csv upload-of-" + dead,
                "exports/t/" + cancelled + ".csv upload-of-" + cancelled,
                "exports/t/" + failed + ".csv upload-of-" + failed), aborted);
    }

    @Test
    void importsAndExportsThatNeverStartedAnUploadAreLeftAlone() {
        uploads.abort(new JobEnded(UUID.randomUUID(), JobType.IMPORT, JobStatus.DEAD, "uploads/t/file.csv"));
        stored = null;
        uploads.abort(new JobEnded(UUID.randomUUID(), JobType.EXPORT, JobStatus.CANCELLED, "exports/t/x.csv"));

        assertEquals(List.of(), aborted);
    }

    @Test
    void s3BeingAwayIsLoggedNotThrown() {
        uploads.store = new ObjectStore() {
            @Override
            public void abortMultipart(String key, String uploadId) {
                throw new IllegalStateException("S3 is away");
            }
        };
        uploads.abort(new JobEnded(UUID.randomUUID(), JobType.EXPORT, JobStatus.DEAD, "exports/t/y.csv"));
    }
}
