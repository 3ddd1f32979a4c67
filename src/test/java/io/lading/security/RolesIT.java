package io.lading.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.testsupport.ApiClient;
import io.lading.testsupport.ContactsCsv;
import io.lading.testsupport.LadingDeployment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Who may call what, on the real server: every endpoint with a tenant's user key, a viewer key and an admin key.
 * A refused call is {@code 403 FORBIDDEN} problem+json saying which key it needs; an admitted one gets past the
 * role check (it may still answer 404 for the random ids used here, 400 for an empty body, or
 * {@code TENANT_KEY_REQUIRED} for an operator on one tenant's data). Nothing here changes data that matters.
 */
@ExtendWith(ArquillianExtension.class)
class RolesIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ADMIN_ONLY = "This call needs an admin key";
    private static final String OPERATORS_ONLY = "This call needs an operator key";
    private static final String NOT_VIEWERS = "A viewer key only reads";

    private enum Key { USER, VIEWER, ADMIN }

    /** One call and, per key that is refused, the detail of its 403. */
    private record Call(String method, String path, String contentType, String body, String accept,
                        Map<Key, String> refused) {

        Call as(String type, String content) {
            return new Call(method, path, type, content, accept, refused);
        }

        Call accepting(String type) {
            return new Call(method, path, contentType, body, type, refused);
        }

        @Override
        public String toString() {
            return method + " " + path + (contentType == null ? "" : " (" + contentType + ")");
        }
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        return LadingDeployment.war();
    }

    private final ApiClient admin = ApiClient.admin();

    @Test
    void everyEndpointAdmitsItsRolesAndRefusesTheOthersWithTheKeyItNeeds() throws Exception {
        Map<Key, String> keys = Map.of(Key.USER, admin.newTenant("roles-" + UUID.randomUUID()).key(),
                Key.VIEWER, viewerKey(), Key.ADMIN, admin.key());
        String id = UUID.randomUUID().toString();
        String json = "application/json";
        List<Call> calls = List.of(
                anyKey("GET", "/api/jobs"),
                anyKey("GET", "/api/jobs/stats"),
                anyKey("GET", "/api/jobs/" + id),
                anyKey("GET", "/api/jobs/" + id + "/timeline"),
                anyKey("GET", "/api/jobs/" + id + "/events").accepting("text/event-stream"),
                notViewers("POST", "/api/jobs/" + id + "/cancel"),
                notViewers("POST", "/api/jobs/" + id + "/retry"),
                anyKey("GET", "/api/contacts"),
                anyKey("GET", "/api/contacts/" + id),
                notViewers("POST", "/api/contacts/import").as(json, "{}"),
                notViewers("POST", "/api/contacts/import?fileName=empty.csv&dryRun=true").as("text/csv", ""),
                anyKey("GET", "/api/contacts/import"),
                anyKey("GET", "/api/contacts/import/" + id),
                anyKey("GET", "/api/contacts/import/" + id + "/errors").accepting("text/csv"),
                notViewers("POST", "/api/contacts/import/" + id + "/retry-failed").as(json, "{}"),
                notViewers("POST", "/api/contacts/import/" + id + "/retry-failed").as("text/csv", "email\r\n"),
                notViewers("POST", "/api/contacts/import/" + id + "/rollback"),
                notViewers("POST", "/api/contacts/import/" + id + "/cancel"),
                notViewers("POST", "/api/contacts/uploads").as(json, "{}"),
                notViewers("POST", "/api/contacts/export").as(json, "{}"),
                anyKey("GET", "/api/contacts/export"),
                anyKey("GET", "/api/contacts/export/" + id),
                anyKey("GET", "/api/contacts/export/" + id + "/download"),
                notViewers("POST", "/api/contacts/export/" + id + "/cancel"),
                adminOnly("POST", "/api/admin/tenants").as(json, "{}"),
                operatorsOnly("GET", "/api/admin/tenants/" + id),
                adminOnly("PATCH", "/api/admin/tenants/" + id).as(json, "{}"),
                adminOnly("POST", "/api/admin/tenants/" + id + "/keys"),
                adminOnly("POST", "/api/admin/keys").as(json, "{\"role\":\"nobody\"}"),
                adminOnly("DELETE", "/api/admin/keys/" + id),
                operatorsOnly("GET", "/api/admin/audit"),
                adminOnly("POST", "/api/admin/exports/expire?olderThanSeconds=-1"),
                operatorsOnly("GET", "/api/console/session"),
                operatorsOnly("GET", "/api/console/overview"),
                operatorsOnly("GET", "/api/console/events").accepting("text/event-stream"),
                adminOnly("POST", "/api/console/jobs/retry-dead?type=nonsense"),
                notViewers("POST", "/api/webhooks").as(json, "{}"),
                anyKey("GET", "/api/webhooks"),
                notViewers("DELETE", "/api/webhooks/" + id),
                anyKey("GET", "/api/webhooks/" + id + "/deliveries"),
                notViewers("POST", "/api/webhooks/" + id + "/deliveries/" + id + "/resend"),
                adminOnly("POST", "/api/admin/webhooks").as(json, "{}"),
                operatorsOnly("GET", "/api/admin/webhooks"),
                adminOnly("DELETE", "/api/admin/webhooks/" + id),
                operatorsOnly("GET", "/api/admin/webhooks/" + id + "/deliveries"),
                adminOnly("POST", "/api/admin/webhooks/" + id + "/deliveries/" + id + "/resend"),
                operatorsOnly("GET", "/api/admin/webhooks/deliveries?jobId=" + id),
                notViewers("POST", "/api/schedules").as(json, "{}"),
                anyKey("GET", "/api/schedules"),
                anyKey("GET", "/api/schedules/" + id),
                notViewers("PATCH", "/api/schedules/" + id).as(json, "{}"),
                notViewers("DELETE", "/api/schedules/" + id));

        List<String> wrong = new ArrayList<>();
        for (Call call : calls) {
            for (Key key : Key.values()) {
                Answer answer = send(call, keys.get(key));
                String refusal = call.refused().get(key);
                String seen = key + " " + call + " -> " + answer;
                if (refusal != null) {
                    if (answer.status() != 403 || !answer.isProblem() || !"FORBIDDEN".equals(answer.code())
                            || !refusal.equals(answer.json().getString("detail", null))) {
                        wrong.add(seen + ", expected 403 FORBIDDEN: " + refusal);
                    }
                } else if (answer.status() == 401 || answer.status() >= 500
                        || (answer.status() == 403 && "FORBIDDEN".equals(answer.code()))) {
                    wrong.add(seen + ", expected to pass the role check");
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void operatorsGetTheTenantKeyProblemOnOneTenantsData() throws Exception {
        Answer contacts = send(anyKey("GET", "/api/contacts"), admin.key());
        assertEquals(403, contacts.status(), contacts.toString());
        assertEquals("TENANT_KEY_REQUIRED", contacts.code());
        Answer imported = send(notViewers("POST", "/api/contacts/import").as("application/json", "{}"), admin.key());
        assertEquals("TENANT_KEY_REQUIRED", imported.code(), imported.toString());
    }

    @Test
    void aViewersRefusedActionIsOnTheAuditTrail() {
        ApiClient tenant = admin.newTenant("roles-audit-" + UUID.randomUUID());
        String jobId = tenant.postFile("/api/contacts/import?fileName=audit.csv&dryRun=true",
                ContactsCsv.rows(5).domain("roles.example.com").bytes(), "text/csv").json().getString("id");
        ApiClient.Response issued = admin.post("/api/admin/keys",
                Json.createObjectBuilder().add("role", "viewer").build());
        ApiClient viewer = admin.withKey(issued.json().getString("key"));

        ApiClient.Response refused = viewer.post("/api/jobs/" + jobId + "/cancel");

        assertEquals(403, refused.status(), refused.body());
        assertEquals(NOT_VIEWERS, refused.json().getString("detail"));
        var trail = admin.get("/api/admin/audit?jobId=" + jobId).json().getJsonArray("items");
        assertTrue(trail.stream().map(v -> v.asJsonObject()).anyMatch(a -> a.getString("action").equals("cancel")
                && a.getInt("outcome") == 403 && a.getString("role").equals("viewer")
                && a.getString("keyId").equals(issued.json().getString("keyId"))), trail.toString());
    }

    @Test
    void jobMetricsAreForOperatorKeysOnly() throws Exception {
        assertEquals(401, send(new Call("GET", "/metrics", null, null, null, Map.of()),
                admin.newTenant("roles-metrics-" + UUID.randomUUID()).key()).status());
        assertEquals(200, send(new Call("GET", "/metrics", null, null, null, Map.of()), viewerKey()).status());
        assertEquals(200, send(new Call("GET", "/metrics", null, null, null, Map.of()), admin.key()).status());
    }

    private String viewerKey() {
        ApiClient.Response issued = admin.post("/api/admin/keys",
                Json.createObjectBuilder().add("role", "viewer").build());
        assertEquals(201, issued.status(), issued.body());
        return issued.json().getString("key");
    }

    private static Call anyKey(String method, String path) {
        return new Call(method, path, null, null, null, Map.of());
    }

    private static Call notViewers(String method, String path) {
        return new Call(method, path, null, null, null, Map.of(Key.VIEWER, NOT_VIEWERS));
    }

    private static Call operatorsOnly(String method, String path) {
        return new Call(method, path, null, null, null, Map.of(Key.USER, OPERATORS_ONLY));
    }

    private static Call adminOnly(String method, String path) {
        return new Call(method, path, null, null, null, Map.of(Key.USER, ADMIN_ONLY, Key.VIEWER, ADMIN_ONLY));
    }

    private record Answer(int status, String contentType, String body) {
        boolean isProblem() {
            return contentType != null && contentType.startsWith("application/problem+json");
        }

        JsonObject json() {
            return Json.createReader(new StringReader(body)).readObject();
        }

        String code() {
            return isProblem() ? json().getString("code", null) : null;
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + (body.length() > 200 ? body.substring(0, 200) + "…" : body);
        }
    }

    /** Reads the body only of an answer that is not an event stream: a stream admitted here would last minutes. */
    private static Answer send(Call call, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ApiClient.baseUrl() + call.path()))
                .timeout(Duration.ofSeconds(30)).header("X-API-Key", key)
                .method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(call.body()));
        if (call.contentType() != null) {
            request.header("Content-Type", call.contentType());
        }
        request.header("Accept", call.accept() == null ? "application/json" : call.accept());
        HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        String type = response.headers().firstValue("Content-Type").orElse(null);
        try (InputStream body = response.body()) {
            boolean stream = type != null && type.startsWith("text/event-stream");
            return new Answer(response.statusCode(), type,
                    stream ? "(event stream)" : new String(body.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
