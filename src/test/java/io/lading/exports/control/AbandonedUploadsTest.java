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
    private final AbandonedUploads uploads = new AbandonedUploads();

    AbandonedUploadsTest() {
        uploads.exportRows = new ExportRows() {
            @Override
            public ExportCheckpoint checkpoint(UUID jobId) {
                return ExportCheckpoint.started("upload-of-" + jobId);
            }
        };
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

        uploads.abort(new JobEnded(dead, JobType.EXPORT, JobStatus.DEAD, "exports/t/" + dead + ".csv"));
        uploads.abort(new JobEnded(cancelled, JobType.EXPORT, JobStatus.CANCELLED, "exports/t/" + cancelled + ".csv"));

        assertEquals(List.of("exports/t/" + dead + ".csv upload-of-" + dead,
                "exports/t/" + cancelled + ".csv upload-of-" + cancelled), aborted);
    }

    @Test
    void importsAndExportsThatNeverStartedAnUploadAreLeftAlone() {
        uploads.abort(new JobEnded(UUID.randomUUID(), JobType.IMPORT, JobStatus.DEAD, "uploads/t/file.csv"));
        uploads.exportRows = new ExportRows() {
            @Override
            public ExportCheckpoint checkpoint(UUID jobId) {
                return null;
            }
        };
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
