package io.lading.exports.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Deletes the files of exports completed longer ago than the expiry age and marks the jobs {@code expired}, a
 * batch at a time (see {@link ExportExpiryBatch}), so a run never holds many rows locked.
 */
@ApplicationScoped
public class ExportExpiry {

    private static final Logger LOG = Logger.getLogger(ExportExpiry.class.getName());

    @Inject
    @ConfigProperties
    ExportSettings settings;

    @Inject
    ExportExpiryBatch batch;

    /** The daily run: exports completed more than the configured days ago. */
    public int expireDue() {
        return expire(settings.keptFor(), null);
    }

    /** Expires exports completed more than {@code olderThan} ago, of one tenant or (null) of all. */
    public int expire(Duration olderThan, UUID tenantId) {
        int expired = 0;
        while (true) {
            int n = batch.expireBatch(olderThan, tenantId);
            expired += n;
            if (n < ExportExpiryBatch.SIZE) {
                break;
            }
        }
        if (expired > 0) {
            int total = expired;
            LOG.info(() -> "Expired " + total + " exports completed more than " + olderThan + " ago");
        }
        return expired;
    }
}
