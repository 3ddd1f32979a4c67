package io.lading.jobs.control;

import io.lading.jobs.entity.Backoff;
import io.lading.jobs.entity.Job;
import io.lading.platform.ProblemException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * When a submitted job may start and how it retries, as the request asked (options {@code runAt},
 * {@code backoff}, {@code timeoutMinutes}), checked once for every job type: out of range is
 * {@code 400 INVALID_OPTION} naming the field. {@link #NONE} keeps the engine's defaults.
 */
public record JobTiming(OffsetDateTime runAt, Backoff backoff, Integer timeoutMinutes) {

    public static final JobTiming NONE = new JobTiming(null, null, null);

    /** A job may be delayed by at most a year: a later date is a mistake more often than a plan. */
    static final Duration LONGEST_DELAY = Duration.ofDays(366);
    static final int LONGEST_BACKOFF_SECONDS = 86_400;
    static final int LONGEST_TIMEOUT_MINUTES = 7 * 24 * 60;

    /** The {@code backoff} option as sent. */
    public record BackoffRequest(String type, Integer delaySeconds) {
    }

    public static JobTiming of(String runAt, BackoffRequest backoff, Integer timeoutMinutes) {
        return of(runAt, backoff, timeoutMinutes, Clock.systemUTC());
    }

    static JobTiming of(String runAt, BackoffRequest backoff, Integer timeoutMinutes, Clock clock) {
        return new JobTiming(runAt(runAt, clock), backoff(backoff), timeoutMinutes(timeoutMinutes));
    }

    /** The retry policy of an earlier job, for a job derived from it (a retry of its failed rows). */
    public static JobTiming retryPolicyOf(Job job) {
        return new JobTiming(null, job.backoff(), job.timeoutMinutes());
    }

    /** This timing without a start time: for a request that must start when it is made (a schedule's firing). */
    public JobTiming withoutRunAt() {
        return new JobTiming(null, backoff, timeoutMinutes);
    }

    /** Sets it on a job that is about to be submitted. */
    public void applyTo(Job job) {
        job.runAt(runAt);
        job.retryPolicy(backoff, timeoutMinutes);
    }

    static OffsetDateTime runAt(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        OffsetDateTime at;
        try {
            at = OffsetDateTime.parse(value.trim());
        } catch (DateTimeException e) {
            throw invalid("runAt", "runAt must be an ISO-8601 date and time with an offset, e.g. 2030-01-31T02:00:00Z");
        }
        if (at.isAfter(OffsetDateTime.now(clock).plus(LONGEST_DELAY))) {
            throw invalid("runAt", "runAt may be at most " + LONGEST_DELAY.toDays() + " days ahead");
        }
        // A time already past means now: the job is queued at once.
        return at.withOffsetSameInstant(ZoneOffset.UTC);
    }

    static Backoff backoff(BackoffRequest request) {
        if (request == null) {
            return null;
        }
        Backoff.Type type;
        try {
            type = Backoff.Type.valueOf(String.valueOf(request.type()).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid("backoff.type", "backoff.type must be exponential or fixed");
        }
        Integer delay = request.delaySeconds();
        if (delay == null || delay < 1 || delay > LONGEST_BACKOFF_SECONDS) {
            throw invalid("backoff.delaySeconds",
                    "backoff.delaySeconds must be between 1 and " + LONGEST_BACKOFF_SECONDS);
        }
        return new Backoff(type, delay);
    }

    static Integer timeoutMinutes(Integer minutes) {
        if (minutes != null && (minutes < 1 || minutes > LONGEST_TIMEOUT_MINUTES)) {
            throw invalid("timeoutMinutes", "timeoutMinutes must be between 1 and " + LONGEST_TIMEOUT_MINUTES);
        }
        return minutes;
    }

    private static ProblemException invalid(String field, String detail) {
        return ProblemException.invalidField(field, "INVALID_OPTION", detail);
    }
}
