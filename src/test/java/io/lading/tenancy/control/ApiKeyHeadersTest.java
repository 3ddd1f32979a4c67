package io.lading.tenancy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiKeyHeadersTest {

    private static String presented(Map<String, String> headers) {
        return ApiKeyHeaders.presentedKey(headers::get);
    }

    @Test
    void theApiKeyHeaderIsReadTrimmed() {
        assertEquals("lading_user_abc", presented(Map.of("X-API-Key", "  lading_user_abc ")));
    }

    @Test
    void aBearerTokenIsTheKeyWhateverTheCaseOfTheScheme() {
        assertEquals("k1", presented(Map.of("Authorization", "Bearer k1")));
        assertEquals("k2", presented(Map.of("Authorization", "bearer k2")));
    }

    @Test
    void theApiKeyHeaderWinsOverAuthorization() {
        assertEquals("header", presented(Map.of("X-API-Key", "header", "Authorization", "Bearer token")));
    }

    @Test
    void noKeyABlankKeyOrAnotherSchemeIsNoKey() {
        assertNull(presented(Map.of()));
        assertNull(presented(Map.of("X-API-Key", "   ")));
        assertNull(presented(Map.of("Authorization", "Basic dXNlcjpwYXNz")));
        assertNull(presented(Map.of("Authorization", "Bearer ")));
    }
}
