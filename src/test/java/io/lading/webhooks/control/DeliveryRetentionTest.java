package io.lading.webhooks.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lading.testsupport.MigratedDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pruning of old settled webhook deliveries and their attempts, on a real PostgreSQL with the product's schema. */
class DeliveryRetentionTest {

    private static final Duration WINDOW = Duration.ofDays(30);

    @RegisterExtension
    static final MigratedDatabase database = new MigratedDatabase();

    Connection connection;
    UUID webhook;
    final DeliveryRetention retention = new DeliveryRetention();

    @BeforeEach
    void freshWebhook() throws Exception {
        retention.dataSource = database.dataSource();
        connection = database.connect();
        try (Statement statement = connection.createStatement()) {
            statement.execute("delete from webhooks"); // each test starts with no deliveries at all
        }
        webhook = UUID.randomUUID();
        try (PreparedStatement insert = connection.prepareStatement("insert into webhooks (id, tenant_id, url, events,"
                + " secret, created_at) values (?, ?, 'https://hooks.example/lading', 'job.completed', 's', now())")) {
            insert.setObject(1, webhook);
            insert.setObject(2, UUID.randomUUID());
            insert.executeUpdate();
        }
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
    }

    @Test
    void settledDeliveriesCreatedBeforeTheWindowGoWithTheirAttemptsAndPendingOrRecentOnesStay() throws Exception {
        UUID oldDelivered = delivery("DELIVERED", 40);
        attempt(oldDelivered, 40, 500);
        attempt(oldDelivered, 40, 200);
        UUID oldFailed = delivery("FAILED", 35);
        attempt(oldFailed, 34, null);
        UUID oldPending = delivery("PENDING", 45);
        attempt(oldPending, 45, 503);
        UUID recentDelivered = delivery("DELIVERED", 2);
        attempt(recentDelivered, 2, 204);
        UUID justInside = delivery("FAILED", 29);

        assertEquals(2, retention.prune(WINDOW));

        assertEquals(List.of(oldPending, justInside, recentDelivered), deliveries());
        assertEquals(List.of(oldPending + "|503", recentDelivered + "|204"), attempts());
    }

    @Test
    void anOldDeliveryResentInsideTheWindowStaysWhateverItsOutcome() throws Exception {
        UUID resentAndFailedAgain = delivery("FAILED", 60);
        attempt(resentAndFailedAgain, 60, 500);
        attempt(resentAndFailedAgain, 3, 500);
        UUID neverResent = delivery("FAILED", 60);
        attempt(neverResent, 59, 500);

        assertEquals(1, retention.prune(WINDOW));

        assertEquals(List.of(resentAndFailedAgain), deliveries());
        assertEquals(List.of(resentAndFailedAgain + "|500", resentAndFailedAgain + "|500"), attempts());
    }

    @Test
    void moreThanOneBatchIsPrunedInOneRun() throws Exception {
        int old = DeliveryRetention.BATCH * 2 + 37;
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    insert into webhook_deliveries (id, webhook_id, tenant_id, job_id, event, body, status, attempts,
                                                    retry_until, created_at, delivered_at)
                    select gen_random_uuid(), '%s', gen_random_uuid(), gen_random_uuid(), 'job.completed', '{}',
                           'DELIVERED', 1, now() - interval '39 days', now() - interval '40 days',
                           now() - interval '40 days'
                      from generate_series(1, %d)""".formatted(webhook, old));
        }
        UUID kept = delivery("DELIVERED", 1);

        assertEquals(old, retention.prune(WINDOW));

        assertEquals(List.of(kept), deliveries());
        assertEquals(0, retention.prune(WINDOW));
    }

    /** A delivery of the test's webhook created {@code daysAgo}, in {@code status}. */
    private UUID delivery(String status, int daysAgo) throws Exception {
        UUID id = UUID.randomUUID();
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into webhook_deliveries (id, webhook_id, tenant_id, job_id, event, body, status, attempts,
                                                next_attempt_at, retry_until, created_at, delivered_at)
                values (?, ?, ?, ?, 'job.completed', '{}', ?, 0,
                        case when ? = 'PENDING' then now() end,
                        now() - make_interval(days => ?) + interval '24 hours',
                        now() - make_interval(days => ?),
                        case when ? = 'DELIVERED' then now() - make_interval(days => ?) end)""")) {
            insert.setObject(1, id);
            insert.setObject(2, webhook);
            insert.setObject(3, UUID.randomUUID());
            insert.setObject(4, UUID.randomUUID());
            insert.setString(5, status);
            insert.setString(6, status);
            insert.setInt(7, daysAgo);
            insert.setInt(8, daysAgo);
            insert.setString(9, status);
            insert.setInt(10, daysAgo);
            insert.executeUpdate();
        }
        return id;
    }

    private void attempt(UUID delivery, int daysAgo, Integer statusCode) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into webhook_attempts (delivery_id, attempted_at, status_code, error, duration_ms)
                values (?, now() - make_interval(days => ?), ?, ?, 12)""")) {
            insert.setObject(1, delivery);
            insert.setInt(2, daysAgo);
            insert.setObject(3, statusCode, java.sql.Types.INTEGER);
            insert.setString(4, statusCode == null ? "timeout" : null);
            insert.executeUpdate();
        }
    }

    /** The ids of the deliveries left, oldest first. */
    private List<UUID> deliveries() throws Exception {
        List<UUID> ids = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("select id from webhook_deliveries order by created_at")) {
            while (rs.next()) {
                ids.add(rs.getObject(1, UUID.class));
            }
        }
        return ids;
    }

    /** The attempts left, as delivery|status code, in the deliveries' order then the attempts'. */
    private List<String> attempts() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("""
                select a.delivery_id || '|' || coalesce(a.status_code::text, a.error) from webhook_attempts a
                  left join webhook_deliveries d on d.id = a.delivery_id order by d.created_at nulls first, a.id""")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
