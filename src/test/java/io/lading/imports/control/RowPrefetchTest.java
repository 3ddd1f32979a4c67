package io.lading.imports.control;

import io.lading.contacts.control.ContactRecords;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.imports.entity.ImportRow;
import io.lading.imports.entity.SourceRow;
import io.lading.jobs.control.JobFailure;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RowPrefetchTest {

    private static final String[] HEADER = {"email", "first_name"};
    private static final ColumnMapping MAPPING = ColumnMapping.resolve(ContactRecords.KIND, HEADER, Map.of());

    private final AtomicReference<Thread> reader = new AtomicReference<>();
    private final ThreadFactory threads = task -> {
        Thread thread = new Thread(task, "prefetch-test");
        reader.set(thread);
        return thread;
    };

    @Test
    void handsOutEveryRowValidatedInFileOrderThenTheEnd() throws Exception {
        CountingSource source = new CountingSource(1234, -1);
        try (RowPrefetch prefetch = new RowPrefetch(source, RowValidation::validate, MAPPING, threads)) {
            for (int i = 0; i < 1234; i++) {
                ImportRow row = prefetch.next();
                assertEquals(i + 2, row.source().row());
                if (i % 100 == 99) {
                    assertInstanceOf(ImportRow.Rejected.class, row, "row " + (i + 2) + " has a bad email");
                } else {
                    assertInstanceOf(ImportRow.Valid.class, row);
                }
            }
            assertNull(prefetch.next());
            assertNull(prefetch.next());
        }
    }

    @Test
    void aFailureOfTheFileComesAfterTheRowsBeforeIt() throws Exception {
        CountingSource source = new CountingSource(10_000, 777);
        try (RowPrefetch prefetch = new RowPrefetch(source, RowValidation::validate, MAPPING, threads)) {
            for (int i = 0; i < 777; i++) {
                assertEquals(i + 2, prefetch.next().source().row());
            }
            JobFailure failure = assertThrows(JobFailure.class, prefetch::next);
            assertEquals("UNSUPPORTED_FORMAT", failure.code());
        }
    }

    @Test
    void readsAtMostABoundedNumberOfRowsAheadAndStopsWhenClosed() throws Exception {
        CountingSource source = new CountingSource(1_000_000, -1);
        RowPrefetch prefetch = new RowPrefetch(source, RowValidation::validate, MAPPING, threads);
        int bound = RowPrefetch.BATCH * (RowPrefetch.BATCHES + 1);
        awaitParkedAfter(source, bound);

        assertEquals(2L, prefetch.next().source().row());
        awaitParkedAfter(source, bound + RowPrefetch.BATCH);

        prefetch.close();
        assertFalse(reader.get().isAlive());
        assertTrue(source.read.get() <= bound + RowPrefetch.BATCH);
    }

    /** Waits until the read-ahead thread, having read exactly {@code rows} rows, is parked on the full queue. */
    private void awaitParkedAfter(CountingSource source, int rows) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (source.read.get() != rows || reader.get().getState() != Thread.State.WAITING) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("expected the read-ahead thread parked after " + rows + " rows; it read "
                        + source.read.get() + " and is " + reader.get().getState());
            }
            Thread.onSpinWait();
        }
    }

    /** Rows 2..rows+1; every hundredth has no valid email; failAt (if not -1) throws as a broken file does. */
    private static final class CountingSource implements RowSource {
        final AtomicInteger read = new AtomicInteger();
        private final int rows;
        private final int failAt;

        CountingSource(int rows, int failAt) {
            this.rows = rows;
            this.failAt = failAt;
        }

        @Override
        public String[] header() {
            return HEADER;
        }

        @Override
        public SourceRow nextRow() {
            int i = read.get();
            if (i == failAt) {
                throw JobFailure.permanent("UNSUPPORTED_FORMAT", "row " + (i + 2) + " is broken");
            }
            if (i == rows) {
                return null;
            }
            read.incrementAndGet();
            String email = i % 100 == 99 ? "not-an-email" : "person" + i + "@example.com";
            return new SourceRow(i + 2, new String[] {email, "P" + i}, i * 30L);
        }

        @Override
        public long bytesRead() {
            return read.get() * 30L;
        }

        @Override
        public void close() throws IOException {
        }
    }
}
