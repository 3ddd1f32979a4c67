package io.lading.platform;

import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Server-Sent Events sent from a managed thread, round after round, until the stream says it is done, its
 * lifetime is over or the client has gone. Event data is JSON, written like the API's answers.
 */
@ApplicationScoped
public class EventStreams {

    private static final Logger LOG = Logger.getLogger(EventStreams.class.getName());
    /** A client that has not taken an event for this long is treated as gone. */
    private static final long SEND_TIMEOUT_SECONDS = 10;

    @Inject
    @ServerResource
    ManagedExecutorService executor;

    /** One round of a stream: sends what it has through {@code out}; false ends the stream. */
    @FunctionalInterface
    public interface Round {
        boolean run(Sender out) throws InterruptedException;
    }

    @FunctionalInterface
    public interface Sender {
        /** Sends one event ({@code id} may be null); false when the client has gone. */
        boolean send(String name, String id, Object data) throws InterruptedException;
    }

    /**
     * Runs {@code round} now and then every {@code interval}, for at most {@code lifetime} (null: until the round
     * ends the stream), then closes the stream.
     */
    public void start(SseEventSink sink, Sse sse, Duration interval, Duration lifetime, String name, Round round) {
        executor.submit(() -> run(sink, sse, interval, lifetime, name, round));
    }

    private static void run(SseEventSink sink, Sse sse, Duration interval, Duration lifetime, String name,
                            Round round) {
        long end = lifetime == null ? Long.MAX_VALUE : System.currentTimeMillis() + lifetime.toMillis();
        Sender sender = (event, id, data) -> send(sink, sse, event, id, data);
        try (sink) {
            while (!sink.isClosed() && System.currentTimeMillis() < end && round.run(sender)) {
                Thread.sleep(interval.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Event stream " + name + " ended", e);
        }
    }

    private static boolean send(SseEventSink sink, Sse sse, String name, String id, Object data)
            throws InterruptedException {
        var event = sse.newEventBuilder().name(name).id(id).mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(String.class, JsonbConfiguration.jsonb().toJson(data)).build();
        try {
            sink.send(event).toCompletableFuture().get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | TimeoutException gone) {
            return false;
        }
    }
}
