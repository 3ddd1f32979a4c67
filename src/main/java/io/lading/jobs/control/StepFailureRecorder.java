package io.lading.jobs.control;

import jakarta.batch.api.listener.AbstractStepListener;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.UUID;

/**
 * Keeps the reason a step failed on the job row, where the runner reads it to choose between a retry and
 * {@code dead}: a {@link JobFailure} says itself whether retrying can help; anything else may be passing.
 */
@Dependent
@Named
public class StepFailureRecorder extends AbstractStepListener {

    @Inject
    StepContext step;

    @Inject
    CurrentJob job;

    @Inject
    JobRows rows;

    @Override
    public void afterStep() {
        Exception error = step.getException();
        if (error == null || step.getBatchStatus() == BatchStatus.STOPPED) {
            return;
        }
        UUID jobId = job.id();
        JobFailure failure = findFailure(error);
        if (failure != null) {
            rows.recordFailure(jobId, job.ownerEpoch(), failure.code(), failure.getMessage(), !failure.retryable());
        } else {
            Throwable root = error;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            rows.recordFailure(jobId, job.ownerEpoch(), "JOB_FAILED", "Step " + step.getStepName() + " failed: "
                    + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage()), false);
        }
    }

    private static JobFailure findFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof JobFailure failure) {
                return failure;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
