package io.lading.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.testsupport.ApiClient;
import io.lading.testsupport.Database;
import io.lading.testsupport.LadingDeployment;
import io.lading.testsupport.TestServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One tenant's ids seen with another tenant's key: every endpoint that takes an id answers 404 problem+json, as
 * if the id did not exist. Also: file keys and URLs outside the tenant's prefix are refused before any job exists,
 * error responses never carry a stack trace, SQL or a server path, and revoked or unknown keys are refused without
 * the key reaching the log.
 */
@ExtendWith(ArquillianExtension.class)
class TenancyIT {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(2);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Case-sensitive: SQL as the server would write it, not a field name such as selectColumns. */
    private static final List<String> LEAKS = List.of("Exception", "at io.", "at org.", "at java.", "org.postgresql",
            "SELECT ", " FROM ", "ERROR:", "/work/", "/tmp/", "jboss", "eclipse", "resteasy", "Caused by");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return LadingDeployment.war();
    }

    private final ApiClient admin = ApiClient.admin();

    @Test
    void anotherTenantsIdsAnswer404OnEveryEndpoint() {
        ApiClient a = admin.newTenant("tenancy-a-" + UUID.randomUUID());
        ApiClient b = admin.newTenant("tenancy-b-" + UUID.randomUUID());
        String csv = "email,firstName\r\nana@a.example.com,Ana\r\nbad-email,Bo\r\n";
        String importId = a.postFile("/api/contacts/import?fileName=a.csv", csv.getBytes(StandardCharsets.UTF_8),
                "text/csv").json().getString("id");
        assertEquals("completed", a.awaitSettled(importId, JOB_TIMEOUT).getString("status"));
        var export = a.post("/api/contacts/export", Json.createObjectBuilder().add("format", "csv")
                .add("selectColumns", Json.createArrayBuilder().add("email")).build());
        assertEquals(202, export.status(), export.body());
        String exportId = export.json().getString("id");
        a.awaitSettled(exportId, JOB_TIMEOUT);
        String contactId = a.get("/api/contacts").json().getJsonArray("items").getJsonObject(0).getString("id");
        assertEquals(200, a.get("/api/contacts/" + contactId).status(), "the owner sees its contact");

        JsonObject mapping = Json.createObjectBuilder().add("fieldMapping",
                Json.createObjectBuilder().add("email", "email")).build();
        List<String> answers = new ArrayList<>();
        check(answers, "GET /api/jobs/{import}", b.get("/api/jobs/" + importId));
        check(answers, "GET /api/jobs/{export}", b.get("/api/jobs/" + exportId));
        check(answers, "POST /api/jobs/{id}/cancel", b.post("/api/jobs/" + importId + "/cancel"));
        check(answers, "POST /api/jobs/{id}/retry", b.post("/api/jobs/" + importId + "/retry"));
        check(answers, "GET /api/jobs/{id}/events", raw("GET", "/api/jobs/" + importId + "/events", b.key(),
                "text/event-stream", null, null));
        check(answers, "GET /api/contacts/{id}", b.get("/api/contacts/" + contactId));
        check(answers, "GET /api/contacts/import/{id}", b.get("/api/contacts/import/" + importId));
        check(answers, "GET /api/contacts/import/{id}/errors", b.get("/api/contacts/import/" + importId + "/errors"));
        check(answers, "POST /api/contacts/import/{id}/rollback", b.post("/api/contacts/import/" + importId + "/rollback"));
        check(answers, "POST /api/contacts/import/{id}/retry-failed (JSON)",
                b.post("/api/contacts/import/" + importId + "/retry-failed", mapping));
        check(answers, "POST /api/contacts/import/{id}/retry-failed (file)", b.postFile("/api/contacts/import/"
                + importId + "/retry-failed", "email\r\nfixed@b.example.com\r\n".getBytes(StandardCharsets.UTF_8),
                "text/csv"));
        check(answers, "POST /api/contacts/import/{id}/cancel", b.post("/api/contacts/import/" + importId + "/cancel"));
        check(answers, "GET /api/contacts/export/{id}", b.get("/api/contacts/export/" + exportId));
        check(answers, "GET /api/contacts/export/{id}/download", b.get("/api/contacts/export/" + exportId + "/download"));
        check(answers, "POST /api/contacts/export/{id}/cancel", b.post("/api/contacts/export/" + exportId + "/cancel"));
        assertTrue(answers.isEmpty(), "not a 404 problem: " + answers);

        for (String list : List.of("/api/jobs", "/api/contacts", "/api/contacts/import", "/api/contacts/export",
                "/api/jobs?type=import", "/api/contacts?q=ana")) {
            var page = b.get(list);
            assertEquals(200, page.status(), list + ": " + page.body());
            assertFalse(page.body().contains(importId) || page.body().contains(exportId)
                    || page.body().contains(contactId) || page.body().contains("a.example.com"), list + " leaks A");
        }

        // Nothing of A changed: its import is still completed and its contact still there.
        assertEquals("completed", a.get("/api/jobs/" + importId).json().getString("status"));
        assertEquals(0, Database.count("select count(*) from jobs where parent_id = ?", UUID.fromString(importId)),
                "no child import started from B's retry-failed");
        assertEquals(0, Database.count("select count(*) from jobs where tenant_id = (select tenant_id from jobs "
                + "where id = ?) and type = 'ROLLBACK'", UUID.fromString(importId)));
    }

    @Test
    void fileKeysAndUrlsOutsideTheTenantsPrefixAreRefusedBeforeAnyJobExists() {
        ApiClient a = admin.newTenant("keys-a-" + UUID.randomUUID());
        ApiClient b = admin.newTenant("keys-b-" + UUID.randomUUID());
        String aKey = a.post("/api/contacts/uploads", Json.createObjectBuilder().add("fileName", "a.csv").build())
                .json().getString("fileKey");
        String bKey = b.post("/api/contacts/uploads", Json.createObjectBuilder().add("fileName", "b.csv").build())
                .json().getString("fileKey");
        String aTenant = aKey.split("/")[1];
        String bPrefix = "tenants/" + bKey.split("/")[1] + "/";
        String bucket = "lading";

        List<String> keys = List.of(aKey, "../" + aKey, "/" + aKey, "/" + bKey, bPrefix + "../" + aTenant + "/x.csv",
                bPrefix + "uploads/../../" + aTenant + "/x.csv", bPrefix + "%2e%2e/" + aTenant + "/x.csv",
                bPrefix + "%252e%252e/x.csv", bPrefix + "uploads%2F..%2F..%2Fx.csv", bPrefix + "..\\x.csv",
                bPrefix + "a\u0000.csv", "tenants/" + aTenant + "/uploads/x.csv", "exports/" + aTenant + "/x.csv",
                "tenants%2F" + aTenant + "%2Fx.csv", bPrefix.replace("tenants", "TENANTS") + "x.csv");
        List<String> urls = List.of("s3://" + bucket + "/" + aKey, "s3://other-bucket/" + bKey, "https://" + bucket
                + "/" + bKey, "http://127.0.0.1:9000/" + bucket + "/" + bKey, "file:///etc/passwd",
                "s3://" + bucket + "/" + bPrefix + "%2e%2e/" + aTenant + "/x.csv", "s3://" + bucket + "/../" + aKey,
                "s3://" + bucket + "@evil.example/" + bKey, "S3://" + bucket + "." + "evil/" + bKey, "not a url at all",
                "s3:///" + bKey);
        List<String> accepted = new ArrayList<>();
        for (String key : keys) {
            refused(accepted, "fileKey", key, b.post("/api/contacts/import",
                    Json.createObjectBuilder().add("fileKey", key).build()));
        }
        for (String url : urls) {
            refused(accepted, "fileUrl", url, b.post("/api/contacts/import",
                    Json.createObjectBuilder().add("fileUrl", url).build()));
        }
        assertTrue(accepted.isEmpty(), "accepted or not refused as a 400 problem: " + accepted);
        assertEquals(0, b.get("/api/contacts/import").json().getJsonArray("items").size(), "no job was queued");
    }

    @Test
    void errorResponsesCarryNoStackTraceSqlOrPath() {
        ApiClient b = admin.newTenant("leaks-" + UUID.randomUUID());
        List<String> problems = new ArrayList<>();
        noLeak(problems, "malformed JSON", raw("POST", "/api/contacts/export", b.key(), null, "application/json",
                "{\"format\": \"csv\", \"selectColumns\": [\"email\""));
        noLeak(problems, "wrong type", raw("POST", "/api/contacts/export", b.key(), null, "application/json",
                "{\"format\": 5, \"selectColumns\": \"email\", \"orderBy\": 7}"));
        noLeak(problems, "wrong type in options", raw("POST", "/api/contacts/import", b.key(), null,
                "application/json", "{\"fileKey\": [1], \"options\": {\"maxAttempts\": \"many\"}}"));
        noLeak(problems, "not JSON at all", raw("POST", "/api/contacts/uploads", b.key(), null, "application/json",
                "\u0000\u0001<xml/>"));
        noLeak(problems, "SQL in a filter value", b.get("/api/contacts?country=x'%3B%20drop%20table%20contacts%3B--"
                + "&employees.gte=abc"));
        noLeak(problems, "SQL as a column", raw("POST", "/api/contacts/export", b.key(), null, "application/json",
                "{\"format\":\"csv\",\"selectColumns\":[\"email; drop table contacts\"]}"));
        noLeak(problems, "SQL in orderBy", raw("POST", "/api/contacts/export", b.key(), null, "application/json",
                "{\"format\":\"csv\",\"selectColumns\":[\"email\"],\"orderBy\":[{\"column\":\"1 OR 1=1\"}]}"));
        noLeak(problems, "bad UUID", b.get("/api/jobs/not-a-uuid"));
        noLeak(problems, "bad cursor", b.get("/api/jobs?cursor=%00%ff..garbage"));
        noLeak(problems, "bad limit", b.get("/api/contacts?limit=abc"));
        noLeak(problems, "unknown path", b.get("/api/nothing/here"));
        noLeak(problems, "wrong method", raw("DELETE", "/api/contacts/export", b.key(), null, null, null));
        noLeak(problems, "wrong media type", raw("POST", "/api/contacts/export", b.key(), null, "application/xml",
                "<a/>"));
        noLeak(problems, "missing key", ApiClient.anonymous().get("/api/jobs"));
        noLeak(problems, "huge JSON body", raw("POST", "/api/contacts/export", b.key(), null, "application/json",
                "{\"format\":\"csv\",\"selectColumns\":[\"email\"],\"x\":\"" + "a".repeat(2 << 20) + "\"}"));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void aJsonBodyOverTheLimitIs413ProblemJsonAndTheServerStaysHealthy() {
        ApiClient b = admin.newTenant("bodies-" + UUID.randomUUID());
        String big = "{\"fileName\":\"x.csv\",\"pad\":\"" + "a".repeat((1 << 20) + 10) + "\"}";
        var declared = raw("POST", "/api/contacts/uploads", b.key(), null, "application/json", big);
        assertEquals(413, declared.status(), declared.body());
        assertEquals("BODY_TOO_LARGE", declared.json().getString("code"));
        assertTrue(declared.header("Content-Type").startsWith("application/problem+json"));
        var chunked = rawChunked("/api/contacts/uploads", b.key(), big.getBytes(StandardCharsets.UTF_8));
        assertEquals(413, chunked.status(), chunked.body());
        var small = rawChunked("/api/contacts/uploads", b.key(),
                "{\"fileName\":\"x.csv\"}".getBytes(StandardCharsets.UTF_8));
        assertTrue(small.status() == 200 || small.status() == 201, "a small chunked body still parses: " + small.body());
        assertEquals(200, b.get("/api/jobs").status());
    }

    @Test
    void revokedAndUnknownKeysAre401AndTheLogNeverHoldsAKey() throws IOException, InterruptedException {
        // The managed server's log (failsafe names its base directory); it exists once the server has started.
        Path log = TestServer.serverLog();
        assertTrue(Files.isRegularFile(log), "the server log " + log.toAbsolutePath() + " is missing");
        var created = admin.post("/api/admin/tenants", Json.createObjectBuilder()
                .add("name", "revoke-" + UUID.randomUUID()).build()).json();
        ApiClient tenant = admin.withKey(created.getString("userKey"));
        assertEquals(200, tenant.get("/api/jobs").status());
        var revoked = raw("DELETE", "/api/admin/keys/" + created.getString("keyId"), admin.key(), null, null, null);
        assertEquals(204, revoked.status(), revoked.body());
        long logBefore = Files.size(log);
        var refused = tenant.get("/api/jobs");
        assertEquals(401, refused.status());
        assertEquals("UNAUTHENTICATED", refused.json().getString("code"));
        String bogus = "lading_user_" + UUID.randomUUID().toString().replace("-", "");
        assertEquals(401, tenant.withKey(bogus).get("/api/jobs").status());
        assertEquals(401, raw("GET", "/api/jobs", null, null, null, null, "Authorization", "Bearer " + bogus)
                .status());

        // Three refusals (the revoked key, an unknown one in each header), each logged once, by what was asked.
        String rejection = "Rejected an unknown or revoked API key on GET /api/jobs";
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String written = logSince(log, logBefore);
        while (occurrences(written, rejection) < 3 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            written = logSince(log, logBefore);
        }
        assertEquals(3, occurrences(written, rejection), "each refused key is logged once: " + written);
        String text = Files.readString(log, StandardCharsets.ISO_8859_1);
        assertFalse(text.contains(bogus), "the presented key is not in the log");
        assertFalse(text.contains(created.getString("userKey")), "the revoked key is not in the log");
    }

    private static String logSince(Path log, long offset) throws IOException {
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) Math.min(offset, all.length), (int) Math.max(all.length - offset, 0),
                StandardCharsets.ISO_8859_1);
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            count++;
        }
        return count;
    }

    private static void check(List<String> failures, String call, ApiClient.Response response) {
        String type = response.header("Content-Type");
        if (response.status() != 404 || type == null || !type.startsWith("application/problem+json")) {
            failures.add(call + " -> " + response.status() + " " + type + " " + clip(response.body()));
            return;
        }
        if (!"NOT_FOUND".equals(response.json().getString("code", null))) {
            failures.add(call + " -> code " + response.json());
        }
        leaks(failures, call, response);
    }

    private static void refused(List<String> failures, String field, String value, ApiClient.Response response) {
        String type = response.header("Content-Type");
        if (response.status() != 400 || type == null || !type.startsWith("application/problem+json")) {
            failures.add(field + "=" + value + " -> " + response.status() + " " + clip(response.body()));
            return;
        }
        String code = response.json().getString("code", "");
        if (!List.of("FORBIDDEN_FILE_KEY", "INVALID_FILE_URL", "MALFORMED_JSON").contains(code)) {
            failures.add(field + "=" + value + " -> code " + code);
        }
    }

    private static void noLeak(List<String> failures, String what, ApiClient.Response response) {
        if (response.status() >= 500) {
            failures.add(what + " -> " + response.status() + " " + clip(response.body()));
        }
        if (response.status() >= 400) {
            String type = response.header("Content-Type");
            if (type == null || !type.startsWith("application/problem+json")) {
                failures.add(what + " -> " + response.status() + " is not problem+json: " + type + " "
                        + clip(response.body()));
            }
        } else {
            failures.add(what + " -> " + response.status() + ", expected an error");
        }
        leaks(failures, what, response);
    }

    private static void leaks(List<String> failures, String what, ApiClient.Response response) {
        String body = response.body() == null ? "" : response.body();
        for (String leak : LEAKS) {
            if (body.contains(leak)) {
                failures.add(what + " leaks '" + leak + "': " + clip(body));
            }
        }
    }

    private static String clip(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }

    private static ApiClient.Response raw(String method, String path, String key, String accept, String contentType,
                                          String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ApiClient.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("X-API-Key", key);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    /** A body without Content-Length (Transfer-Encoding: chunked): the length is unknown until it is read. */
    private static ApiClient.Response rawChunked(String path, String key, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ApiClient.baseUrl() + path))
                .timeout(Duration.ofSeconds(30)).header("X-API-Key", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArray(body)));
        return send(request);
    }

    private static ApiClient.Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new ApiClient.Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
