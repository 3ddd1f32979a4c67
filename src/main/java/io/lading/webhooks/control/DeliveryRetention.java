package io.lading.webhooks.control;

import io.lading.platform.Batches;
import io.lading.platform.LadingDatabase;
import io.lading.webhooks.entity.DeliveryStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Prunes settled webhook deliveries (delivered, failed) created longer ago than the retention age
 * (LADING_WEBHOOKS_DELIVERIES_RETENTION_DAYS, default 30); their attempts go with them (the foreign key cascades).
 * Pending ones are never pruned by age: they are still inside their retry window, which ends them. One resent inside
 * the window (an attempt since then) is kept, so its latest outcome stays visible. Small batches, each its own
 * statement, with {@code SKIP LOCKED}: the worker's claims and attempts are never held up for long.
 */
@ApplicationScoped
public class DeliveryRetention {

    private static final Logger LOG = Logger.getLogger(DeliveryRetention.class.getName());
    static final int BATCH = 500;

    @Inject
    @LadingDatabase
    DataSource dataSource;

    @Inject
    @ConfigProperties
    WebhookSettings settings;

    public int prune() {
        return prune(settings.deliveriesRetention());
    }

    public int prune(Duration olderThan) {
        int pruned = Batches.repeatWhileFull(BATCH, () -> pruneBatch(olderThan));
        LOG.info(() -> "Pruned " + pruned + " webhook deliveries settled and created more than " + olderThan.toDays()
                + " days ago");
        return pruned;
    }

    private int pruneBatch(Duration olderThan) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement("""
                     delete from webhook_deliveries where id in (
                         select d.id from webhook_deliveries d
                          where d.status <> ?
                            and d.created_at < now() - make_interval(secs => ?)
                            and not exists (select 1 from webhook_attempts a
                                             where a.delivery_id = d.id
                                               and a.attempted_at >= now() - make_interval(secs => ?))
                          limit ? for update skip locked)""")) {
            delete.setString(1, DeliveryStatus.PENDING.name());
            delete.setDouble(2, olderThan.toSeconds());
            delete.setDouble(3, olderThan.toSeconds());
            delete.setInt(4, BATCH);
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Pruning old webhook deliveries failed", e);
        }
    }
}
