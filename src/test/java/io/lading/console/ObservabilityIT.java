package io.lading.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.testsupport.ApiClient;
import io.lading.testsupport.ContactsCsv;
import io.lading.testsupport.LadingDeployment;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

/** Health, job metrics in Prometheus text, and an OpenAPI document that lists every path of API.md. */
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
        String management = System.getProperty("lading.test.managementUrl", "http://127.0.0.1:10090");
        HttpResponse<String> ready = fetch(management + "/health/ready", null);
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"broker\""), ready.body());
        assertEquals(200, fetch(management + "/health/live", null).statusCode());
    }

    /** Every method path API.md names, e.g. {@code GET /api/jobs/{id}/events}. */
    private static Set<String> contractPaths() throws IOException {
        Path contract = Path.of("..", "shared", "API.md");
        if (!Files.exists(contract)) {
            contract = Path.of("/work/shared/API.md");
        }
        Set<String> paths = new TreeSet<>();
        Matcher m = Pattern.compile("`(?:GET|POST|PUT|DELETE) (/api/[^`?\\s]*)").matcher(Files.readString(contract));
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
