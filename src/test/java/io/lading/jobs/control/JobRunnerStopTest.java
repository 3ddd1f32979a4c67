package io.lading.jobs.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.jobs.control.JobLifecycle.Ending;
import io.lading.jobs.entity.Job;
import io.lading.jobs.entity.JobPriority;
import io.lading.jobs.entity.JobType;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.StepExecution;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A job is settled whether or not its batch execution ever reports an end: one whose batch thread died keeps saying
 * STARTED, and must hold neither its runner nor its job for good.
 */
class JobRunnerStopTest {

    private static final long EXECUTION = 41;

    private final AtomicReference<BatchStatus> status = new AtomicReference<>(BatchStatus.STARTED);
    private final AtomicInteger stops = new AtomicInteger();
    /** The steps the execution has begun, as the batch runtime reports them. */
    private final List<StepExecution> steps = new ArrayList<>();
    private final AtomicReference<Boolean> cancelAsked = new AtomicReference<>(Boolean.TRUE);
    /** When the job row last changed other than by a heartbeat: a committed chunk changes it. */
    private final AtomicReference<OffsetDateTime> lastChange = new AtomicReference<>(OffsetDateTime.now());
    /** Runs at each heartbeat, after the row is read: what the batch thread does meanwhile. */
    private volatile Runnable betweenBeats = () -> { };
    private final AtomicInteger beats = new AtomicInteger();
    private final JobRunner runner = new JobRunner();
    private final EngineSettings settings = new EngineSettings();
    private final Job job = Job.submitted(JobType.IMPORT, UUID.randomUUID(), JobPriority.NORMAL, 3, null, null);

    JobRunnerStopTest() {
        job.retryPolicy(null, 60);
        settings.progressGraceSeconds = 600;
        runner.settings = settings;
        runner.shutdown = new NodeShutdown();
        runner.ends = new ExecutionEnds();
        runner.rows = new JobRows() {
            @Override
            public Beat heartbeat(UUID jobId, long epoch) {
                beats.incrementAndGet();
                Beat beat = cancelAsked.get() == null ? null : new Beat(cancelAsked.get(), lastChange.get());
                betweenBeats.run();
                return beat;
            }
        };
    }

    /** A batch runtime running one execution; {@code stopWorks} says whether its thread is alive to stop it. */
    private JobOperator batchRuntime(boolean stopWorks) {
        return batchRuntime(stopWorks, true);
    }

    /** ... and {@code stepEnds} whether the step runs to its end once the runner has seen it begin. */
    private JobOperator batchRuntime(boolean stopWorks, boolean stepEnds) {
        JobExecution execution = (JobExecution) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {JobExecution.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getBatchStatus")) {
                        return status.get();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return (JobOperator) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {JobOperator.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getJobExecution":
                            assertEquals(EXECUTION, args[0]);
                            return execution;
                        case "getStepExecutions":
                            assertEquals(EXECUTION, args[0]);
                            if (!steps.isEmpty() && stepEnds) {
                                status.set(BatchStatus.COMPLETED); // the step runs to its end after this look
                            }
                            return List.copyOf(steps);
                        case "stop":
                            stops.incrementAndGet();
                            if (stopWorks) {
                                status.set(BatchStatus.STOPPED);
                            } else {
                                status.set(BatchStatus.STOPPING);
                            }
                            return null;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    @Test
    void anExecutionThatSaysStartedButNeverBeganAStepFailsTheAttemptSoThatItIsRetried() {
        cancelAsked.set(Boolean.FALSE);
        settings.stopGraceSeconds = 300;
        settings.stepStartGraceSeconds = 0;
        runner.operator = batchRuntime(true);

        JobRunner.Outcome outcome = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> runner.await(job, 1, EXECUTION, new JobRunner.Outage(job.id())));

        assertEquals(Ending.FAILED, outcome.ending());
        assertTrue(outcome.detail().contains("ran no step"), outcome.detail());
        assertEquals(1, stops.get(), "the execution is asked to stop, should its thread still be there");
    }

    @Test
    void anExecutionRunningItsStepIsLeftToRun() {
        cancelAsked.set(Boolean.FALSE);
        settings.stopGraceSeconds = 300;
        settings.stepStartGraceSeconds = 0;
        steps.add((StepExecution) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {StepExecution.class}, (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                }));
        runner.operator = batchRuntime(true);

        JobRunner.Outcome outcome = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> runner.await(job, 1, EXECUTION, new JobRunner.Outage(job.id())));

        assertEquals(Ending.COMPLETED, outcome.ending());
        assertEquals(0, stops.get());
    }

