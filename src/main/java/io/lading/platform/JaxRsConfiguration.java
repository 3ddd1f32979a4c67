package io.lading.platform;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The REST API. Its resources are {@code @ApplicationScoped}: they keep nothing of a request in fields (the caller
 * is a request-scoped bean, {@code @Context} values come as parameters), and otherwise every call would build and
 * inject a new instance of its resource.
 */
@ApplicationPath("/api")
public class JaxRsConfiguration extends Application {
}
