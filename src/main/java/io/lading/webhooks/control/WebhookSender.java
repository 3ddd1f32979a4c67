package io.lading.webhooks.control;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one attempt of a delivery: a signed POST, answered within the timeout or counted as failed. Redirects are
 * not followed (a 3xx is not delivered): following one would reach a host the address policy never saw.
 */
public final class WebhookSender {

    /** A status code when the endpoint answered, else what went wrong. */
    public record Outcome(Integer statusCode, String error) {
        public boolean delivered() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    private final HttpClient client;
    private final Duration timeout;

    public WebhookSender(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public Outcome send(URI url, String deliveryId, String event, String body, String secret) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Lading-Webhooks/1")
                .header("Lading-Event", event)
                .header("Lading-Delivery", deliveryId)
                .header("Lading-Signature", WebhookSignature.header(secret, Instant.now().getEpochSecond(), bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        // The request timeout covers the answer's headers; the bound on the whole exchange also covers a body
        // that trickles in for ever.
        CompletableFuture<HttpResponse<Void>> answer = client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        try {
            return new Outcome(answer.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS).statusCode(), null);
        } catch (TimeoutException e) {
            answer.cancel(true);
            return new Outcome(null, "no answer within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Outcome(null, cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            return new Outcome(null, "interrupted (server stopping)");
        }
    }
}
