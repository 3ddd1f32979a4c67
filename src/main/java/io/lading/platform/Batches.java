package io.lading.platform;

import java.util.function.IntSupplier;

/**
 * Deletes (or any work) done in batches of a fixed size, each its own statement, so a large run never holds many
 * rows locked at once.
 */
public final class Batches {

    private Batches() {
    }

    /** Runs {@code batch} until one handles fewer than {@code size} rows; returns the rows all of them handled. */
    public static int repeatWhileFull(int size, IntSupplier batch) {
        int total = 0;
        int handled;
        do {
            handled = batch.getAsInt();
            total += handled;
        } while (handled >= size);
        return total;
    }
}
