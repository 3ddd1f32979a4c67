package io.lading.storage.control;

import jakarta.enterprise.context.Dependent;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * S3 connection settings, keys {@code s3.*} (environment: {@code S3_ENDPOINT}, {@code S3_BUCKET}, ...). Injected
 * with {@code @Inject @ConfigProperties S3Settings}.
 */
@ConfigProperties(prefix = "s3")
@Dependent
public class S3Settings {

    @ConfigProperty(name = "endpoint") Optional<String> endpoint;

    @ConfigProperty(name = "public.endpoint") Optional<String> publicEndpoint;

    @ConfigProperty(name = "region", defaultValue = "us-east-1") String region;

    @ConfigProperty(name = "bucket", defaultValue = "lading") String bucket;

    @ConfigProperty(name = "access.key") Optional<String> accessKey;

    @ConfigProperty(name = "secret.key") Optional<String> secretKey;

    @ConfigProperty(name = "path.style", defaultValue = "true") boolean pathStyle;

    public Optional<String> endpoint() {
        return endpoint.filter(s -> !s.isBlank());
    }

    /** The endpoint presigned URLs point at, when clients reach S3 by another address than the server. */
    public Optional<String> publicEndpoint() {
        return publicEndpoint.filter(s -> !s.isBlank()).or(this::endpoint);
    }

    public String region() {
        return region;
    }

    public String bucket() {
        return bucket;
    }

    public Optional<String> accessKey() {
        return accessKey.filter(s -> !s.isBlank());
    }

    public Optional<String> secretKey() {
        return secretKey.filter(s -> !s.isBlank());
    }

    public boolean pathStyle() {
        return pathStyle;
    }
}
