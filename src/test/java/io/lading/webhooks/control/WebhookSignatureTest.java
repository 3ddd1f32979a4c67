package io.lading.webhooks.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Expected values computed apart, with Python's hmac module: hmac.new(secret, b"<t>." + body, sha256). */
class WebhookSignatureTest {

    private static final byte[] BODY = "{\"id\":\"d1\",\"event\":\"job.completed\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void isTheHexHmacSha256OfTheTimeADotAndTheRawBody() {
        assertEquals("t=1732870000,v1=70bc303a707696af3ffd1dccc8e213a0d948463a31e3279a88aa6c20faa1ac9e",
                WebhookSignature.header("whsec_abc", 1_732_870_000L, BODY));
        assertEquals("t=1700000000,v1=1cdd0650c8be1cb0974b1788d458b1e781206cfef59b85faafc582d2e182c57e",
                WebhookSignature.header("Jefe", 1_700_000_000L,
                        "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void anotherSecretTimeOrBodyGivesAnotherSignature() {
        String v1 = v1(WebhookSignature.header("s1", 100, BODY));
        assertNotEquals(v1, v1(WebhookSignature.header("s2", 100, BODY)));
        assertNotEquals(v1, v1(WebhookSignature.header("s1", 101, BODY)));
        assertNotEquals(v1, v1(WebhookSignature.header("s1", 100, "{}".getBytes(StandardCharsets.UTF_8))));
    }

    private static String v1(String header) {
        return header.substring(header.indexOf(",v1=") + 4);
    }
}
