package io.lading.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.testsupport.ApiClient;
import io.lading.testsupport.ContactsCsv;
import io.lading.testsupport.Database;
import io.lading.testsupport.LadingDeployment;
import jakarta.json.JsonObject;
import java.time.Duration;
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
 * jobs all belong to a third tenant, which holds no running job, so none of the waiting jobs is deferred.
 */
@ExtendWith(ArquillianExtension.class)
class PriorityIT {

    private static final int SLOTS = 4;
    private static final int LOW_JOBS = 3;
    /** Enough rows that the fillers run for several seconds, even on a fast machine. */
    private static final int FILLER_ROWS = Integer.getInteger("lading.priority.fillerRows", 60_000);
    private static final Duration TIMEOUT = Duration.ofMinutes(4);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return LadingDeployment.war();
    }

    private final ApiClient admin = ApiClient.admin();

    @Test
    void aHighJobQueuedBehindLowOnesStartsFirst() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<ApiClient> fillerTenants = List.of(admin.newTenant("priority-a-" + run), admin.newTenant("priority-b-" + run));
        ApiClient waiting = admin.newTenant("priority-c-" + run);

        List<String> fillers = new ArrayList<>();
        for (int i = 0; i < SLOTS; i++) {
            ContactsCsv file = ContactsCsv.rows(FILLER_ROWS).domain("filler-" + i + "-" + run + ".example.com");
            fillers.add(submit(fillerTenants.get(i % 2), file, "normal"));
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
        OffsetDateTime highQueuedAt = createdAt(high);

        for (String id : lows) {
            assertEquals("completed", waiting.awaitSettled(id, TIMEOUT).getString("status"));
        }
        assertEquals("completed", waiting.awaitSettled(high, TIMEOUT).getString("status"));
        for (int i = 0; i < SLOTS; i++) {
            assertEquals("completed", fillerTenants.get(i % 2).awaitSettled(fillers.get(i), TIMEOUT).getString("status"));
        }

        // The test means something only if every slot was still taken when the high job was queued.
        for (String filler : fillers) {
            OffsetDateTime completed = Database.value(OffsetDateTime.class, "select completed_at from jobs where id = ?",
                    UUID.fromString(filler));
            assertTrue(completed.isAfter(highQueuedAt), "filler " + filler + " ended at " + completed
                    + ", before the high job was queued at " + highQueuedAt + ": raise lading.priority.fillerRows");
        }
        OffsetDateTime highStarted = startedAt(high);
        for (String low : lows) {
            OffsetDateTime lowStarted = startedAt(low);
            assertTrue(highStarted.isBefore(lowStarted), "the high job started at " + highStarted
                    + ", after low job " + low + " (queued before it) started at " + lowStarted);
        }
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

    private static OffsetDateTime createdAt(String id) {
        return Database.value(OffsetDateTime.class, "select created_at from jobs where id = ?", UUID.fromString(id));
    }
}
