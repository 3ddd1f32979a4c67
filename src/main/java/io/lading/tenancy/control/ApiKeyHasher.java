package io.lading.tenancy.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Issues API keys and hashes them as HMAC-SHA256(server secret, SHA-256(key)). The secret
 * ({@code lading.keys.secret} / {@code LADING_KEYS_SECRET}) is configuration shared by every node, never in the
 * database, so a leaked dump cannot be used to check guesses of a key. Hashing SHA-256(key) rather than the key
 * lets rows stored by earlier versions (plain SHA-256) be converted without knowing the clear key.
 *
 * <p>Keys issued now carry a random, non-secret id ({@code lading_user_<id>_<secret>}); rows are found by that
 * id and the stored hash is then compared in constant time. Keys without an id (issued before, or chosen by an
 * operator such as the demo keys) are found by a short prefix of their HMAC, which reveals nothing without the
 * secret.
 */
@ApplicationScoped
public class ApiKeyHasher {

    /** Short secrets are refused: the HMAC is only as strong as its key. */
    static final int MIN_SECRET_LENGTH = 32;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern WITH_ID = Pattern.compile("lading_[a-z]+_([0-9a-f]{16})_[A-Za-z0-9_-]{32}");

    @Inject
    @ConfigProperties
    TenancySettings settings;

    private SecretKeySpec secret;

    protected ApiKeyHasher() {
    }

    /** For tests and tools: a hasher with this secret. */
    public ApiKeyHasher(String secret) {
        this.secret = secretKey(secret);
    }

    @PostConstruct
    void readSecret() {
        secret = secretKey(settings.keysSecret().orElse(null));
    }

    private static SecretKeySpec secretKey(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException("LADING_KEYS_SECRET (lading.keys.secret) is not set: API keys are "
                    + "stored as HMACs with this secret, so the API cannot check a key without it. Set the same "
                    + "value of at least " + MIN_SECRET_LENGTH + " random characters on every node");
        }
        if (secret.trim().length() < MIN_SECRET_LENGTH) {
            throw new IllegalStateException("LADING_KEYS_SECRET (lading.keys.secret) is shorter than "
                    + MIN_SECRET_LENGTH + " characters; use a long random value, the same on every node");
        }
        return new SecretKeySpec(secret.trim().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /**
     * Makes the secret's check happen now (at start) rather than at the first key: creating this bean reads and
     * checks it, and fails naming the setting.
     */
    public void requireSecret() {
        if (secret == null) {
            throw new IllegalStateException("LADING_KEYS_SECRET (lading.keys.secret) was not read");
        }
    }

    /** A new key: {@code lading_<kind>_<16 hex id>_<32 base64url characters: 192 random bits>}. */
    public static String newKey(String kind) {
        byte[] id = new byte[8];
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(bytes);
        return "lading_" + kind + "_" + HEX.formatHex(id) + "_"
                + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The stored hash of a key, in hex. */
    public String hash(String key) {
        return HEX.formatHex(mac(sha256(key)));
    }

    /** The stored hash of a row written by an earlier version, from its hex SHA-256. */
    public String fromLegacyHash(String sha256Hex) {
        return HEX.formatHex(mac(HEX.parseHex(sha256Hex)));
    }

    /** The non-secret value rows are looked up by: the key's id, or for a key without one a prefix of its hash. */
    public String lookupId(String key) {
        var withId = WITH_ID.matcher(key);
        return withId.matches() ? withId.group(1) : lookupIdOfHash(hash(key));
    }

    /** The lookup id of a key without an id of its own, from its stored hash. */
    public static String lookupIdOfHash(String storedHash) {
        return "mac:" + storedHash.substring(0, 16);
    }

    /** Whether the key is the one whose hash is stored, compared in constant time. */
    public boolean matches(String key, String storedHash) {
        byte[] stored;
        try {
            stored = HEX.parseHex(storedHash);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(sha256(key)), stored);
    }

    /** What an operator may see of a key: enough to tell keys apart, not enough to use one. */
    public static String prefix(String key) {
        return key.substring(0, Math.min(16, key.length() * 2 / 5)) + "…";
    }

    private byte[] mac(byte[] input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return mac.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
