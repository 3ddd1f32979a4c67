package io.lading.tenancy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeyHasherTest {

    private static final String SECRET = "a-test-secret-of-more-than-32-characters";
    private final ApiKeyHasher hasher = new ApiKeyHasher(SECRET);

    @ParameterizedTest
    @ValueSource(strings = {"user", "admin"})
    void newKeyCarriesItsKindAnIdAndEnoughRandomness(String kind) {
        String key = ApiKeyHasher.newKey(kind);

        assertTrue(key.matches("lading_" + kind + "_[0-9a-f]{16}_[A-Za-z0-9_-]{32}"), key);
        String random = key.substring(key.length() - 32);
        assertEquals(32, random.length(), "24 random bytes in base64url: " + random);
    }

    @Test
    void everyNewKeyIsDifferent() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            keys.add(ApiKeyHasher.newKey("user"));
        }

        assertEquals(1000, keys.size());
    }

    @Test
    void hashIsTheHmacWithTheSecretOfTheKeysSha256() throws Exception {
        String key = ApiKeyHasher.newKey("user");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal(sha256(key)));

        assertEquals(expected, hasher.hash(key));
    }

    @Test
    void theHashDependsOnTheSecretSoADumpAloneCannotCheckAGuess() {
        String key = "it-demo-user-key";

        assertNotEquals(hasher.hash(key), new ApiKeyHasher(SECRET + "x").hash(key));
        assertNotEquals(HexFormat.of().formatHex(sha256(key)), hasher.hash(key));
    }

    @Test
    void aKeyMatchesItsOwnHashOnly() {
        String key = ApiKeyHasher.newKey("user");
        String stored = hasher.hash(key);

        assertTrue(hasher.matches(key, stored));
        assertTrue(hasher.matches(new String(key.toCharArray()), stored));
        assertFalse(hasher.matches(ApiKeyHasher.newKey("user"), stored));
        assertFalse(hasher.matches(key + " ", stored));
        assertFalse(hasher.matches(key, "not hex"));
        assertFalse(new ApiKeyHasher(SECRET + "x").matches(key, stored), "another secret");
    }

    @Test
    void anOldRowsSha256IsConvertedToTheHashTheKeyMatches() {
        String oldKey = "lading_user_AbCdEfGhIjKlMnOpQrStUvWxYz012345";
        String storedByAnEarlierVersion = HexFormat.of().formatHex(sha256(oldKey));

        String converted = hasher.fromLegacyHash(storedByAnEarlierVersion);

        assertEquals(hasher.hash(oldKey), converted);
        assertTrue(hasher.matches(oldKey, converted));
        assertEquals(ApiKeyHasher.lookupIdOfHash(converted), hasher.lookupId(oldKey),
                "the converted row is found by the old key");
    }

    @Test
    void aNewKeyIsLookedUpByTheIdItCarries() {
        String key = ApiKeyHasher.newKey("user");
        String id = key.substring("lading_user_".length(), "lading_user_".length() + 16);

        assertEquals(id, hasher.lookupId(key));
    }

    @Test
    void aKeyWithoutAnIdIsLookedUpByAPrefixOfItsHmacNotOfItsSha256() {
        String key = "it-demo-admin-key";

        String lookupId = hasher.lookupId(key);

        assertEquals("mac:" + hasher.hash(key).substring(0, 16), lookupId);
        assertFalse(lookupId.contains(HexFormat.of().formatHex(sha256(key)).substring(0, 8)));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "short-secret"})
    void aMissingOrShortSecretIsRefusedNamingTheSetting(String secret) {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> new ApiKeyHasher(secret));

        assertTrue(refused.getMessage().contains("LADING_KEYS_SECRET"), refused.getMessage());
    }

    @Test
    void prefixOfAnIssuedKeyShowsItsStartButNotTheKey() {
        String key = ApiKeyHasher.newKey("admin");

        String prefix = ApiKeyHasher.prefix(key);

        assertTrue(prefix.endsWith("…"), prefix);
        String shown = prefix.substring(0, prefix.length() - 1);
        assertTrue(key.startsWith(shown), prefix);
        assertFalse(prefix.contains(key), prefix);
        assertTrue(key.length() - shown.length() >= 32, "the secret part stays hidden: " + prefix);
    }

    @ParameterizedTest
    @ValueSource(strings = {"it-demo-user-key", "it-demo-admin-key", "short", "0123456789abcdef01"})
    void prefixNeverRevealsAShortKey(String key) {
        String shown = ApiKeyHasher.prefix(key).replace("…", "");

        assertFalse(key.equals(shown), "the whole key is shown");
        assertTrue(shown.length() <= key.length() / 2, "more than half of the key is shown: " + shown);
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
