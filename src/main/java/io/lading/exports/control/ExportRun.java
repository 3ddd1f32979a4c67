package io.lading.exports.control;

import jakarta.batch.runtime.context.JobContext;
import java.util.List;

/**
 * What the export's reader and writer share within one execution (the job context's transient data): where
 * reading starts, which the writer decides as it opens the upload (and, for ranges that COPY writes, moves to the
 * last row of each), and whether the last row has been read.
 */
final class ExportRun {

    private List<Object> startAfter;
    private boolean exhausted;

    static synchronized ExportRun of(JobContext context) {
        if (context.getTransientUserData() instanceof ExportRun existing) {
            return existing;
        }
        ExportRun run = new ExportRun();
        context.setTransientUserData(run);
        return run;
    }

    /** The sort key of the last row already in the file, or null to read from the first. */
    List<Object> startAfter() {
        return startAfter;
    }

    void startAfter(List<Object> key) {
        this.startAfter = key;
    }

    boolean exhausted() {
        return exhausted;
    }

    void exhausted(boolean exhausted) {
        this.exhausted = exhausted;
    }
}
