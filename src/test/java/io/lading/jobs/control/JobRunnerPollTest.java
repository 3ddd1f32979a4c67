package io.lading.jobs.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobRunnerPollTest {

    @Test
    void aJobJustStartedIsLookedAtWithinMilliseconds() {
        assertEquals(Duration.ofMillis(2), JobRunner.pollInterval(Instant.now()));
    }

    @Test
    void theWaitGrowsWithTheRunSoAShortJobIsNotOvershotByMuch() {
        Duration wait = JobRunner.pollInterval(Instant.now().minusMillis(400));
        assertEquals(100, wait.toMillis(), 5);
    }

    @Test
    void aLongRunIsLookedAtFiveTimesASecond() {
        assertEquals(Duration.ofMillis(200), JobRunner.pollInterval(Instant.now().minusSeconds(30)));
    }
}
