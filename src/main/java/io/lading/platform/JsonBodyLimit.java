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
 *
 * <p>The 413 is sent only after the rest of the body has been read and discarded (up to {@link #DRAIN_CAP}), and
 * it says {@code Connection: close}: a client that is still sending, or that reuses the connection (Java's
 * HttpClient does), would otherwise wait on a connection whose unread body the server (Payara's Grizzly) leaves
 * in an undefined state, and never see the answer.
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
            discard(request.getEntityStream());
            request.abortWith(tooLarge());
            return;
        }
        if (declared < 0) {
            InputStream body = request.getEntityStream();
            byte[] head = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (head.length > maxBytes) {
                discard(body);
                request.abortWith(tooLarge());
                return;
            }
            request.setEntityStream(new ByteArrayInputStream(head));
        }
    }

    /** Bodies beyond this are not read to their end: the connection is closed under them instead. */
    static final long DRAIN_CAP = 64L * 1024 * 1024;

    private static void discard(InputStream body) {
        byte[] sink = new byte[64 * 1024];
        long read = 0;
        try {
            for (int n; read < DRAIN_CAP && (n = body.read(sink)) > 0; ) {
                read += n;
            }
        } catch (IOException clientGone) {
            // the client stopped sending: the 413 (with Connection: close) is all that is left to do
        }
    }

    static boolean isJson(MediaType type) {
        return type != null && "application".equalsIgnoreCase(type.getType())
                && ("json".equalsIgnoreCase(type.getSubtype())
                    || type.getSubtype().toLowerCase(Locale.ROOT).endsWith("+json"));
    }

    private jakarta.ws.rs.core.Response tooLarge() {
        jakarta.ws.rs.core.Response problem = Problem.response(413, "BODY_TOO_LARGE", "Content Too Large",
                "A JSON request body may hold at most " + settings.maxJsonBytes() + " bytes", null);
        return jakarta.ws.rs.core.Response.fromResponse(problem).header("Connection", "close").build();
    }
}
