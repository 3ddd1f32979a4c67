package io.lading.tenancy.control;

import java.util.function.UnaryOperator;

/** Where a request carries its API key: {@code X-API-Key}, else {@code Authorization: Bearer <key>}. */
public final class ApiKeyHeaders {

    public static final String API_KEY = "X-API-Key";
    private static final String BEARER = "Bearer ";

    private ApiKeyHeaders() {
    }

    /** The key a request presents, trimmed, or null; {@code header} reads one header of the request by name. */
    public static String presentedKey(UnaryOperator<String> header) {
        String key = header.apply(API_KEY);
        if (key == null) {
            String authorization = header.apply("Authorization");
            if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                key = authorization.substring(BEARER.length());
            }
        }
        return key == null || key.isBlank() ? null : key.trim();
    }
}
