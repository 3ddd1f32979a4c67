package io.lading.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.testsupport.ApiClient;
import io.lading.testsupport.ContactsCsv;
import io.lading.testsupport.LadingDeployment;
import io.lading.testsupport.TestServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Health, job metrics in Prometheus text, and an OpenAPI document that lists every path of API.md with examples of
 * its requests, answers and error codes.
 */
@ExtendWith(ArquillianExtension.class)
class ObservabilityIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return LadingDeployment.war();
    }

    private final ApiClient admin = ApiClient.admin();

    @Test
    void openApiListsEveryPathOfTheContract() throws Exception {
        String document = fetch(ApiClient.baseUrl() + "/openapi", null).body();
        Set<String> served = new TreeSet<>();
        Matcher path = Pattern.compile("(?m)^  (/api/\\S*):\\s*$").matcher(document);
        while (path.find()) {
            served.add(normalized(path.group(1)));
        }
        Set<String> missing = new TreeSet<>();
        for (String documented : contractPaths()) {
            if (!served.contains(normalized(documented))) {
                missing.add(documented);
            }
        }
        assertTrue(missing.isEmpty(), "/openapi lacks " + missing + "; it has " + served);
        assertTrue(served.contains("/api/console/session") && served.contains("/api/admin/audit"), served.toString());
    }

    /**
     * Every operation API.md names has an example of its request body (where it takes one; the JSON one where it
     * takes JSON) and of its success answer, whose status is the one the API sends (a single 2xx, no scanner
     * guess beside it); and every error code API.md lists has a problem+json example.
     */
    @Test
    void openApiHasExamplesForEveryRequestBodyAndSuccessOfTheContractAndForItsErrorCodes() throws Exception {
        HttpResponse<String> served = HTTP.send(HttpRequest.newBuilder(URI.create(ApiClient.baseUrl() + "/openapi"))
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, served.statusCode());
        JsonObject document = Json.createReader(new StringReader(served.body())).readObject();
        JsonObject paths = document.getJsonObject("paths");
        Map<String, String> byNormalized = new HashMap<>();
        paths.keySet().forEach(p -> byNormalized.put(normalized(p), p));

        List<String> problems = new ArrayList<>();
        for (String operation : contractOperations()) {
            String method = operation.substring(0, operation.indexOf(' ')).toLowerCase(Locale.ROOT);
            String path = byNormalized.get(normalized(operation.substring(operation.indexOf(' ') + 1)));
            JsonObject op = path == null ? null : paths.getJsonObject(path).getJsonObject(method);
            if (op == null) {
                problems.add(operation + ": not in the document");
                continue;
            }
            if (op.containsKey("requestBody")) {
                JsonObject content = resolve(document, op.getJsonObject("requestBody")).getJsonObject("content");
                List<String> withExamples = content.keySet().stream()
                        .filter(type -> hasExample(document, content.getJsonObject(type))).toList();
                if (withExamples.isEmpty() || content.containsKey("application/json")
                        && !withExamples.contains("application/json")) {
                    problems.add(operation + ": request body without an example " + content.keySet());
                }
            }
            JsonObject responses = op.getJsonObject("responses");
            List<String> successes = responses.keySet().stream().filter(status -> status.startsWith("2")).toList();
            if (successes.size() != 1) {
                problems.add(operation + ": success statuses " + successes + " (one expected)");
                continue;
            }
            JsonObject success = resolve(document, responses.getJsonObject(successes.get(0)));
            if (!successes.get(0).equals("204") && (!success.containsKey("content") || success.getJsonObject("content")
                    .values().stream().noneMatch(m -> hasExample(document, m.asJsonObject())))) {
                problems.add(operation + ": " + successes.get(0) + " answer without an example");
            }
        }
        assertEquals(List.of(), problems, "operations of API.md without examples in /openapi");

        // The status a client gets, as the document says it: a job action is accepted, not just OK.
        assertTrue(paths.getJsonObject("/api/contacts/export").getJsonObject("post").getJsonObject("responses")
                .containsKey("202"));
        assertTrue(paths.getJsonObject("/api/contacts/uploads").getJsonObject("post").getJsonObject("responses")
                .containsKey("201"));

        Set<String> documentedCodes = new TreeSet<>();
        collectProblemCodes(document, document, false, documentedCodes);
        Set<String> missingCodes = new TreeSet<>(contractErrorCodes());
        missingCodes.removeAll(documentedCodes);
        assertEquals(Set.of(), missingCodes, "error codes of API.md without a problem+json example; documented: "
                + documentedCodes);
    }

    @Test
    void jobMetricsInPrometheusTextForOperatorKeys() throws Exception {
        ApiClient tenant = admin.newTenant("metrics-" + UUID.randomUUID());
        String jobId = tenant.postFile("/api/contacts/import?fileName=m.csv", ContactsCsv.rows(20).bytes(), "text/csv")
                .json().getString("id");
        tenant.awaitSettled(jobId, Duration.ofMinutes(2));

        assertEquals(401, fetch(ApiClient.baseUrl() + "/metrics", null).statusCode());
        assertEquals(401, fetch(ApiClient.baseUrl() + "/metrics", tenant.key()).statusCode(), "a tenant key is no operator key");
        HttpResponse<String> metrics = fetch(ApiClient.baseUrl() + "/metrics", admin.key());
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        String text = metrics.body();
        for (String expected : List.of("# TYPE lading_jobs gauge", "lading_jobs{type=\"import\",status=\"completed\"}",
                "lading_queue_depth ", "# TYPE lading_job_duration_seconds histogram",
                "lading_job_duration_seconds_bucket{type=\"import\",le=\"+Inf\"}", "lading_job_duration_seconds_count{type=\"import\"}",
                "lading_rows_imported_total ", "lading_rows_exported_total ", "lading_job_retries_total ", "lading_jobs_dead ")) {
            assertTrue(text.contains(expected), "metrics lack " + expected + ":\n" + text);
        }
    }

    @Test
    void readyChecksTheBrokerToo() throws Exception {
        String management = TestServer.monitoringUrl();
        HttpResponse<String> ready = fetch(management + "/health/ready", null);
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"broker\""), ready.body());
        assertEquals(200, fetch(management + "/health/live", null).statusCode());
    }

    /** Every method and path API.md names, e.g. {@code GET /api/jobs/{id}/events}. */
    private static Set<String> contractOperations() throws IOException {
        Set<String> operations = new TreeSet<>();
        Matcher m = Pattern.compile("`(GET|POST|PUT|DELETE) (/api/[^`?\\s]*)").matcher(Files.readString(contract()));
        while (m.find()) {
            operations.add(m.group(1) + " " + m.group(2));
        }
        assertTrue(operations.size() > 15, "read the operations of API.md: " + operations);
        return operations;
    }

    /** The codes API.md's Errors section lists, e.g. {@code MISSING_FILE}. */
    private static Set<String> contractErrorCodes() throws IOException {
        String text = Files.readString(contract());
        String errors = text.substring(text.indexOf("## Errors"), text.indexOf("##", text.indexOf("## Errors") + 3));
        Set<String> codes = new TreeSet<>();
        Matcher m = Pattern.compile("`([A-Z][A-Z_]+[A-Z])`").matcher(errors);
        while (m.find()) {
            codes.add(m.group(1));
        }
        assertTrue(codes.size() >= 5, "read the error codes of API.md: " + codes);
        return codes;
    }

    /** A media type object with an example, inline or by reference. */
    private static boolean hasExample(JsonObject document, JsonObject mediaType) {
        if (mediaType.containsKey("example")) {
            return true;
        }
        JsonObject examples = mediaType.getJsonObject("examples");
        return examples != null && examples.values().stream()
                .anyMatch(e -> resolve(document, e.asJsonObject()).containsKey("value"));
    }

    /** The codes of every problem+json example in the document (under any response). */
    private static void collectProblemCodes(JsonObject document, JsonValue node, boolean inProblem, Set<String> codes) {
        if (node instanceof JsonObject object) {
            JsonObject resolved = resolve(document, object);
            if (inProblem && resolved.get("value") instanceof JsonObject value && value.containsKey("code")) {
                codes.add(value.getString("code"));
            }
            resolved.forEach((name, child) -> collectProblemCodes(document, child,
                    inProblem || name.equals("application/problem+json"), codes));
        } else if (node instanceof JsonArray array) {
            array.forEach(child -> collectProblemCodes(document, child, inProblem, codes));
        }
    }

    /** Follows a local {@code $ref} ({@code #/components/...}). */
    private static JsonObject resolve(JsonObject document, JsonObject node) {
        JsonObject current = node;
        for (int hops = 0; current.containsKey("$ref") && hops < 5; hops++) {
            JsonValue target = document;
            for (String part : current.getString("$ref").substring(2).split("/")) {
                target = target.asJsonObject().get(part);
            }
            current = target.asJsonObject();
        }
        return current;
    }

    private static Path contract() {
        Path contract = Path.of("..", "shared", "API.md");
        return Files.exists(contract) ? contract : Path.of("/work/shared/API.md");
    }

    /** Every method path API.md names, e.g. {@code GET /api/jobs/{id}/events}. */
    private static Set<String> contractPaths() throws IOException {
        Set<String> paths = new TreeSet<>();
        Matcher m = Pattern.compile("`(?:GET|POST|PUT|DELETE) (/api/[^`?\\s]*)").matcher(Files.readString(contract()));
        while (m.find()) {
            paths.add(m.group(1));
        }
        assertTrue(paths.size() > 15, "read the paths of API.md: " + paths);
        return paths;
    }

    private static String normalized(String path) {
        return path.replaceAll("\\{[^}]*}", "{}").replaceAll("/$", "");
    }

    private static HttpResponse<String> fetch(String url, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
