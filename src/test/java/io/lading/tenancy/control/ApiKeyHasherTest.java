package io.lading.tenancy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeyHasherTest {

    @ParameterizedTest
    @ValueSource(strings = {"user", "admin"})
    void newKeyCarriesItsKindAndEnoughRandomness(String kind) {
        String key = ApiKeyHasher.newKey(kind);

        assertTrue(key.startsWith("lading_" + kind + "_"), key);
        assertTrue(key.length() >= 40, "length " + key.length());
        String random = key.substring(("lading_" + kind + "_").length());
        assertEquals(32, random.length(), "24 random bytes in base64url: " + random);
        assertTrue(random.matches("[A-Za-z0-9_-]+"), "safe in a header without quoting: " + random);
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
    void hashIsTheHexSha256OfTheKey() throws Exception {
        String key = ApiKeyHasher.newKey("user");
        String expected = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));

        assertEquals(expected, ApiKeyHasher.hash(key));
    }

    @Test
    void hashOfAKnownValue() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiKeyHasher.hash("abc"));
    }

    @Test
    void hashOfNonAsciiKeyIsTakenOverItsUtf8Bytes() throws Exception {
        String key = "clé-ünïcode-日本";
        String expected = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));

        String hash = ApiKeyHasher.hash(key);

        assertEquals(expected, hash);
        assertTrue(hash.matches("[0-9a-f]{64}"), hash);
    }

    @Test
    void hashIsStableAndTellsKeysApart() {
        String key = ApiKeyHasher.newKey("user");

        assertEquals(ApiKeyHasher.hash(key), ApiKeyHasher.hash(new String(key.toCharArray())));
        assertNotEquals(ApiKeyHasher.hash(key), ApiKeyHasher.hash(ApiKeyHasher.newKey("user")));
        assertNotEquals(ApiKeyHasher.hash(key), ApiKeyHasher.hash(key + " "));
    }

    @Test
    void prefixOfAnIssuedKeyShowsItsStartButNotTheKey() {
        String key = ApiKeyHasher.newKey("admin");

        String prefix = ApiKeyHasher.prefix(key);

        assertTrue(prefix.endsWith("…"), prefix);
        String shown = prefix.substring(0, prefix.length() - 1);
        assertTrue(key.startsWith(shown), prefix);
        assertFalse(prefix.contains(key), prefix);
        assertTrue(key.length() - shown.length() >= 24, "most of the key stays hidden: " + prefix);
    }

    @Test
    void prefixesOfKeysOfOneKindAreUsuallyDifferent() {
        Set<String> prefixes = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            prefixes.add(ApiKeyHasher.prefix(ApiKeyHasher.newKey("user")));
        }

        assertTrue(prefixes.size() > 40, "prefixes tell keys apart: " + prefixes.size() + " of 50 distinct");
    }

    @ParameterizedTest
    @ValueSource(strings = {"it-demo-user-key", "it-demo-admin-key", "short", "0123456789abcdef01"})
    void prefixNeverRevealsAShortKey(String key) {
        String shown = ApiKeyHasher.prefix(key).replace("…", "");

        assertFalse(key.equals(shown), "the whole key is shown");
        assertTrue(shown.length() <= key.length() / 2, "more than half of the key is shown: " + shown);
    }
}
