package io.lading.tenancy.control;

import jakarta.enterprise.context.Dependent;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keys, tenants and their limits: {@code lading.keys.secret}, {@code lading.demo.*},
 * {@code lading.import.max.file.bytes} (environment: {@code LADING_KEYS_SECRET}, ...). Injected with
 * {@code @Inject @ConfigProperties TenancySettings}.
 */
@ConfigProperties(prefix = "lading")
@Dependent
public class TenancySettings {

    /** The secret API keys are stored with (HMAC); checked by {@link ApiKeyHasher}. */
    @ConfigProperty(name = "keys.secret") Optional<String> keysSecret;

    /** The demo tenant and its keys are created at start. */
    @ConfigProperty(name = "demo.enabled", defaultValue = "true") boolean demoEnabled;

    @ConfigProperty(name = "demo.user.key") Optional<String> demoUserKey;

    @ConfigProperty(name = "demo.admin.key") Optional<String> demoAdminKey;

    /** The largest file a tenant without a limit of its own may import. */
    @ConfigProperty(name = "import.max.file.bytes", defaultValue = "5368709120") long defaultMaxUploadBytes;

    public Optional<String> keysSecret() {
        return keysSecret;
    }

    public boolean demoEnabled() {
        return demoEnabled;
    }

    public Optional<String> demoUserKey() {
        return demoUserKey.filter(k -> !k.isBlank());
    }

    public Optional<String> demoAdminKey() {
        return demoAdminKey.filter(k -> !k.isBlank());
    }

    public long defaultMaxUploadBytes() {
        return defaultMaxUploadBytes;
    }
}
