package io.lading.platform;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;

/** Builds RFC 9457 problem+json responses; the only place that knows their shape. */
public final class Problem {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://lading.io/problems/";

    private Problem() {
    }

    public static Response response(int status, String code, String title, String detail, String field) {
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("type", TYPE_BASE + code.toLowerCase(Locale.ROOT).replace('_', '-'))
                .add("title", title)
                .add("status", status)
                .add("detail", detail == null ? title : detail)
                .add("code", code);
        if (field != null) {
            body.add("field", field);
        }
        return Response.status(status)
                .type(MediaType.valueOf(MEDIA_TYPE))
                .entity(body.build().toString())
                .build();
    }
}
