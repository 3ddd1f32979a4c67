package io.lading.platform;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Caps JSON request bodies ({@code application/json}, {@code *+json}) at {@code lading.api.max.json.bytes}
 * (1 MiB): larger is {@code 413 BODY_TOO_LARGE} before any of it is parsed. A declared length is checked at once;
 * a chunked body is read up to the limit and handed on from memory. Files sent as bodies (CSV, XLSX) have their
 * own, larger limit, enforced while they stream to S3.
 */
@Provider
@Priority(Priorities.AUTHENTICATION + 50)
public class JsonBodyLimit implements ContainerRequestFilter {

    @Inject
    @ConfigProperties
    PlatformSettings settings;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        long maxBytes = settings.maxJsonBytes();
        if (!isJson(request.getMediaType()) || !request.hasEntity()) {
            return;
        }
        int declared = request.getLength();
        if (declared > maxBytes) {
            request.abortWith(tooLarge());
            return;
        }
        if (declared < 0) {
            InputStream body = request.getEntityStream();
            byte[] head = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (head.length > maxBytes) {
                request.abortWith(tooLarge());
                return;
            }
            request.setEntityStream(new ByteArrayInputStream(head));
        }
    }

    static boolean isJson(MediaType type) {
        return type != null && "application".equalsIgnoreCase(type.getType())
                && ("json".equalsIgnoreCase(type.getSubtype())
                    || type.getSubtype().toLowerCase(Locale.ROOT).endsWith("+json"));
    }

    private jakarta.ws.rs.core.Response tooLarge() {
        return Problem.response(413, "BODY_TOO_LARGE", "Content Too Large",
                "A JSON request body may hold at most " + settings.maxJsonBytes() + " bytes", null);
    }
}
