package io.lading.imports.control;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes an import's chunks on up to {@code writers} connections at once, each chunk in a transaction of its own,
 * and commits them in file order. One PostgreSQL backend checking a chunk's rows against the indexes is what
 * bounds an import; two chunks in flight keep two backends at work.
 *
 * <p>What keeps the order, and the job row's checkpoint a prefix of the file:
 * <ul>
 *   <li>a chunk {@link Chunk#begin begins} (takes the locks it holds until it commits) only after the chunk
 *       before it has, so chunks take shared locks in file order and a lock queued between them cannot stand
 *       a younger chunk before an older one;</li>
 *   <li>a chunk {@link Chunk#finish finishes} (advances the job row) and commits only after the chunk before it
 *       committed; if that one failed, it rolls back too. One that waits longer than its patience rolls back
 *       and is written again after the one before, so that no lock it holds closes a cycle through this wait,
 *       which the database could not see;</li>
 *   <li>a chunk that shares a key with a chunk still in flight waits until every chunk in flight has committed:
 *       chunks in flight never write the same record, so neither ever waits in the database for the other
 *       (which, with the younger waiting here for the older, would never end).</li>
 * </ul>
 * A chunk whose transaction does not commit leaves nothing; the chunks after it do not commit either, and the
 * first failure (in file order) is thrown by the next {@link #submit}, by {@link #drain} or by {@link #close}.
 * A crash loses only chunks that had not committed, none of which the checkpoint counts.
 */
final class ChunkCommits implements AutoCloseable {

    /** One chunk's work, on a connection of its own whose transaction commits after {@link #finish}. */
    interface Chunk {

        /** Takes the locks the chunk holds to its commit; runs after the chunk before has taken its own. */
        void begin(Connection connection) throws Exception;

        /** Writes the chunk's records. */
        void write(Connection connection) throws Exception;

        /** Advances the job row; runs after the chunk before has committed. */
        void finish(Connection connection) throws Exception;
    }

    /** Where a chunk's connection comes from; the chunk's thread closes it. */
    interface Connections {
        Connection open() throws SQLException;
    }

    private record InFlight(Set<String> keys, CompletableFuture<Void> begun, CompletableFuture<Void> committed) {
    }

    private final Connections connections;
    private final int writers;
    private final Duration patience;
    private final ExecutorService threads;
    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    private Exception failure;

    /**
     * {@code patience}: how long a chunk that has written its records waits, holding their locks, for the chunk
     * before it to commit; after that it rolls back and writes again once that one has.
     */
    ChunkCommits(Connections connections, int writers, Duration patience, ThreadFactory threadFactory) {
        if (writers < 1) {
            throw new IllegalArgumentException("writers must be at least 1, not " + writers);
        }
        this.connections = connections;
        this.writers = writers;
        this.patience = patience;
        this.threads = Executors.newFixedThreadPool(writers, threadFactory);
    }

    /**
     * Hands a chunk with these record keys to a writer, once one is free and no chunk in flight has any of the
     * keys. Throws the first failure of a chunk handed over before, if one has failed by now. The keys are read, not
     * copied: the caller leaves the set as it is.
     */
    void submit(Set<String> keys, Chunk chunk) throws Exception {
        settleDone();
        while (inFlight.size() >= writers) {
            awaitOldest();
        }
        if (sharesKeys(keys)) {
            drain();
        }
        InFlight previous = inFlight.peekLast();
        InFlight current = new InFlight(Collections.unmodifiableSet(keys), new CompletableFuture<>(),
                new CompletableFuture<>());
        inFlight.addLast(current);
        threads.execute(() -> run(chunk, previous, current));
    }

    /**
     * Writes a chunk in the caller's own transaction (on a connection opened once every chunk handed over has
     * committed), leaving the commit to the caller: where a writer thread would only wait, as for the file's
     * last chunk.
     */
    void writeHere(Chunk chunk, Connections connections) throws Exception {
        drain();
        try (Connection connection = connections.open()) {
            chunk.begin(connection);
            chunk.write(connection);
            chunk.finish(connection);
        }
    }

    /** Waits until every chunk handed over has committed; throws the first failure. */
    void drain() throws Exception {
        while (!inFlight.isEmpty()) {
            awaitOldest();
        }
    }

    /**
     * Waits for every chunk in flight to commit or roll back, so that none is still writing when the step ends,
     * stops the writers, and throws the first failure.
     */
    @Override
    public void close() throws Exception {
        for (InFlight chunk : inFlight) {
            chunk.committed().handle((done, failed) -> null).join();
        }
        threads.shutdown();
        // What is left of each chunk's thread is handing its connection back.
        if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("The import's writer threads did not end");
        }
        drain();
    }

    private void run(Chunk chunk, InFlight previous, InFlight current) {
        try (Connection connection = connections.open()) {
            connection.setAutoCommit(false);
            try {
                if (previous != null) {
                    previous.begun().join(); // completes normally, whatever became of the chunk
                }
                while (true) {
                    chunk.begin(connection);
                    current.begun().complete(null);
                    chunk.write(connection);
                    if (previous == null || committedWithin(previous, patience)) {
                        break;
                    }
                    // The earlier chunk may be waiting for a lock that someone waits for this one to let go of
                    // (another import's chunk, say): a cycle the database cannot see, as its last edge is here.
                    // Let go, and write the chunk again once the earlier one has committed.
                    connection.rollback();
                    previous.committed().get();
                    previous = null;
                }
                chunk.finish(connection);
                connection.commit();
                current.committed().complete(null);
            } catch (Throwable e) {
                rollBack(connection, e);
                current.committed().completeExceptionally(e);
            } finally {
                current.begun().complete(null);
                connection.setAutoCommit(true);
            }
        } catch (Throwable e) {
            current.begun().complete(null);
            current.committed().completeExceptionally(e);
        }
    }

    /** Whether the chunk committed within the time; throws its failure if it failed. */
    private static boolean committedWithin(InFlight chunk, Duration time) throws Exception {
        try {
            chunk.committed().get(time.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    private static void rollBack(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private boolean sharesKeys(Set<String> keys) {
        for (InFlight chunk : inFlight) {
            if (!Collections.disjoint(chunk.keys(), keys)) {
                return true;
            }
        }
        return false;
    }

    /** Takes the chunks at the head that are done off the queue (throwing the first failure). */
    private void settleDone() throws Exception {
        throwFailure();
        while (!inFlight.isEmpty() && inFlight.peekFirst().committed().isDone()) {
            awaitOldest();
        }
    }

    private void awaitOldest() throws Exception {
        throwFailure();
        InFlight oldest = inFlight.peekFirst();
        try {
            oldest.committed().get();
            inFlight.removeFirst();
        } catch (ExecutionException e) {
            // The chunks after it roll back as they learn of it; the first failure is the one to report.
            failure = asException(e.getCause());
            throw failure;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    private void throwFailure() throws Exception {
        if (failure != null) {
            throw failure;
        }
    }

    private static Exception asException(Throwable cause) {
        if (cause instanceof Exception e) {
            return e;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(cause);
    }
}
