package io.lading.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.lading.testsupport.ApiClient;
import io.lading.testsupport.ContactsCsv;
import io.lading.testsupport.LadingDeployment;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Webhooks against the real server, with receivers in this test on 127.0.0.1 (the test server allows private
 * addresses, LADING_WEBHOOKS_ALLOW_PRIVATE=true, and retries after 1 s): signed deliveries a receiver can verify,
 * retries under one delivery id, a hanging receiver that slows neither jobs nor other tenants' deliveries, the
 * operators' endpoint for every tenant, and the URLs refused even on such a server.
 */
@ExtendWith(ArquillianExtension.class)
class WebhooksIT {

    private static final Logger LOG = Logger.getLogger(WebhooksIT.class.getName());
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(60);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return LadingDeployment.war();
    }

    private final ApiClient admin = ApiClient.admin();

    @Test
    void aDeliveryArrivesSignedWithTheSecretShownOnceAndCarriesTheJobAsGetShowsIt() throws Exception {
        ApiClient tenant = admin.newTenant("hooks-signed-" + UUID.randomUUID());
        try (Receiver receiver = Receiver.start()) {
            ApiClient.Response created = register(tenant, "/api/webhooks", receiver.url(), "job.completed", "job.dead");
            assertEquals(201, created.status(), created.body());
            String secret = created.json().getString("secret");
            String webhookId = created.json().getString("id");
            assertTrue(secret.startsWith("whsec_") && secret.length() > 40, secret);
            assertTrue(created.header("Location").endsWith("/api/webhooks/" + webhookId), created.header("Location"));
            JsonObject listed = tenant.get("/api/webhooks").json().getJsonArray("items").getJsonObject(0);
            assertEquals(webhookId, listed.getString("id"));
            assertFalse(listed.containsKey("secret"), "the secret is shown only at creation: " + listed);

            String jobId = importRows(tenant, 5, "signed.example.com");
            JsonObject job = tenant.awaitSettled(jobId, JOB_TIMEOUT);
            assertEquals("completed", job.getString("status"));

            Received delivery = await(DELIVERY_TIMEOUT, () -> receiver.first(r -> jobId.equals(r.jobId())),
                    "a delivery of job " + jobId);
            assertEquals("application/json", delivery.header("Content-Type"));
            assertEquals("job.completed", delivery.header("Lading-Event"));
            JsonObject body = delivery.json();
            assertEquals(delivery.header("Lading-Delivery"), body.getString("id"));
            assertEquals("job.completed", body.getString("event"));
            assertNotNull(body.getString("occurredAt"));
            assertSignedWith(secret, delivery);

            JsonObject sent = body.getJsonObject("job");
            JsonObject shown = tenant.get("/api/jobs/" + jobId).json();
            assertEquals(shown.keySet(), sent.keySet(), "the job has the fields GET shows");
            for (String field : List.of("id", "type", "status", "tenantId", "processedRows", "createdRows", "failedRows",
                    "attempts", "fileName", "completedAt")) {
                assertEquals(shown.get(field), sent.get(field), field);
            }

            JsonObject listedDelivery = await(DELIVERY_TIMEOUT, () -> deliveries(tenant, "/api/webhooks/" + webhookId)
                    .stream().filter(d -> "delivered".equals(d.getString("status"))).findFirst().orElse(null),
                    "the delivery shown delivered");
            assertEquals(body.getString("id"), listedDelivery.getString("id"));
            assertEquals(jobId, listedDelivery.getString("jobId"));
            assertEquals("job.completed", listedDelivery.getString("event"));
            assertEquals(1, listedDelivery.getInt("attempts"));
            assertEquals(200, listedDelivery.getInt("lastStatusCode"));
            assertFalse(listedDelivery.isNull("deliveredAt"));
        }
    }

    @Test
    void aReceiverAnswering500Then200GetsTheSameDeliveryTwiceAndAResendOnceMore() throws Exception {
        ApiClient tenant = admin.newTenant("hooks-retry-" + UUID.randomUUID());
        try (Receiver receiver = Receiver.start(500)) {
            ApiClient.Response created = register(tenant, "/api/webhooks", receiver.url(), "job.completed");
            assertEquals(201, created.status(), created.body());
            String hook = "/api/webhooks/" + created.json().getString("id");

            String jobId = importRows(tenant, 3, "retry.example.com");
            tenant.awaitSettled(jobId, JOB_TIMEOUT);
            await(DELIVERY_TIMEOUT, () -> receiver.received().size() >= 2 ? true : null, "two attempts");
            JsonObject delivery = await(DELIVERY_TIMEOUT, () -> deliveries(tenant, hook).stream()
                    .filter(d -> "delivered".equals(d.getString("status"))).findFirst().orElse(null), "delivered");

            List<Received> attempts = receiver.received();
            assertEquals(2, attempts.size(), "one failed attempt, one delivered");
            assertEquals(delivery.getString("id"), attempts.get(0).header("Lading-Delivery"));
            assertEquals(delivery.getString("id"), attempts.get(1).header("Lading-Delivery"));
            assertEquals(attempts.get(0).body(), attempts.get(1).body(), "every attempt sends the same body");
            assertEquals(2, delivery.getInt("attempts"));
            assertEquals(200, delivery.getInt("lastStatusCode"));
            assertEquals(jobId, delivery.getString("jobId"));

            ApiClient.Response resent = tenant.post(hook + "/deliveries/" + delivery.getString("id") + "/resend");
            assertEquals(202, resent.status(), resent.body());
            await(DELIVERY_TIMEOUT, () -> receiver.received().size() >= 3 ? true : null, "the resend");
            assertEquals(delivery.getString("id"), receiver.received().get(2).header("Lading-Delivery"));
            JsonObject again = await(DELIVERY_TIMEOUT, () -> deliveries(tenant, hook).stream()
                    .filter(d -> d.getInt("attempts") == 3 && "delivered".equals(d.getString("status")))
                    .findFirst().orElse(null), "three attempts, delivered");
            assertEquals(delivery.getString("id"), again.getString("id"));
        }
    }

    /**
     * 50 imports of a tenant whose endpoint accepts connections and never answers finish about as fast as 50 without
     * a webhook, and another tenant's delivery goes out while the hanging ones wait for their timeouts.
     */
    @Test
    void aReceiverThatNeverAnswersSlowsNeitherJobsNorOtherTenantsDeliveries() throws Exception {
        int jobs = 50;
        ApiClient plain = admin.newTenant("hooks-baseline-" + UUID.randomUUID());
        Duration baseline = runImports(plain, jobs, "baseline.example.com");

        ApiClient hanging = admin.newTenant("hooks-hanging-" + UUID.randomUUID());
        ApiClient other = admin.newTenant("hooks-other-" + UUID.randomUUID());
        try (Silent silent = Silent.start(); Receiver receiver = Receiver.start()) {
            ApiClient.Response created = register(hanging, "/api/webhooks", silent.url(), "job.completed");
            assertEquals(201, created.status(), created.body());
            String hook = "/api/webhooks/" + created.json().getString("id");
            assertEquals(201, register(other, "/api/webhooks", receiver.url(), "job.completed").status());

            Duration withHangingWebhook = runImports(hanging, jobs, "hanging.example.com");
            LOG.info(() -> jobs + " imports: " + baseline + " without a webhook, " + withHangingWebhook
                    + " with a webhook that never answers");
            assertTrue(withHangingWebhook.compareTo(baseline.multipliedBy(2).plusSeconds(30)) <= 0,
                    jobs + " imports took " + withHangingWebhook + " with a hanging webhook, " + baseline + " without");
            assertEquals(jobs, deliveries(hanging, hook).size(), "one delivery per completed import, recorded");
            assertTrue(silent.connections() > 0, "the silent receiver was called");

            Instant submitted = Instant.now();
            String otherJob = importRows(other, 2, "other.example.com");
            other.awaitSettled(otherJob, JOB_TIMEOUT);
            await(Duration.ofSeconds(30), () -> receiver.first(r -> otherJob.equals(r.jobId())),
                    "the other tenant's delivery while " + jobs + " hang");
            Duration otherTook = Duration.between(submitted, Instant.now());
            LOG.info(() -> "Another tenant's import and delivery took " + otherTook + " while the hanging ones waited");
            long stillPending = deliveries(hanging, hook).stream()
                    .filter(d -> "pending".equals(d.getString("status"))).count();
            assertTrue(stillPending > 0, "the hanging endpoint's deliveries were still waiting (" + otherTook + ")");
            assertEquals(204, hanging.delete(hook).status());
        }
    }

    @Test
    void anOperatorsEndpointReceivesEveryTenantsEvents() throws Exception {
        ApiClient tenant = admin.newTenant("hooks-operator-" + UUID.randomUUID());
        try (Receiver receiver = Receiver.start()) {
            ApiClient.Response created = register(admin, "/api/admin/webhooks", receiver.url(), "job.completed",
                    "job.dead");
            assertEquals(201, created.status(), created.body());
            String hook = "/api/admin/webhooks/" + created.json().getString("id");
            try {
                assertEquals(403, register(tenant, "/api/admin/webhooks", receiver.url(), "job.dead").status());
                assertEquals(404, tenant.get(hook.replace("/admin", "") + "/deliveries").status(),
                        "a tenant does not see the operators' endpoint");

                String jobId = importRows(tenant, 2, "operator.example.com");
                tenant.awaitSettled(jobId, JOB_TIMEOUT);
                Received delivery = await(DELIVERY_TIMEOUT, () -> receiver.first(r -> jobId.equals(r.jobId())),
                        "the tenant's job event at the operators' endpoint");
                JsonObject job = delivery.json().getJsonObject("job");
                assertEquals("completed", job.getString("status"));
                assertEquals(tenant.get("/api/jobs/" + jobId).json().getString("tenantId"), job.getString("tenantId"));
                assertSignedWith(created.json().getString("secret"), delivery);

                JsonValue ofJob = Json.createReader(new StringReader(
                        admin.get("/api/admin/webhooks/deliveries?jobId=" + jobId).body())).readValue();
                assertEquals(1, ofJob.asJsonArray().size(), ofJob.toString());
            } finally {
                assertEquals(204, admin.delete(hook).status());
            }
            assertEquals(404, admin.get(hook + "/deliveries").status(), "deleted with its deliveries");
        }
    }

    /** A delayed job cancelled while it waits for its runAt ends like any other cancelled job: job.cancelled. */
    @Test
    void aScheduledJobCancelledBeforeItsTimeSendsJobCancelled() throws Exception {
        ApiClient tenant = admin.newTenant("hooks-scheduled-" + UUID.randomUUID());
        try (Receiver receiver = Receiver.start()) {
            ApiClient.Response created = register(tenant, "/api/webhooks", receiver.url(), "job.cancelled");
            assertEquals(201, created.status(), created.body());
            String runAt = Instant.now().plus(Duration.ofHours(2)).toString();
            ApiClient.Response submitted = tenant.post("/api/contacts/export", Json.createObjectBuilder()
                    .add("format", "csv").add("selectColumns", Json.createArrayBuilder().add("email"))
                    .add("options", Json.createObjectBuilder().add("runAt", runAt)).build());
            assertEquals(202, submitted.status(), submitted.body());
            assertEquals("scheduled", submitted.json().getString("status"));
            String jobId = submitted.json().getString("id");

            ApiClient.Response cancelled = tenant.post("/api/jobs/" + jobId + "/cancel");
            assertEquals(202, cancelled.status(), cancelled.body());
            assertEquals("cancelled", cancelled.json().getString("status"));

            Received delivery = await(DELIVERY_TIMEOUT, () -> receiver.first(r -> jobId.equals(r.jobId())),
                    "the cancelled scheduled job's event");
            assertEquals("job.cancelled", delivery.header("Lading-Event"));
            JsonObject job = delivery.json().getJsonObject("job");
            assertEquals("cancelled", job.getString("status"));
            assertFalse(job.isNull("runAt"), "the job as it was: " + job);
            assertSignedWith(created.json().getString("secret"), delivery);
        }
    }

    /** The test server allows private addresses; metadata addresses and other schemes stay refused. */
    @Test
    void metadataAddressesOtherSchemesAndUnknownEventsAreRefused() {
        ApiClient tenant = admin.newTenant("hooks-refused-" + UUID.randomUUID());
        for (String url : List.of("http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/",
                "ftp://127.0.0.1/hook", "file:///etc/passwd")) {
            ApiClient.Response refused = register(tenant, "/api/webhooks", url, "job.completed");
            assertEquals(400, refused.status(), url + ": " + refused.body());
            assertTrue(refused.header("Content-Type").startsWith("application/problem+json"), refused.header("Content-Type"));
            assertEquals("WEBHOOK_URL_NOT_ALLOWED", refused.json().getString("code"), url);
            assertEquals("url", refused.json().getString("field"), url);
        }
        ApiClient.Response unknownEvent = register(tenant, "/api/webhooks", "http://127.0.0.1:9/", "job.started");
        assertEquals(400, unknownEvent.status(), unknownEvent.body());
        assertEquals("INVALID_OPTION", unknownEvent.json().getString("code"));
        assertEquals(403, register(admin, "/api/webhooks", "http://127.0.0.1:9/", "job.dead").status(),
                "an operator key registers under /api/admin/webhooks");
        assertTrue(tenant.get("/api/webhooks").json().getJsonArray("items").isEmpty(), "nothing was registered");
    }

    @Test
    void anotherTenantsEndpointIsNotFoundForEveryCall() {
        ApiClient owner = admin.newTenant("hooks-owner-" + UUID.randomUUID());
        ApiClient stranger = admin.newTenant("hooks-stranger-" + UUID.randomUUID());
        ApiClient.Response created = register(owner, "/api/webhooks", "http://127.0.0.1:9/hook", "job.dead");
        assertEquals(201, created.status(), created.body());
        String hook = "/api/webhooks/" + created.json().getString("id");

        assertEquals(404, stranger.get(hook + "/deliveries").status());
        assertEquals(404, stranger.post(hook + "/deliveries/" + UUID.randomUUID() + "/resend").status());
        assertEquals(404, stranger.delete(hook).status());
        assertEquals(404, admin.delete(hook.replace("/api/", "/api/admin/")).status(), "not an operators' endpoint");
        assertTrue(stranger.get("/api/webhooks").json().getJsonArray("items").isEmpty());
        assertEquals(200, owner.get(hook + "/deliveries").status(), "still there for its owner");
        assertEquals(204, owner.delete(hook).status());
        assertEquals(404, owner.get(hook + "/deliveries").status());
    }

    // --- helpers ---

    private static ApiClient.Response register(ApiClient client, String path, String url, String... events) {
        JsonArrayBuilder names = Json.createArrayBuilder();
        for (String event : events) {
            names.add(event);
        }
        return client.post(path, Json.createObjectBuilder().add("url", url).add("events", names).build());
    }

    private static String importRows(ApiClient tenant, int rows, String domain) {
        ApiClient.Response submitted = tenant.postFile("/api/contacts/import?fileName=" + domain + ".csv",
                ContactsCsv.rows(rows).domain(domain).bytes(), "text/csv");
        assertEquals(202, submitted.status(), submitted.body());
        return submitted.json().getString("id");
    }

    /** Submits {@code jobs} small imports at once and returns how long until every one completed. */
    private static Duration runImports(ApiClient tenant, int jobs, String domain) {
        Instant start = Instant.now();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            ids.add(importRows(tenant, 3, i + "." + domain));
        }
        for (String id : ids) {
            assertEquals("completed", tenant.awaitSettled(id, JOB_TIMEOUT).getString("status"), id);
        }
        return Duration.between(start, Instant.now());
    }

    private static List<JsonObject> deliveries(ApiClient client, String hook) {
        ApiClient.Response page = client.get(hook + "/deliveries?limit=500");
        assertEquals(200, page.status(), page.body());
        return page.json().getJsonArray("items").getValuesAs(JsonObject.class);
    }

    private static void assertSignedWith(String secret, Received delivery) throws Exception {
        String signature = delivery.header("Lading-Signature");
        assertTrue(signature.matches("t=\\d+,v1=[0-9a-f]{64}"), signature);
        String t = signature.substring(2, signature.indexOf(','));
        assertTrue(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(t)) < 300, "a recent time: " + t);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
        String expected = HexFormat.of().formatHex(mac.doFinal(delivery.rawBody()));
        assertEquals("t=" + t + ",v1=" + expected, signature);
    }

    /** Polls until {@code check} gives a value (not null, not false), failing after {@code timeout}. */
    private static <T> T await(Duration timeout, Supplier<T> check, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            T value = check.get();
            if (value != null && !Boolean.FALSE.equals(value)) {
                return value;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("No " + what + " within " + timeout);
    }

    /** A request as the receiver got it. */
    record Received(Map<String, List<String>> headers, byte[] rawBody) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        String body() {
            return new String(rawBody, StandardCharsets.UTF_8);
        }

        JsonObject json() {
            return Json.createReader(new StringReader(body())).readObject();
        }

        String jobId() {
            JsonObject job = json().getJsonObject("job");
            return job == null ? null : job.getString("id");
        }
    }

    /** A webhook receiver on 127.0.0.1 that records every request and answers the scripted statuses, then 200. */
    static final class Receiver implements AutoCloseable {
        private final HttpServer server;
        private final ExecutorService threads = Executors.newCachedThreadPool();
        private final List<Received> received = new CopyOnWriteArrayList<>();
        private final Queue<Integer> script = new ConcurrentLinkedQueue<>();

        private Receiver(Integer... statuses) throws IOException {
            script.addAll(List.of(statuses));
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            server.createContext("/hook", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
                Integer status = script.poll();
                exchange.sendResponseHeaders(status == null ? 200 : status, -1);
                exchange.close();
            });
            server.setExecutor(threads);
            server.start();
        }

        static Receiver start(Integer... statuses) throws IOException {
            return new Receiver(statuses);
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        List<Received> received() {
            return List.copyOf(received);
        }

        Received first(Predicate<Received> matching) {
            return received.stream().filter(matching).findFirst().orElse(null);
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }

    /** An endpoint that accepts connections and never answers. */
    static final class Silent implements AutoCloseable {
        private final ServerSocket socket;
        private final List<Socket> open = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        private Silent() throws IOException {
            socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        open.add(socket.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "silent-receiver");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        static Silent start() throws IOException {
            return new Silent();
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/hook";
        }

        int connections() {
            return open.size();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }
}
