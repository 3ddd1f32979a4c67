package io.lading.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.testsupport.ApiClient;
import io.lading.testsupport.ContactsCsv;
import io.lading.testsupport.Database;
import io.lading.testsupport.LadingDeployment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Priorities: with every slot of the node taken, a {@code high} job queued after several {@code low} ones starts
 * before all of them. The waiting jobs wait in the broker, which hands the next free slot the message of highest
 * JMS priority.
 *
 * <p>The tenants are chosen so fair sharing does not reorder anything: the four jobs that fill the node's slots
 * ({@code LADING_JOBS_CONCURRENCY}, 4 on the test server) belong to two tenants holding two each, and the waiting
 * jobs all belong to a third tenant, which holds no running job, so none of the waiting jobs is deferred. The four
 * are XLSX exports of 200,000 contacts, cancelled once the waiting jobs are queued: the slots free up then, and not
 * before, however fast the machine. The first is cancelled alone, so exactly one waiting job can start, and it must
 * be the high one; jobs started by several slots freed at once would start together, in no telling order.
 */
@ExtendWith(ArquillianExtension.class)
class PriorityIT {

    private static final int SLOTS = 4;
    private static final int LOW_JOBS = 3;
    /**
     * Contacts each filler exports: enough that it is still running when it is cancelled (200,000 took 7 s on a
     * fast machine, too close; the test checks the fillers held their slots long enough).
     */
    private static final int FILLER_CONTACTS = 600_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(4);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return LadingDeployment.war();
    }

    private final ApiClient admin = ApiClient.admin();

    @Test
    void aHighJobQueuedBehindLowOnesStartsFirst() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<ApiClient> fillerTenants = new ArrayList<>();
        for (String name : List.of("priority-a-", "priority-b-")) {
            JsonObject created = admin.post("/api/admin/tenants", Json.createObjectBuilder().add("name", name + run)
                    .build()).json();
            Database.insertContacts(UUID.fromString(created.getString("tenantId")), FILLER_CONTACTS, "priority.example.com");
            fillerTenants.add(admin.withKey(created.getString("userKey")));
        }
        ApiClient waiting = admin.newTenant("priority-c-" + run);

        // Long exports take every slot; they are cancelled once the waiting jobs are queued, so they cannot end
        // too early however fast the machine is.
        List<String> fillers = new ArrayList<>();
        for (int i = 0; i < SLOTS; i++) {
            ApiClient.Response accepted = fillerTenants.get(i % 2).post("/api/contacts/export", Json.createObjectBuilder()
                    .add("format", "xlsx").add("selectColumns", Json.createArrayBuilder().add("id").add("email")
                            .add("firstName").add("company").add("createdAt")).build());
            assertEquals(202, accepted.status(), accepted.body());
            fillers.add(accepted.json().getString("id"));
        }
        for (int i = 0; i < SLOTS; i++) {
            JsonObject filler = fillerTenants.get(i % 2).awaitJob(fillers.get(i), TIMEOUT,
                    job -> !"queued".equals(job.getString("status")));
            assertEquals("running", filler.getString("status"), "the fillers must hold every slot: " + filler);
        }

        List<String> lows = new ArrayList<>();
        for (int i = 0; i < LOW_JOBS; i++) {
            lows.add(submit(waiting, ContactsCsv.rows(10).domain("low-" + i + "-" + run + ".example.com"), "low"));
        }
        String high = submit(waiting, ContactsCsv.rows(10).domain("high-" + run + ".example.com"), "high");
        for (String id : lows) {
            assertEquals("queued", waiting.get("/api/jobs/" + id).json().getString("status"), "no slot was free yet");
        }

        // Free ONE slot: of the four waiting jobs, exactly one can start now, and the broker must hand it the high
        // one. (Freeing every slot at once would start all four together, and their order would say nothing.)
        ApiClient.Response cancel = fillerTenants.get(0).post("/api/jobs/" + fillers.get(0) + "/cancel");
        assertEquals(202, cancel.status(), cancel.body());
        JsonObject cancelled = fillerTenants.get(0).awaitSettled(fillers.get(0), TIMEOUT);
        assertEquals("cancelled", cancelled.getString("status"), "the filler ran until the waiting jobs were queued: "
                + cancelled);
        List<String> waitingJobs = new ArrayList<>(lows);
        waitingJobs.add(high);
        String first = firstStarted(waitingJobs);

        // The other fillers end now (cancelled, or done if they finished meanwhile); they must have held their
        // slots until the first waiting job started, or more than one slot was free and the check says nothing.
        for (int i = 1; i < SLOTS; i++) {
            fillerTenants.get(i % 2).post("/api/jobs/" + fillers.get(i) + "/cancel");
        }
        OffsetDateTime firstStartedAt = startedAt(first);
        for (int i = 1; i < SLOTS; i++) {
            JsonObject filler = fillerTenants.get(i % 2).awaitSettled(fillers.get(i), TIMEOUT);
            assertTrue(List.of("cancelled", "completed").contains(filler.getString("status")), filler.toString());
            OffsetDateTime ended = Database.value(OffsetDateTime.class, "select completed_at from jobs where id = ?",
                    UUID.fromString(fillers.get(i)));
            assertTrue(ended.isAfter(firstStartedAt), "filler " + fillers.get(i) + " ended at " + ended
                    + ", before the first waiting job started at " + firstStartedAt + ": more than one slot was free");
        }
        assertEquals(high, first, "the first waiting job to get the one free slot");

        // The lows take the slots after it: each starts after the high one did.
        for (String id : lows) {
            assertEquals("completed", waiting.awaitSettled(id, TIMEOUT).getString("status"));
        }
        assertEquals("completed", waiting.awaitSettled(high, TIMEOUT).getString("status"));
        OffsetDateTime highStarted = startedAt(high);
        for (String low : lows) {
            OffsetDateTime lowStarted = startedAt(low);
            assertTrue(highStarted.isBefore(lowStarted), "the high job started at " + highStarted
                    + ", after low job " + low + " (queued before it) started at " + lowStarted);
        }
    }

    /** The job of {@code ids} that started first, once one has started. */
    private static String firstStarted(List<String> ids) throws InterruptedException {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            List<String> started = Database.strings("""
                    select id::text from jobs where id::text = any(string_to_array(?, ',')) and started_at is not null
                    order by started_at, id""", String.join(",", ids));
            if (!started.isEmpty()) {
                return started.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("none of " + ids + " started within " + TIMEOUT);
    }

    private static String submit(ApiClient tenant, ContactsCsv file, String priority) {
        ApiClient.Response accepted = tenant.postFile("/api/contacts/import?fileName=p.csv&priority=" + priority,
                file.bytes(), "text/csv");
        assertEquals(202, accepted.status(), accepted.body());
        assertEquals(priority, accepted.json().getString("priority"), accepted.body());
        return accepted.json().getString("id");
    }

    private static OffsetDateTime startedAt(String id) {
        OffsetDateTime started = Database.value(OffsetDateTime.class, "select started_at from jobs where id = ?",
                UUID.fromString(id));
        assertNotNull(started, "job " + id + " never started");
        return started;
    }

}
