package io.lading.storage.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** S3 connection settings, from the environment (S3_ENDPOINT, S3_BUCKET, ...) or microprofile-config. */
@ApplicationScoped
public class S3Settings {

    @Inject
    @ConfigProperty(name = "s3.endpoint")
    Optional<String> endpoint;

    @Inject
    @ConfigProperty(name = "s3.public.endpoint")
    Optional<String> publicEndpoint;

    @Inject
    @ConfigProperty(name = "s3.region", defaultValue = "us-east-1")
    String region;

    @Inject
    @ConfigProperty(name = "s3.bucket", defaultValue = "lading")
    String bucket;

    @Inject
    @ConfigProperty(name = "s3.access.key")
    Optional<String> accessKey;

    @Inject
    @ConfigProperty(name = "s3.secret.key")
    Optional<String> secretKey;

    @Inject
    @ConfigProperty(name = "s3.path.style", defaultValue = "true")
    boolean pathStyle;

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
