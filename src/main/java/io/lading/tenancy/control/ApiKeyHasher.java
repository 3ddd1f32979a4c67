package io.lading.tenancy.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Issues and hashes API keys. Keys carry 192 random bits, so a fast hash is enough to store them safely
 * (as GitHub and Stripe tokens are); a slow KDF would only slow every request down.
 */
public final class ApiKeyHasher {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyHasher() {
    }

    public static String newKey(String kind) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return "lading_" + kind + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** What an operator may see of a key: enough to tell keys apart, not enough to use one. */
    public static String prefix(String key) {
        return key.substring(0, Math.min(16, key.length() * 2 / 5)) + "…";
    }
}
