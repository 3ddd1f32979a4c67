package io.lading.platform;

import jakarta.enterprise.context.Dependent;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The node's name and the API's body limit: {@code lading.node.id}, {@code lading.api.max.json.bytes} (environment:
 * {@code LADING_NODE_ID}, {@code LADING_API_MAX_JSON_BYTES}). Injected with {@code @Inject @ConfigProperties
 * PlatformSettings}.
 */
@ConfigProperties(prefix = "lading")
@Dependent
public class PlatformSettings {

    @ConfigProperty(name = "node.id") Optional<String> nodeId;

    @ConfigProperty(name = "api.max.json.bytes", defaultValue = "1048576") long maxJsonBytes;

    /** This node's name in job rows, when configured. */
    public Optional<String> nodeId() {
        return nodeId.filter(s -> !s.isBlank());
    }

    /** The largest JSON request body. */
    public long maxJsonBytes() {
        return maxJsonBytes;
    }
}
