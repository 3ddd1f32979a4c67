package io.lading.tenancy.control;

import io.lading.tenancy.entity.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * The largest file a tenant may import, whichever way it arrives (request body, presigned upload, a file key):
 * the tenant's own limit when an admin set one, else {@code LADING_IMPORT_MAX_FILE_BYTES}.
 */
@ApplicationScoped
public class UploadLimits {

    @PersistenceContext
    EntityManager em;

    @Inject
    @ConfigProperties
    TenancySettings settings;

    public long maxBytes(UUID tenantId) {
        Tenant tenant = em.find(Tenant.class, tenantId);
        return tenant == null || tenant.maxUploadBytes() == null ? defaultMaxBytes() : tenant.maxUploadBytes();
    }

    public long defaultMaxBytes() {
        return settings.defaultMaxUploadBytes();
    }
}
