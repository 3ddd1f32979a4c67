package io.lading.tenancy.boundary;

import io.lading.tenancy.control.ApiKeyHasher;
import io.lading.tenancy.control.TenancySettings;
import io.lading.tenancy.control.TenantRegistry;
import io.lading.tenancy.entity.Role;
import io.lading.tenancy.entity.Tenant;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * The embedded default has a tenant "demo" with a user key and an admin key, taken from
 * LADING_DEMO_USER_KEY / LADING_DEMO_ADMIN_KEY, or generated and printed once when those are unset.
 */
@Singleton
@Startup
@DependsOn("ApiKeyUpgrade")
public class DemoTenantSeeder {

    private static final Logger LOG = Logger.getLogger(DemoTenantSeeder.class.getName());

    @Inject
    TenantRegistry tenants;

    @Inject
    @ConfigProperties
    TenancySettings settings;

    /** One transaction: the tenant's lock (see {@link TenantRegistry#findOrCreate}) covers its keys too. */
    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    void seed() {
        if (!settings.demoEnabled()) {
            return;
        }
        Tenant demo = tenants.findOrCreate("demo");
        String user = settings.demoUserKey().orElseGet(() -> generated(Role.USER));
        String admin = settings.demoAdminKey().orElseGet(() -> generated(Role.ADMIN));
        tenants.registerKey(demo.id(), Role.USER, user);
        tenants.registerKey(null, Role.ADMIN, admin);
        LOG.info(() -> "Demo tenant " + demo.id() + " ready; user key " + ApiKeyHasher.prefix(user)
                + ", admin key " + ApiKeyHasher.prefix(admin));
    }

    private static String generated(Role role) {
        String key = ApiKeyHasher.newKey(role.apiName());
        // Shown once, on purpose: it is the only way to learn a generated demo key.
        LOG.info("Generated demo " + role.apiName() + " key: " + key);
        return key;
    }
}
