package io.lading.imports.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Chunks written at once still commit in file order, and a failed chunk takes the ones after it down. */
class ChunkCommitsTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    /** What happened, in order: "A begin", "A write" (and "A wrote" at its end), "A finish", "A commit", ... */
    private final List<String> log = new CopyOnWriteArrayList<>();

    @Test
    void aLaterChunkWritesWhileTheEarlierIsStillWritingButCommitsAfterIt() {
        CountDownLatch laterWrote = new CountDownLatch(1);
        assertTimeoutPreemptively(LIMIT, () -> {
            try (ChunkCommits commits = commits(2)) {
                commits.submit(Set.of("a@x.test"), chunk("A", () -> await(laterWrote), null));
                commits.submit(Set.of("b@x.test"), chunk("B", laterWrote::countDown, null));
                commits.drain();
            }
        });

        // A cannot end its write before B has begun its own: B was writing while A still was.
        assertTrue(log.indexOf("B write") < log.indexOf("A wrote"), log::toString);
        assertTrue(log.indexOf("A commit") < log.indexOf("B finish"), log::toString);
        assertEquals(List.of("A commit", "B commit"), only("commit"));
    }

    @Test
    void whenTheEarlierChunkFailsTheLaterOneRollsBackAndTheFirstFailureIsThrown() {
        CountDownLatch laterWrote = new CountDownLatch(1);
        IllegalStateException broken = new IllegalStateException("A's COPY failed");
        Exception thrown = assertTimeoutPreemptively(LIMIT, () -> {
            ChunkCommits commits = commits(2);
            commits.submit(Set.of("a@x.test"), chunk("A", () -> {
                await(laterWrote);
                throw broken;
            }, null));
            commits.submit(Set.of("b@x.test"), chunk("B", laterWrote::countDown, null));
            return assertThrows(Exception.class, commits::close);
        });

        assertSame(broken, thrown);
        assertEquals(List.of(), only("commit"));
        assertTrue(log.containsAll(List.of("A rollback", "B rollback", "A close", "B close")), log::toString);
        assertTrue(!log.contains("B finish"), log::toString);
    }

    @Test
    void aChunkSharingAKeyWithOneInFlightBeginsOnlyAfterItCommitted() {
        assertTimeoutPreemptively(LIMIT, () -> {
            try (ChunkCommits commits = commits(2)) {
                commits.submit(Set.of("a@x.test", "same@x.test"), chunk("A", null, null));
                commits.submit(Set.of("same@x.test", "b@x.test"), chunk("B", null, null));
            }
        });

        assertTrue(log.indexOf("A commit") < log.indexOf("B begin"), log::toString);
        assertEquals(List.of("A commit", "B commit"), only("commit"));
    }

    @Test
    void aLaterChunkThatWaitsTooLongLetsGoOfItsLocksAndWritesAgainAfterTheEarlierOne() {
        // The earlier chunk waits for a lock the later one holds until it rolls back: a cycle through the wait.
        CountDownLatch laterLetGo = new CountDownLatch(1);
        assertTimeoutPreemptively(LIMIT, () -> {
            try (ChunkCommits commits = new ChunkCommits(() -> connection(rolledBack -> laterLetGo.countDown()), 2,
                    Duration.ofMillis(200), Thread::new)) {
                commits.submit(Set.of("a@x.test"), chunk("A", () -> await(laterLetGo), null));
                commits.submit(Set.of("b@x.test"), chunk("B", null, null));
            }
        });

        assertEquals(List.of("A commit", "B commit"), only("commit"));
        assertEquals(List.of("B begin", "B begin"), only("begin").stream().filter(e -> e.startsWith("B")).toList());
        assertTrue(log.indexOf("B rollback") < log.indexOf("A wrote"), log::toString);
        assertTrue(log.indexOf("A commit") < log.lastIndexOf("B begin"), log::toString);
    }

    @Test
    void oneWriterWritesOneChunkAtATime() {
        assertTimeoutPreemptively(LIMIT, () -> {
            try (ChunkCommits commits = commits(1)) {
                for (String name : List.of("A", "B", "C")) {
                    commits.submit(Set.of(name + "@x.test"), chunk(name, null, null));
                }
            }
        });

        assertEquals(List.of(
                "A begin", "A write", "A wrote", "A finish", "A commit", "A close",
                "B begin", "B write", "B wrote", "B finish", "B commit", "B close",
                "C begin", "C write", "C wrote", "C finish", "C commit", "C close"), log);
    }

    @Test
    void aFailureIsThrownByTheNextSubmissionAndNoLaterChunkIsWritten() {
        IllegalStateException broken = new IllegalStateException("no room on the device");
        assertTimeoutPreemptively(LIMIT, () -> {
            ChunkCommits commits = commits(1);
            commits.submit(Set.of("a@x.test"), chunk("A", null, () -> {
                throw broken;
            }));
            Exception thrown = assertThrows(Exception.class,
                    () -> commits.submit(Set.of("b@x.test"), chunk("B", null, null))); // one writer: waits for A
            assertSame(broken, thrown);
            assertSame(broken, assertThrows(Exception.class, commits::close));
        });

        assertEquals(List.of("A begin", "A write", "A wrote", "A rollback", "A close"), log);
    }

    private ChunkCommits commits(int writers) {
        return new ChunkCommits(() -> connection(), writers, LIMIT, Thread::new);
    }

    private List<String> only(String what) {
        return log.stream().filter(entry -> entry.endsWith(" " + what)).toList();
    }

    /** The chunk named {@code name} logs its steps; {@code duringWrite} and {@code duringFinish} run in them. */
    private ChunkCommits.Chunk chunk(String name, Step duringWrite, Step duringFinish) {
        return new ChunkCommits.Chunk() {
            @Override
            public void begin(Connection connection) {
                names.set(name);
                log.add(name + " begin");
            }

            @Override
            public void write(Connection connection) throws Exception {
                log.add(name + " write");
                if (duringWrite != null) {
                    duringWrite.run();
                }
                log.add(name + " wrote");
            }

            @Override
            public void finish(Connection connection) throws Exception {
                if (duringFinish != null) {
                    duringFinish.run();
                }
                log.add(name + " finish");
            }
        };
    }

    interface Step {
        void run() throws Exception;
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertTrue(latch.await(10, TimeUnit.SECONDS), "the other chunk never got that far");
    }

    /** The chunk a writer thread serves (set at its begin) names its connection's commit, rollback and close. */
    private final ThreadLocal<String> names = new ThreadLocal<>();

    private Connection connection() {
        return connection(rolledBack -> { });
    }

    private Connection connection(Consumer<String> onRollback) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "rollback" -> {
                            log.add(names.get() + " rollback");
                            onRollback.accept(names.get());
                        }
                        case "commit", "close" -> log.add(names.get() + " " + method.getName());
                        case "setAutoCommit" -> {
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    }
                    return null;
                });
    }
}
