package io.lading.imports.control;

import io.lading.imports.entity.ImportRow;
import io.lading.imports.entity.SourceRow;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * Reads and validates an import's rows ahead, on a thread of its own, so that parsing the file and checking
 * its rows overlap the chunk's database work instead of taking turns with it. Bounded: at most
 * {@value #BATCHES} batches of {@value #BATCH} rows wait, so memory does not grow with the file. Whatever the
 * thread hits (a broken file, S3 gone) is thrown by {@link #next()} on the caller's thread, in row order.
 */
final class RowPrefetch implements AutoCloseable {

    static final int BATCH = 500;
    static final int BATCHES = 16;

    private static final Object END = new Object();

    private final BlockingQueue<Object> ready = new ArrayBlockingQueue<>(BATCHES);
    private final Thread thread;
    private volatile boolean closed;
    private Iterator<ImportRow> current = Collections.emptyIterator();
    private boolean finished;

    RowPrefetch(RowSource source, BiFunction<SourceRow, ColumnMapping, ImportRow> validation, ColumnMapping mapping,
                ThreadFactory threads) {
        thread = threads.newThread(() -> readAhead(source, validation, mapping));
        thread.start();
    }

    private void readAhead(RowSource source, BiFunction<SourceRow, ColumnMapping, ImportRow> validation,
                           ColumnMapping mapping) {
        List<ImportRow> batch = new ArrayList<>(BATCH);
        try {
            try {
                SourceRow row;
                while (!closed && (row = source.nextRow()) != null) {
                    batch.add(validation.apply(row, mapping));
                    if (batch.size() == BATCH) {
                        ready.put(batch);
                        batch = new ArrayList<>(BATCH);
                    }
                }
                if (!batch.isEmpty()) {
                    ready.put(batch);
                }
                ready.put(END);
            } catch (IOException | RuntimeException | Error e) {
                if (!closed) {
                    // The rows before the failure still count (their chunks commit); then the failure.
                    if (!batch.isEmpty()) {
                        ready.put(batch);
                    }
                    ready.put(e);
                }
            }
        } catch (InterruptedException e) {
            // Closed while waiting for room: the reader is gone.
        }
    }

    /** The next row, validated, or null after the last one. */
    @SuppressWarnings("unchecked")
    ImportRow next() throws IOException {
        while (!current.hasNext()) {
            if (finished) {
                return null;
            }
            Object next;
            try {
                next = ready.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("Interrupted while waiting for the next rows");
            }
            if (next == END) {
                finished = true;
                return null;
            }
            if (next instanceof Throwable failure) {
                finished = true;
                throw rethrown(failure);
            }
            current = ((List<ImportRow>) next).iterator();
        }
        return current.next();
    }

    private static IOException rethrown(Throwable failure) {
        if (failure instanceof IOException io) {
            return io;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        throw new UncheckedIOException(new IOException(failure));
    }

    /**
     * Stops the thread. One blocked in a read of the file stops when the caller closes the source afterwards;
     * this waits only briefly for it.
     */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
