package io.lading.jobs.entity;

/** A status change the state machine does not allow, e.g. cancelling a completed job. */
public class IllegalTransitionException extends RuntimeException {

    private final JobStatus from;
    private final JobStatus to;

    public IllegalTransitionException(JobStatus from, JobStatus to) {
        super("A " + from.apiName() + " job cannot become " + to.apiName());
        this.from = from;
        this.to = to;
    }

    public JobStatus from() {
        return from;
    }

    public JobStatus to() {
        return to;
    }
}
