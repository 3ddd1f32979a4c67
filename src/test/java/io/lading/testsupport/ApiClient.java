package io.lading.testsupport;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Predicate;

/** The REST API as a client sees it: plain HTTP with an API key, JSON in and out. */
public final class ApiClient {

    public static final Set<String> SETTLED = Set.of("completed", "dead", "failed", "cancelled", "rolled_back",
            "expired", "retry_scheduled");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String key;

    public ApiClient(String baseUrl, String key) {
        this.baseUrl = baseUrl;
        this.key = key;
    }

    public static ApiClient demoUser() {
        return new ApiClient(baseUrl(), System.getenv("LADING_DEMO_USER_KEY"));
    }

    public static ApiClient admin() {
        return new ApiClient(baseUrl(), System.getenv("LADING_DEMO_ADMIN_KEY"));
    }

    public static ApiClient anonymous() {
        return new ApiClient(baseUrl(), null);
    }

    public static String baseUrl() {
        return System.getProperty("lading.test.baseUrl", "http://127.0.0.1:8180");
    }

    public ApiClient withKey(String otherKey) {
        return new ApiClient(baseUrl, otherKey);
    }

    /** A new tenant with its own user key (needs an admin client). */
    public ApiClient newTenant(String name) {
        Response created = post("/api/admin/tenants", Json.createObjectBuilder().add("name", name).build());
        if (created.status() != 201) {
            throw new AssertionError("Creating tenant " + name + " answered " + created.status() + ": " + created.body());
        }
        return withKey(created.json().getString("userKey"));
    }

    public record Response(int status, String body, HttpResponse<String> raw) {
        public JsonObject json() {
            return Json.createReader(new StringReader(body)).readObject();
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response post(String path, JsonValue body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    public Response postWithHeader(String path, JsonValue body, String header, String value) {
        return send(request(path).header("Content-Type", "application/json").header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    public Response patch(String path, JsonValue body) {
        return send(request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    public String key() {
        return key;
    }

    public Response post(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public Response postFile(String path, byte[] file, String contentType) {
        return send(request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(file)));
    }

    /** Sends a file as the request body, streamed from disk (for files too large to hold in memory). */
    public Response postFile(String path, Path file, String contentType) {
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.ofFile(file);
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException(e);
        }
        return send(request(path).timeout(Duration.ofMinutes(10)).header("Content-Type", contentType).POST(body));
    }

    public Response putTo(String absoluteUrl, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(absoluteUrl)).PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** Polls the job until {@code until} holds, failing after {@code timeout}. */
    public JsonObject awaitJob(String jobId, Duration timeout, Predicate<JsonObject> until) {
        Instant deadline = Instant.now().plus(timeout);
        JsonObject job = null;
        while (Instant.now().isBefore(deadline)) {
            Response response = get("/api/jobs/" + jobId);
            if (response.status() == 200) {
                job = response.json();
                if (until.test(job)) {
                    return job;
                }
            }
            pause();
        }
        throw new AssertionError("Job " + jobId + " did not reach the expected state within " + timeout + "; last: " + job);
    }

    public JsonObject awaitSettled(String jobId, Duration timeout) {
        return awaitJob(jobId, timeout, job -> SETTLED.contains(job.getString("status")));
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(120));
        if (key != null) {
            builder.header("X-API-Key", key);
        }
        return builder;
    }

    private static Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
