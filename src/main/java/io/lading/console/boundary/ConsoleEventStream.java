package io.lading.console.boundary;

import io.lading.platform.JsonbConfiguration;
import io.lading.platform.ShortTransaction;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The console's live overview: one {@code overview} event every two seconds for up to ten minutes, then the
 * stream ends and the console opens another (so a forgotten tab does not hold a thread for ever).
 */
@ApplicationScoped
public class ConsoleEventStream {

    private static final Logger LOG = Logger.getLogger(ConsoleEventStream.class.getName());
    private static final long INTERVAL_MILLIS = 2000;
    private static final long LIFETIME_MILLIS = 10 * 60 * 1000;

    @Resource
    ManagedExecutorService executor;

    @Inject
    ShortTransaction transaction;

    public void follow(Supplier<?> snapshot, SseEventSink sink, Sse sse) {
        executor.submit(() -> stream(snapshot, sink, sse));
    }

    private void stream(Supplier<?> snapshot, SseEventSink sink, Sse sse) {
        long end = System.currentTimeMillis() + LIFETIME_MILLIS;
        try (sink) {
            while (!sink.isClosed() && System.currentTimeMillis() < end) {
                var event = sse.newEventBuilder().name("overview").mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(String.class, JsonbConfiguration.jsonb().toJson(transaction.get(snapshot))).build();
                try {
                    sink.send(event).toCompletableFuture().get(10, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException gone) {
                    return;
                }
                Thread.sleep(INTERVAL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Console event stream ended", e);
        }
    }
}