    @Test
    void anExecutionThatStopsEndsTheJobCancelled() {
        settings.stopGraceSeconds = 300;
        settings.stepStartGraceSeconds = 60;
        runner.operator = batchRuntime(true);

        Ending ending = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> runner.await(job, 1, EXECUTION, new JobRunner.Outage(job.id()))).ending();

        assertEquals(Ending.CANCELLED, ending);
        assertEquals(1, stops.get());
    }

    @Test
    void anExecutionThatNeverStopsIsLeftBehindAfterTheGraceAndTheJobIsStillSettledCancelled() {
        settings.stopGraceSeconds = 1;
        settings.stepStartGraceSeconds = 60;
        runner.operator = batchRuntime(false);

        Ending ending = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> runner.await(job, 1, EXECUTION, new JobRunner.Outage(job.id()))).ending();

        assertEquals(Ending.CANCELLED, ending);
        assertEquals(1, stops.get(), "asked to stop once, not again on every heartbeat");
        assertEquals(BatchStatus.STOPPING, status.get(), "the runtime never reported it stopped");
    }

    @Test
    void anExecutionThatCommitsNothingForTheProgressGraceIsStoppedAndItsAttemptFails() {
        stepRunningWithAProgressGraceOfOneSecond();
        runner.operator = batchRuntime(true, false);

        JobRunner.Outcome outcome = awaitWithin(Duration.ofSeconds(20));

        assertEquals(Ending.FAILED, outcome.ending());
        assertTrue(outcome.detail().contains("committed no progress for 1 s"), outcome.detail());
        assertEquals(1, stops.get());
        assertTrue(beats.get() >= 2, "the quiet time is measured between heartbeats: " + beats.get());
    }

    @Test
    void aStalledExecutionWhoseThreadIsGoneIsSettledAfterTheStopGrace() {
        stepRunningWithAProgressGraceOfOneSecond();
        settings.stopGraceSeconds = 1;
        runner.operator = batchRuntime(false, false);

        JobRunner.Outcome outcome = awaitWithin(Duration.ofSeconds(20));

        assertEquals(Ending.FAILED, outcome.ending());
        assertTrue(outcome.detail().contains("committed no progress"), outcome.detail());
        assertEquals(BatchStatus.STOPPING, status.get(), "the runtime never reported it stopped");
    }

    @Test
    void anExecutionThatKeepsCommittingChunksIsLeftToRunLongerThanTheProgressGrace() {
        stepRunningWithAProgressGraceOfOneSecond();
        betweenBeats = () -> {
            lastChange.set(lastChange.get().plusSeconds(2)); // a chunk committed since the last beat
            if (beats.get() == 4) {
                status.set(BatchStatus.COMPLETED);
            }
        };
        runner.operator = batchRuntime(true, false);

        JobRunner.Outcome outcome = awaitWithin(Duration.ofSeconds(30));

        assertEquals(Ending.COMPLETED, outcome.ending());
        assertEquals(0, stops.get());
        assertEquals(4, beats.get(), "it ran four heartbeats, twice the progress grace");
    }

    /** No cancel asked; the execution has begun its step, and the runner looks at once. */
    private void stepRunningWithAProgressGraceOfOneSecond() {
        cancelAsked.set(Boolean.FALSE);
        settings.stepStartGraceSeconds = 0;
        settings.progressGraceSeconds = 1;
        steps.add((StepExecution) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {StepExecution.class}, (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                }));
    }

    private JobRunner.Outcome awaitWithin(Duration limit) {
        return assertTimeoutPreemptively(limit, () -> runner.await(job, 1, EXECUTION, new JobRunner.Outage(job.id())));
    }
}
