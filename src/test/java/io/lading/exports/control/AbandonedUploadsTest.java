package io.lading.exports.control;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.exports.entity.ExportCheckpoint;
import io.lading.jobs.entity.JobEnded;
import io.lading.jobs.entity.JobStatus;
import io.lading.jobs.entity.JobType;
import io.lading.storage.control.ObjectStore;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class AbandonedUploadsTest {

    private final List<String> aborted = new ArrayList<>();
    private final AbandonedUploads uploads = new AbandonedUploads();

    /** An export that ended unfinished, as the job row last committed it: its upload in its checkpoint. */
    private static JobEnded export(UUID id, JobStatus status, String key) {
        return new JobEnded(id, JobType.EXPORT, status, key, ExportCheckpoint.started("upload-of-" + id).toJson());
    }

    AbandonedUploadsTest() {
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

        uploads.abort(export(dead, JobStatus.DEAD, "exports/t/" + dead + ".csv"));
        uploads.abort(export(cancelled, JobStatus.CANCELLED, "exports/t/" + cancelled + ".csv"));
        uploads.abort(export(failed, JobStatus.FAILED, "exports/t/" + failed + ".csv"));

        assertEquals(List.of("exports/t/" + dead + ".csv upload-of-" + dead,
                "exports/t/" + cancelled + ".csv upload-of-" + cancelled,
                "exports/t/" + failed + ".csv upload-of-" + failed), aborted);
    }

    @Test
    void importsAndExportsThatNeverStartedAnUploadAreLeftAlone() {
        uploads.abort(new JobEnded(UUID.randomUUID(), JobType.IMPORT, JobStatus.DEAD, "uploads/t/file.csv", null));
        uploads.abort(new JobEnded(UUID.randomUUID(), JobType.EXPORT, JobStatus.CANCELLED, "exports/t/x.csv", null));

        assertEquals(List.of(), aborted);
    }

    @Test
    void s3BeingAwayIsLoggedNotThrown() {
        List<String> attempts = new ArrayList<>();
        uploads.store = new ObjectStore() {
            @Override
            public void abortMultipart(String key, String uploadId) {
                attempts.add(key);
                throw new IllegalStateException("S3 is away");
            }
        };
        List<LogRecord> warnings = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(AbandonedUploads.class.getName());
        logger.addHandler(capture);
        UUID dead = UUID.randomUUID();
        try {
            assertDoesNotThrow(() -> uploads.abort(export(dead, JobStatus.DEAD, "exports/t/y.csv")),
                    "an observer that throws after the commit would surface as an error of the request or runner"
                            + " that settled the job");
        } finally {
            logger.removeHandler(capture);
        }

        assertEquals(List.of("exports/t/y.csv"), attempts, "the abort was tried");
        assertEquals(1, warnings.size(), "one warning for the upload left behind");
        assertTrue(warnings.get(0).getMessage().contains(dead.toString()) && warnings.get(0).getMessage().contains("S3 is away"),
                "the warning names the export and the cause: " + warnings.get(0).getMessage());
    }
}
