package io.lading.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchesTest {

    @Test
    void fullBatchesAreFollowedByAnotherUntilOneComesBackShort() {
        Deque<Integer> results = new ArrayDeque<>(List.of(500, 500, 3, 500));
        assertEquals(1003, Batches.repeatWhileFull(500, results::pop));
        assertEquals(List.of(500), List.copyOf(results));
    }

    @Test
    void anEmptyFirstBatchEndsTheRun() {
        Deque<Integer> results = new ArrayDeque<>(List.of(0, 500));
        assertEquals(0, Batches.repeatWhileFull(500, results::pop));
        assertEquals(1, results.size());
    }
}
