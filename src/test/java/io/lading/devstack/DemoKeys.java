package io.lading.devstack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;

/**
 * The API keys of the demo tenant's user and of an operator, which the application creates at start, and the
 * server secret every key is stored with (an HMAC). Taken from {@code LADING_DEMO_USER_KEY} /
 * {@code LADING_DEMO_ADMIN_KEY} / {@code LADING_KEYS_SECRET} when set, else generated once and kept in a file so
 * that scripts and bookmarks keep working across runs (a new secret would make every stored key unusable).
 */
record DemoKeys(String userKey, String adminKey, String keysSecret) {

    static final String USER_KEY_VARIABLE = "LADING_DEMO_USER_KEY";
    static final String ADMIN_KEY_VARIABLE = "LADING_DEMO_ADMIN_KEY";
    static final String SECRET_VARIABLE = "LADING_KEYS_SECRET";

    private static final SecureRandom RANDOM = new SecureRandom();

    static DemoKeys fromEnvironmentOrFile(Map<String, String> environment, Path file) throws IOException {
        String userKey = environment.get(USER_KEY_VARIABLE);
        String adminKey = environment.get(ADMIN_KEY_VARIABLE);
        String secret = environment.get(SECRET_VARIABLE);
        if (userKey != null && adminKey != null && secret != null) {
            return new DemoKeys(userKey, adminKey, secret);
        }
        Properties kept = load(file);
        if (kept.getProperty("user") == null || kept.getProperty("admin") == null
                || kept.getProperty("keys.secret") == null) {
            kept.putIfAbsent("user", generate("lading_user_"));
            kept.putIfAbsent("admin", generate("lading_admin_"));
            kept.putIfAbsent("keys.secret", generate(""));
            store(kept, file);
        }
        return new DemoKeys(userKey != null ? userKey : kept.getProperty("user"),
                adminKey != null ? adminKey : kept.getProperty("admin"),
                secret != null ? secret : kept.getProperty("keys.secret"));
    }

    Map<String, String> asEnvironment() {
        return Map.of(USER_KEY_VARIABLE, userKey, ADMIN_KEY_VARIABLE, adminKey, SECRET_VARIABLE, keysSecret);
    }

    /** 24 random bytes: 32 URL-safe characters. */
    private static String generate(String prefix) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
        }
        return properties;
    }

    private static void store(Properties keys, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (Writer writer = Files.newBufferedWriter(file)) {
            keys.store(writer, "API keys of the run command's demo tenant user and operator, and the secret keys are stored with");
        }
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system; the file stays as readable as its directory.
        }
    }
}
