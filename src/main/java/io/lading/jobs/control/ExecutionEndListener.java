package io.lading.jobs.control;

import jakarta.batch.api.listener.AbstractJobListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Every job definition's listener: wakes the runner that waits on this execution (see {@link ExecutionEnds}). */
@Dependent
@Named
public class ExecutionEndListener extends AbstractJobListener {

    @Inject
    JobContext job;

    @Inject
    ExecutionEnds ends;

    @Override
    public void afterJob() {
        ends.ended(job.getExecutionId());
    }
}
