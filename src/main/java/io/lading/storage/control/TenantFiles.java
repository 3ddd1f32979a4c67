package io.lading.storage.control;

import io.lading.platform.ProblemException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The key space of a tenant: every object of tenant T lives under {@code tenants/T/}. A key the caller
 * names is checked here, before any read, so no path trick reaches another tenant's files.
 */
public final class TenantFiles {

    private static final Pattern SAFE_NAME = Pattern.compile("[^A-Za-z0-9._-]");

    private TenantFiles() {
    }

    public static String prefix(UUID tenantId) {
        return "tenants/" + tenantId + "/";
    }

    public static String uploadKey(UUID tenantId, String fileName) {
        return prefix(tenantId) + "uploads/" + UUID.randomUUID() + "/" + safeName(fileName);
    }

    public static String importKey(UUID tenantId, UUID jobId, String fileName) {
        return prefix(tenantId) + "imports/" + jobId + "/" + safeName(fileName);
    }

    /** A file name reduced to characters that are safe in a key and a Content-Disposition header. */
    public static String safeName(String fileName) {
        String name = fileName == null || fileName.isBlank() ? "contacts.csv" : fileName.trim();
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = SAFE_NAME.matcher(name.substring(slash + 1)).replaceAll("_");
        if (name.isEmpty() || name.chars().allMatch(c -> c == '.')) {
            name = "contacts.csv";
        }
        return name.length() > 120 ? name.substring(name.length() - 120) : name;
    }

    /** A {@code fileKey} given by the caller, accepted only inside the tenant's own prefix. */
    public static String ownedKey(UUID tenantId, String fileKey) {
        if (fileKey == null || fileKey.isBlank()) {
            throw ProblemException.invalidField("fileKey", "MISSING_FILE", "fileKey is empty");
        }
        String decoded;
        try {
            decoded = URLDecoder.decode(fileKey, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformedEscape) {
            decoded = null;
        }
        boolean escapes = decoded == null || decoded.contains("..") || decoded.contains("\\") || decoded.startsWith("/")
                || decoded.chars().anyMatch(c -> c < 0x20) || !decoded.equals(fileKey) && fileKey.contains("%");
        if (escapes || !fileKey.startsWith(prefix(tenantId))) {
            throw ProblemException.invalidField("fileKey", "FORBIDDEN_FILE_KEY",
                    "fileKey must name a file uploaded by this tenant (it starts with " + prefix(tenantId) + ")");
        }
        return fileKey;
    }

    /** A {@code fileUrl}: only {@code s3://<our bucket>/<key in the tenant's prefix>}. */
    public static String ownedKeyOfUrl(UUID tenantId, String fileUrl, String bucket) {
        URI uri;
        try {
            uri = URI.create(fileUrl.trim());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("fileUrl", "INVALID_FILE_URL", "fileUrl is not a valid URL");
        }
        if (!"s3".equalsIgnoreCase(uri.getScheme()) || !bucket.equals(uri.getHost())) {
            throw ProblemException.invalidField("fileUrl", "INVALID_FILE_URL",
                    "fileUrl must be s3://" + bucket + "/" + prefix(tenantId) + "...");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return ownedKey(tenantId, path.startsWith("/") ? path.substring(1) : path);
    }
}
