package io.lading.schedules.entity;

import io.lading.jobs.entity.JobType;
import io.lading.platform.NullableUuidConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * A recurring job: what to create ({@code jobType} and the request, JSON as the API takes it) and when (a cron
 * expression in a time zone). {@code nextRunAt} is the next firing; the sweep that fires it moves it past the
 * present in the same transaction, so firings missed while no node ran collapse into one. Null while paused.
 */
@Entity
@Table(name = "schedules")
public class Schedule {

    @Id
    private UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false) private UUID tenantId;

    @Column(nullable = false) private String name;

    @Column(nullable = false) private String cron;

    @Column(name = "time_zone", nullable = false) private String timeZone;

    @Enumerated(EnumType.STRING)
    @Column(name = "job_type", nullable = false)
    private JobType jobType;

    @Column(name = "job_request", nullable = false) private String jobRequest;

    private boolean paused;

    @Column(name = "next_run_at") private OffsetDateTime nextRunAt;

    @Column(name = "last_run_at") private OffsetDateTime lastRunAt;

    @Convert(converter = NullableUuidConverter.class)
    @Column(name = "last_job_id")
    private UUID lastJobId;

    /** Why the last firing created no job (the queue was full, the file did not fit); null after a good one. */
    @Column(name = "last_error") private String lastError;

    @Column(name = "created_at", nullable = false, updatable = false) private OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false) private OffsetDateTime updatedAt;

    @Version
    private long version;

    protected Schedule() {
    }

    public static Schedule create(UUID tenantId, String name, String cron, String timeZone, JobType jobType,
                                  String jobRequest, boolean paused, Instant nextRunAt) {
        Schedule schedule = new Schedule();
        schedule.id = UUID.randomUUID();
        schedule.tenantId = tenantId;
        schedule.createdAt = now();
        schedule.updatedAt = schedule.createdAt;
        schedule.name = name;
        schedule.when(cron, timeZone, nextRunAt);
        schedule.job(jobType, jobRequest);
        schedule.paused = paused;
        if (paused) {
            schedule.nextRunAt = null;
        }
        return schedule;
    }

    public void rename(String name) {
        this.name = name;
        touch();
    }

    /** A new cron or zone: the next firing is counted from now. */
    public void when(String cron, String timeZone, Instant nextRunAt) {
        this.cron = cron;
        this.timeZone = timeZone;
        this.nextRunAt = paused ? null : utc(nextRunAt);
        touch();
    }

    public void job(JobType jobType, String jobRequest) {
        this.jobType = jobType;
        this.jobRequest = jobRequest;
        touch();
    }

    /** Paused: no firing until resumed. */
    public void pause() {
        paused = true;
        nextRunAt = null;
        touch();
    }

    /** Resumed: the firings missed while paused are not made up; the next is counted from now. */
    public void resume(Instant nextRunAt) {
        paused = false;
        this.nextRunAt = utc(nextRunAt);
        touch();
    }

    /** The firing due at {@link #nextRunAt} created {@code jobId}; the next one is {@code next}. */
    public void fired(UUID jobId, Instant next) {
        lastRunAt = now();
        lastJobId = jobId;
        lastError = null;
        nextRunAt = utc(next);
        touch();
    }

    /** The firing due at {@link #nextRunAt} could not create its job; it is skipped, and says why. */
    public void missed(String error, Instant next) {
        lastRunAt = now();
        lastError = error;
        nextRunAt = utc(next);
        touch();
    }

    private void touch() {
        updatedAt = now();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    public UUID id() { return id; }
    public UUID tenantId() { return tenantId; }
    public String name() { return name; }
    public String cron() { return cron; }
    public String timeZone() { return timeZone; }
    public JobType jobType() { return jobType; }
    public String jobRequest() { return jobRequest; }
    public boolean paused() { return paused; }
    public OffsetDateTime nextRunAt() { return nextRunAt; }
    public OffsetDateTime lastRunAt() { return lastRunAt; }
    public UUID lastJobId() { return lastJobId; }
    public String lastError() { return lastError; }
    public OffsetDateTime createdAt() { return createdAt; }
    public OffsetDateTime updatedAt() { return updatedAt; }
}
