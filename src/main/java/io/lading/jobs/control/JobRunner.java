package io.lading.jobs.control;

import io.lading.jobs.control.JobLifecycle.Claim;
import io.lading.jobs.control.JobLifecycle.Decision;
import io.lading.jobs.control.JobLifecycle.Ending;
import io.lading.jobs.entity.Job;
import io.lading.platform.DatabaseOutage;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.StepExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Runs one job on this node from start to settled status, on the thread of the message that carried it.
 * Holding that thread for the whole run is what bounds the jobs a node runs at once (the consumer's
 * session count), so jobs beyond it wait in the broker, where a crash cannot lose them.
 *
 * <p>Called without a transaction: Jakarta Batch jobs must be started outside one.
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class.getName());
    /**
     * The status poll: one look every 200 ms while the job runs, unless {@link ExecutionEnds} says it has ended
     * sooner; from then a look after a quarter of the time since, at least 2 ms, until the runtime has written
     * how it ended (a few milliseconds after).
     */
    private static final long POLL_MIN_MILLIS = 2;
    private static final long POLL_MAX_MILLIS = 200;
    private static final Duration HEARTBEAT = Duration.ofSeconds(2);
    /** How long the runner waits out a database it cannot reach before leaving the job to the orphan sweep. */
    static final Duration OUTAGE_PATIENCE = Duration.ofMinutes(2);
    private static final Duration OUTAGE_POLL = Duration.ofSeconds(1);
    static final long DEFER_MILLIS = 2000;

    /** Package-private so that a test can hand the runner a batch runtime of its own. */
    volatile JobOperator operator;

    @Inject
    JobLifecycle lifecycle;

    @Inject
    JobRows rows;

    @Inject
    @ConfigProperties
    EngineSettings settings;

    @Inject
    NodeShutdown shutdown;

    @Inject
    ExecutionEnds ends;

    public void run(UUID jobId) {
        Claim claim = lifecycle.claim(jobId);
        if (claim.decision() == Decision.SKIP) {
            LOG.fine(() -> "Skipping message for job " + jobId + ": " + claim.reason());
            return;
        }
        if (claim.decision() == Decision.DEFER) {
            lifecycle.deferred(jobId, DEFER_MILLIS);
            return;
        }
        Job job = claim.job();
        long epoch = claim.epoch();
        long execution;
        try {
            execution = launch(job, epoch);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Batch job of " + jobId + " did not start", e);
            rows.recordFailure(jobId, epoch, "START_FAILED", "The batch job could not start: " + e.getMessage(), false);
            lifecycle.finish(jobId, epoch, Ending.FAILED, e.getMessage());
            return;
        }
        Outage outage = new Outage(jobId);
        outage.waitOut("record its batch execution", () -> rows.recordExecution(jobId, epoch, execution));
        Outcome outcome;
        try {
            outcome = await(job, epoch, execution, outage);
        } finally {
            ends.forget(execution);
        }
        String detail = outcome.detail() != null ? outcome.detail()
                : outcome.ending() == Ending.TIMED_OUT ? settings.timeout(job).toString() : outage.describe();
        outage.waitOut("settle it", () -> lifecycle.finish(jobId, epoch, outcome.ending(), detail));
    }

    /** Looked up once: {@code BatchRuntime.getJobOperator()} walks the class path's service files on every call. */
    private JobOperator operator() {
        JobOperator found = operator;
        if (found == null) {
            found = BatchRuntime.getJobOperator();
            operator = found;
        }
        return found;
    }

    /** Continues the previous execution from its checkpoint where there is one, else starts anew. */
    private long launch(Job job, long epoch) {
        JobOperator operator = operator();
        Properties parameters = new Properties();
        parameters.setProperty(CurrentJob.JOB_ID, job.id().toString());
        parameters.setProperty(CurrentJob.OWNER_EPOCH, Long.toString(epoch));
        if (job.batchExecutionId() != null) {
            Properties restart = new Properties();
            restart.putAll(parameters);
            // The job row, not the batch runtime's guess, says the old execution is dead (JBeret reads this;
            // other runtimes ignore it).
            restart.setProperty("jberet.restart.mode", "force");
            try {
                return operator.restart(job.batchExecutionId(), restart);
            } catch (RuntimeException notRestartable) {
                // A crashed execution still looks STARTED to the batch runtime; the readers resume from the
                // job row's own checkpoint, so a fresh execution continues just the same.
                LOG.fine(() -> "Execution " + job.batchExecutionId() + " not restartable (" + notRestartable
                        + "); starting a new one");
            }
        }
        return operator.start(job.type().batchJobName(), parameters);
    }

    /**
     * Waits for the execution to end, beating the job's heartbeat. A database outage (the batch repository and
     * the job row are both there) does not end the wait: the execution fails or carries on by itself, and this
     * thread keeps polling until it can tell, so the job is settled by its own node rather than left to go stale.
     * An execution whose batch thread is gone never ends by itself: one that began no step, or committed nothing
     * for the progress grace, fails its attempt (retried from the job's checkpoint).
     */
    Outcome await(Job job, long epoch, long execution, Outage outage) {
        JobOperator operator = operator();
        Instant started = Instant.now();
        Instant deadline = started.plus(settings.timeout(job));
        // The claim has just beaten the heartbeat: a job that ends within one interval never writes it again.
        Instant nextBeat = started.plus(HEARTBEAT);
        Ending stopReason = null;
        Instant stopAsked = null;
        boolean stepSeen = false;
        // The job row's last change other than a heartbeat, and since when (by this node's clock) it has not
        // changed while the execution ran and the database answered: no chunk committed in that time.
        OffsetDateTime lastChange = null;
        Instant quietSince = null;
        String stall = null;
        Instant endedAt = null;
        while (true) {
            BatchStatus status;
            try {
                status = operator.getJobExecution(execution).getBatchStatus();
            } catch (RuntimeException e) {
                outage.noticedOrRethrow(e);
                quietSince = null;
                sleep(OUTAGE_POLL);
                continue;
            }
            switch (status) {
                case COMPLETED:
                    return new Outcome(Ending.COMPLETED, null);
                case FAILED:
                case ABANDONED:
                    return new Outcome(stopReason == Ending.TIMED_OUT ? Ending.TIMED_OUT : Ending.FAILED, stall);
                case STOPPED:
                    return new Outcome(stopReason != null ? stopReason : Ending.INTERRUPTED, stall);
                default:
                    break;
            }
            if (status != BatchStatus.STARTED) {
                quietSince = null; // still waiting for a batch thread, or stopping: not a stall of its step
            }
            if (!stepSeen && stopReason == null && status == BatchStatus.STARTED
                    && Instant.now().isAfter(started.plus(settings.stepStartGrace()))) {
                List<StepExecution> steps;
                try {
                    steps = operator.getStepExecutions(execution);
                } catch (RuntimeException e) {
                    outage.noticedOrRethrow(e);
                    sleep(OUTAGE_POLL);
                    continue;
                }
                if (steps.isEmpty()) {
                    // JBeret marks an execution STARTED, writes that, then runs its steps; when the write fails the
                    // batch thread ends with the error and the execution says STARTED for good.
                    String reason = "Batch execution " + execution + " reported started but ran no step within "
                            + settings.stepStartGrace().toSeconds() + " s: its batch thread ended with an error (server log)";
                    LOG.warning(() -> "Job " + job.id() + ": " + reason + "; the attempt fails and is retried");
                    stop(operator, execution);
                    return new Outcome(Ending.FAILED, reason);
                }
                stepSeen = true;
            }
            if (stopAsked != null && Instant.now().isAfter(stopAsked.plus(settings.stopGrace()))) {
                Ending given = stopReason;
                LOG.warning(() -> "Job " + job.id() + ": batch execution " + execution + " is still " + status + " "
                        + settings.stopGrace().toSeconds() + " s after it was asked to stop; its thread is gone or"
                        + " stuck, so the job is settled as " + given.name().toLowerCase(Locale.ROOT)
                        + " without it");
                return new Outcome(given, stall);
            }
            if (Instant.now().isAfter(nextBeat)) {
                nextBeat = Instant.now().plus(HEARTBEAT);
                JobRows.Beat beat;
                try {
                    beat = rows.heartbeat(job.id(), epoch);
                } catch (RuntimeException e) {
                    outage.noticedOrRethrow(e);
                    quietSince = null;
                    sleep(OUTAGE_POLL);
                    continue;
                }
                outage.over();
                Instant now = Instant.now();
                if (beat != null && (quietSince == null || !beat.lastChange().equals(lastChange))) {
                    lastChange = beat.lastChange();
                    quietSince = status == BatchStatus.STARTED ? now : null;
                }
                if (stopReason == null && beat != null && beat.cancelRequested()) {
                    stopReason = Ending.CANCELLED;
                } else if (stopReason == null && now.isAfter(deadline)) {
                    stopReason = Ending.TIMED_OUT;
                } else if (stopReason == null && shutdown.underway()) {
                    // Stopped at a chunk boundary rather than drained: finish() queues it to resume.
                    stopReason = Ending.INTERRUPTED;
                } else if (beat == null && stopReason == null) {
                    // No longer ours: another node resumed it after our heartbeat went stale.
                    stopReason = Ending.INTERRUPTED;
                } else if (stopReason == null && quietSince != null
                        && now.isAfter(quietSince.plus(settings.progressGrace()))) {
                    // A thread that died inside its step leaves the execution STARTED for good; a live but stuck
                    // one stops at its next chunk boundary. Either way the attempt fails and is retried.
                    stall = "Batch execution " + execution + " committed no progress for "
                            + settings.progressGrace().toSeconds() + " s: its batch thread is stuck or ended with an"
                            + " error (server log)";
                    String reason = stall;
                    LOG.warning(() -> "Job " + job.id() + ": " + reason + "; the attempt fails and is retried");
                    stopReason = Ending.FAILED;
                }
                if (stopReason != null && stopAsked == null) {
                    stopAsked = Instant.now();
                    stop(operator, execution);
                }
            }
            if (endedAt == null) {
                endedAt = awaitEnd(execution) ? Instant.now() : null;
            } else {
                sleep(pollInterval(endedAt));
            }
        }
    }

    /** Whether the execution's job said it ended within one long poll interval. */
    private boolean awaitEnd(long execution) {
        try {
            return ends.await(execution, Duration.ofMillis(POLL_MAX_MILLIS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while a job ran", e);
        }
    }

    /** How an execution ended, and why when the batch runtime could not say (null: the usual reason). */
    record Outcome(Ending ending, String detail) {
    }

    static Duration pollInterval(Instant since) {
        long elapsed = Duration.between(since, Instant.now()).toMillis();
        return Duration.ofMillis(Math.max(POLL_MIN_MILLIS, Math.min(POLL_MAX_MILLIS, elapsed / 4)));
    }

    /**
     * The database outages one run of a job lived through: the runner's own writes (execution id, final
     * status) are repeated until the database answers again, within {@link #OUTAGE_PATIENCE}; after that the
     * error propagates, the broker redelivers, and the orphan sweep resumes the job once its heartbeat is stale.
     */
    static final class Outage {
        private final UUID jobId;
        private Instant since;
        private Duration total = Duration.ZERO;
        private String lastError;

        Outage(UUID jobId) {
            this.jobId = jobId;
        }

        /**
         * Notes an outage, or rethrows: an error that is not a database outage (the batch runtime stopping with
         * the deployment, a bug), or an outage longer than {@link #OUTAGE_PATIENCE}.
         */
        void noticedOrRethrow(RuntimeException error) {
            if (!DatabaseOutage.explains(error)
                    || (since != null && Instant.now().isAfter(since.plus(OUTAGE_PATIENCE)))) {
                throw error;
            }
            lastError = error.toString();
            if (since == null) {
                since = Instant.now();
                LOG.warning(() -> "Job " + jobId + ": the database does not answer (" + error
                        + "); waiting for it to come back");
            }
        }

        void over() {
            if (since != null) {
                Duration lasted = Duration.between(since, Instant.now());
                total = total.plus(lasted);
                since = null;
                LOG.info(() -> "Job " + jobId + ": the database answers again after " + lasted.toSeconds() + " s");
            }
        }

        void waitOut(String what, Runnable write) {
            while (true) {
                try {
                    write.run();
                    over();
                    return;
                } catch (RuntimeException e) {
                    noticedOrRethrow(e);
                    LOG.fine(() -> "Job " + jobId + ": could not " + what + " yet: " + e);
                    sleep(OUTAGE_POLL);
                }
            }
        }

        /** The reason a failed run gives when no step recorded one (it could not: the database was away). */
        String describe() {
            over();
            return total.isZero() ? "" : "The database was unreachable for " + Math.max(1, total.toSeconds())
                    + " s during the run (" + lastError + ")";
        }
    }

    private static void stop(JobOperator operator, long execution) {
        try {
            operator.stop(execution);
        } catch (RuntimeException alreadyEnded) {
            LOG.fine(() -> "Stop of execution " + execution + ": " + alreadyEnded);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while a job ran", e);
        }
    }
}
