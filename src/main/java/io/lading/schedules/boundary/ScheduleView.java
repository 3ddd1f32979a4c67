package io.lading.schedules.boundary;

import io.lading.platform.JsonbConfiguration;
import io.lading.schedules.entity.Schedule;
import jakarta.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A schedule as the API shows it (see API.md); {@code nextRunAt} is null while it is paused. */
public record ScheduleView(UUID id, UUID tenantId, String name, String cron, String timeZone, JobSpec job, boolean paused,
                           @Schema(nullable = true) OffsetDateTime nextRunAt,
                           @Schema(nullable = true) OffsetDateTime lastRunAt, @Schema(nullable = true) UUID lastJobId,
                           @Schema(nullable = true) String lastError,
                           OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    /** The job each firing creates: {@code import} or {@code export}, and its request as the API takes it. */
    public record JobSpec(String type, JsonObject request) {
    }

    public static ScheduleView of(Schedule s) {
        JsonObject request = JsonbConfiguration.jsonb().fromJson(s.jobRequest(), JsonObject.class);
        return new ScheduleView(s.id(), s.tenantId(), s.name(), s.cron(), s.timeZone(), new JobSpec(s.jobType().apiName(), request),
                s.paused(), s.nextRunAt(), s.lastRunAt(), s.lastJobId(), s.lastError(), s.createdAt(), s.updatedAt());
    }
}
