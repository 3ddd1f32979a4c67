package io.lading.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.testsupport.ApiClient;
import io.lading.testsupport.ContactsCsv;
import io.lading.testsupport.Database;
import io.lading.testsupport.LadingDeployment;
import io.lading.testsupport.TestServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Health, job metrics in Prometheus text, and an OpenAPI document that lists every operation of the API contract
 * ({@code src/test/resources/api-contract.txt}) with examples of its requests, answers and error codes.
 */
@ExtendWith(ArquillianExtension.class)
class ObservabilityIT {

    private static final Logger LOG = Logger.getLogger(ObservabilityIT.class.getName());
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The API contract's operations and error codes, kept with the tests. */
    private static final String CONTRACT = "api-contract.txt";

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
     * Every operation the contract names has an example of its request body (where it takes one; the JSON one where it
     * takes JSON) and of its success answer, whose status is the one the API sends (a single 2xx, no scanner
     * guess beside it); and every error code the contract lists has a problem+json example.
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
        assertEquals(List.of(), problems, "operations of the contract without examples in /openapi");

        // The status a client gets, as the document says it: a job action is accepted, not just OK.
        assertTrue(paths.getJsonObject("/api/contacts/export").getJsonObject("post").getJsonObject("responses")
                .containsKey("202"));
        assertTrue(paths.getJsonObject("/api/contacts/uploads").getJsonObject("post").getJsonObject("responses")
                .containsKey("201"));

