package io.lading.exports.entity;

import io.lading.platform.JsonbConfiguration;
import java.io.Serializable;
import java.util.List;

/**
 * Where an export stands after its last committed chunk: the multipart upload, the parts stored so far, how many
 * bytes and rows they hold and the sort key of the last of those rows. Written to the job row in the chunk's
 * transaction, so any node can continue the upload right after the last stored part.
 *
 * @param lastKey the values of the sort columns of the last row in a stored part (text form), or null before
 *                the first part
 */
public record ExportCheckpoint(String uploadId, List<Part> parts, long bytes, long rows, List<String> lastKey)
        implements Serializable {

    public record Part(int number, String etag, long size) implements Serializable {
    }

    public static ExportCheckpoint started(String uploadId) {
        return new ExportCheckpoint(uploadId, List.of(), 0, 0, null);
    }

    /** As the job row keeps it (JSON); see {@code JobRows#advance}. */
    public String toJson() {
        return JsonbConfiguration.jsonb().toJson(this);
    }

    /** Null for null: the job has no upload (yet, or any more). */
    public static ExportCheckpoint fromJson(String json) {
        return json == null ? null : JsonbConfiguration.jsonb().fromJson(json, ExportCheckpoint.class);
    }

    public boolean hasParts() {
        return parts != null && !parts.isEmpty();
    }
}
