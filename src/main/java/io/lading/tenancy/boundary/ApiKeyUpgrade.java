package io.lading.tenancy.boundary;

import io.lading.tenancy.control.ApiKeyHasher;
import io.lading.tenancy.control.TenantRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * At start, before any request: converts API keys stored by earlier versions as plain SHA-256 to HMACs with the
 * server secret. It also makes a missing or short {@code LADING_KEYS_SECRET} stop the deployment with one clear
 * log line, rather than a server that is up but answers 401 to every key.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class ApiKeyUpgrade {

    private static final Logger LOG = Logger.getLogger(ApiKeyUpgrade.class.getName());

    @Inject
    TenantRegistry tenants;

    @Inject
    ApiKeyHasher hasher;

    @PostConstruct
    void upgrade() {
        int converted;
        try {
            hasher.requireSecret();
            converted = tenants.convertLegacyKeyHashes();
        } catch (RuntimeException e) {
            // The container may wrap the hasher's complaint about the secret; log its own words once.
            Throwable cause = e;
            while (!(cause instanceof IllegalStateException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            LOG.severe("Lading does not start: " + cause.getMessage());
            throw e;
        }
        if (converted > 0) {
            LOG.info(() -> "Converted " + converted + " API keys from SHA-256 to HMAC-SHA256 with the server secret");
        }
    }
}