        Set<String> documentedCodes = new TreeSet<>();
        collectProblemCodes(document, document, false, documentedCodes);
        Set<String> missingCodes = new TreeSet<>(contractErrorCodes());
        missingCodes.removeAll(documentedCodes);
        assertEquals(Set.of(), missingCodes, "error codes of the contract without a problem+json example; documented: "
                + documentedCodes);
    }

    /**
     * The metrics follow the jobs: two imports and an export this test runs move the job counts, the rows and the
     * duration histogram by exactly what those jobs did. The metrics are global, so the test first waits until no
     * other job is waiting or running (a job of an earlier test settling meanwhile would move them too).
     */
    @Test
    void jobMetricsInPrometheusTextForOperatorKeysMoveByWhatJobsDid() throws Exception {
        ApiClient tenant = admin.newTenant("metrics-" + UUID.randomUUID());
        assertEquals(401, fetch(ApiClient.baseUrl() + "/metrics", null).statusCode());
        assertEquals(401, fetch(ApiClient.baseUrl() + "/metrics", tenant.key()).statusCode(), "a tenant key is no operator key");
        cancelWaitingJobsOfEarlierTests();
        awaitNoUnsettledJobs(Duration.ofMinutes(3));
        Map<String, Double> before = scrape();
        assertEquals(0, value(before, "lading_queue_depth"), "nothing waits: " + before);
        assertEquals(0, value(before, "lading_jobs_running"), "nothing runs: " + before);

        String domain = "metrics-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        ContactsCsv withBadRows = ContactsCsv.rows(20).badEvery(5).domain(domain);
        ContactsCsv clean = ContactsCsv.rows(10).startingAt(101).domain(domain);
        JsonObject first = importAndAwait(tenant, withBadRows);
        JsonObject second = importAndAwait(tenant, clean);
        assertEquals(withBadRows.goodRows(), first.getJsonNumber("createdRows").longValue(), first.toString());
        assertEquals(clean.goodRows(), second.getJsonNumber("createdRows").longValue(), second.toString());
        String exportId = tenant.post("/api/contacts/export", Json.createObjectBuilder().add("format", "csv")
                .add("selectColumns", Json.createArrayBuilder().add("email")).build()).json().getString("id");
        JsonObject export = tenant.awaitSettled(exportId, Duration.ofMinutes(2));
        assertEquals("completed", export.getString("status"), export.toString());
        int contacts = withBadRows.goodRows() + clean.goodRows();
        assertEquals(contacts, export.getJsonNumber("rowCount").longValue(), export.toString());

        HttpResponse<String> metrics = fetch(ApiClient.baseUrl() + "/metrics", admin.key());
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        String text = metrics.body();
        for (String type : List.of("# TYPE lading_jobs gauge", "# TYPE lading_job_duration_seconds histogram")) {
            assertTrue(text.contains(type), "metrics lack " + type + ":\n" + text);
        }
        Map<String, Double> after = parse(text);
        String importsCompleted = "lading_jobs{type=\"import\",status=\"completed\"}";
        String exportsCompleted = "lading_jobs{type=\"export\",status=\"completed\"}";
        String importDurations = "lading_job_duration_seconds_count{type=\"import\"}";
        String importsUnderAnHour = "lading_job_duration_seconds_bucket{type=\"import\",le=\"+Inf\"}";
        assertEquals(2, value(after, importsCompleted) - value(before, importsCompleted), importsCompleted + "\n" + text);
        assertEquals(1, value(after, exportsCompleted) - value(before, exportsCompleted), exportsCompleted + "\n" + text);
        assertEquals(2, value(after, importDurations) - value(before, importDurations), importDurations);
        assertEquals(value(after, importDurations), value(after, importsUnderAnHour), "+Inf holds every observation");
        assertEquals(contacts, value(after, "lading_rows_imported_total") - value(before, "lading_rows_imported_total"),
                "contacts created or updated by the two imports");
        assertEquals(contacts, value(after, "lading_rows_exported_total") - value(before, "lading_rows_exported_total"),
                "rows written by the export");
        assertEquals(0, value(after, "lading_job_retries_total") - value(before, "lading_job_retries_total"),
                "no job needed a second attempt");
        assertEquals(value(before, "lading_jobs_dead"), value(after, "lading_jobs_dead"), "no job died");
        assertEquals(0, value(after, "lading_queue_depth"), "nothing waits");
        assertEquals(0, value(after, "lading_jobs_running"), "nothing runs");
    }

    private static JsonObject importAndAwait(ApiClient tenant, ContactsCsv file) {
        ApiClient.Response accepted = tenant.postFile("/api/contacts/import?fileName=m.csv", file.bytes(), "text/csv");
        assertEquals(202, accepted.status(), accepted.body());
        JsonObject job = tenant.awaitSettled(accepted.json().getString("id"), Duration.ofMinutes(2));
        assertEquals("completed", job.getString("status"), job.toString());
        return job;
    }

    /**
     * Jobs earlier tests left waiting may wait for hours (a retry scheduled a day ahead, a row without a message),
     * so they are cancelled rather than waited for; one that started meanwhile (409) is waited for below.
     */
    private void cancelWaitingJobsOfEarlierTests() {
        for (String id : Database.strings("select id::text from jobs where status in ('QUEUED', 'RETRY_SCHEDULED')")) {
            int status = admin.post("/api/jobs/" + id + "/cancel").status();
            LOG.warning(() -> "Job " + id + " of an earlier test was still waiting; cancel answered " + status);
        }
    }

    private static void awaitNoUnsettledJobs(Duration timeout) throws InterruptedException {
        String unsettled = "select count(*) from jobs where status in ('QUEUED', 'RUNNING', 'RETRY_SCHEDULED', 'ROLLING_BACK')";
        long deadline = System.nanoTime() + timeout.toNanos();
        while (Database.count(unsettled) > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Jobs of earlier tests still wait or run after " + timeout + ": "
                        + Database.strings("select id || ' ' || type || ' ' || status from jobs where status in"
                        + " ('QUEUED', 'RUNNING', 'RETRY_SCHEDULED', 'ROLLING_BACK')"));
            }
            Thread.sleep(250);
        }
    }

    private Map<String, Double> scrape() throws IOException, InterruptedException {
        HttpResponse<String> metrics = fetch(ApiClient.baseUrl() + "/metrics", admin.key());
        assertEquals(200, metrics.statusCode(), metrics.body());
        return parse(metrics.body());
    }

    /** Prometheus text: each sample line's series (name and labels, as written) and value. */
    private static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        Matcher sample = Pattern.compile("(?m)^([a-z_]+(?:\\{[^}]*})?) (\\S+)$").matcher(text);
        while (sample.find()) {
            samples.put(sample.group(1), Double.parseDouble(sample.group(2)));
        }
        return samples;
    }

    /** A series the text does not have counts as 0 (no job of that type and status yet). */
    private static double value(Map<String, Double> samples, String series) {
        return samples.getOrDefault(series, 0.0);
    }

    @Test
    void readyChecksTheBrokerToo() throws Exception {
        String management = TestServer.monitoringUrl();
        HttpResponse<String> ready = fetch(management + "/health/ready", null);
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"broker\""), ready.body());
        assertEquals(200, fetch(management + "/health/live", null).statusCode());
    }

    /** Every operation of the contract, e.g. {@code GET /api/jobs/{id}/events}. */
    private static Set<String> contractOperations() throws IOException {
        Set<String> operations = contract("operation");
        assertTrue(operations.size() > 15, "read the operations of the contract: " + operations);
        return operations;
    }

    /** The error codes of the contract, e.g. {@code MISSING_FILE}. */
    private static Set<String> contractErrorCodes() throws IOException {
        Set<String> codes = contract("error");
        assertTrue(codes.size() >= 5, "read the error codes of the contract: " + codes);
        return codes;
    }

    /** The entries of one kind in {@value #CONTRACT}, a test resource: {@code operation GET /api/jobs}, {@code error X}. */
    private static Set<String> contract(String kind) throws IOException {
        try (InputStream in = ObservabilityIT.class.getResourceAsStream("/" + CONTRACT)) {
            assertNotNull(in, CONTRACT + " is not on the test class path");
            Set<String> entries = new TreeSet<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith(kind + " ")) {
                    entries.add(line.substring(kind.length() + 1).trim());
                }
            }
            return entries;
        }
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

    /** Every path of the contract's operations. */
    private static Set<String> contractPaths() throws IOException {
        Set<String> paths = new TreeSet<>();
        for (String operation : contractOperations()) {
            paths.add(operation.substring(operation.indexOf(' ') + 1));
        }
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
