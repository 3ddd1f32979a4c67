package io.lading.schedules.control;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.lading.platform.ProblemException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * A schedule's "when": a 5-field cron expression (minute hour day-of-month month day-of-week, as Unix cron reads
 * it) in an IANA time zone, so {@code 0 2 * * *} in Europe/Berlin is 02:00 Berlin time in winter and summer alike.
 * Anything else is {@code 400 INVALID_CRON}. Parsing and the next firing are cron-utils'.
 */
public final class CronSchedule {

    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final String expression;
    private final ZoneId zone;
    private final ExecutionTime executions;

    private CronSchedule(String expression, ZoneId zone, ExecutionTime executions) {
        this.expression = expression;
        this.zone = zone;
        this.executions = executions;
    }

    /** The expression and zone, checked; an expression that can never fire (30 February) is refused too. */
    public static CronSchedule parse(String expression, String timeZone) {
        if (expression == null || expression.isBlank()) {
            throw invalid("cron", "cron is required: five fields, minute hour day-of-month month day-of-week");
        }
        String trimmed = expression.trim().replaceAll("\\s+", " ");
        if (trimmed.split(" ").length != 5) {
            throw invalid("cron", "cron must have five fields (minute hour day-of-month month day-of-week): "
                    + trimmed);
        }
        Cron cron;
        try {
            cron = UNIX.parse(trimmed).validate();
        } catch (IllegalArgumentException e) {
            throw invalid("cron", "cron " + trimmed + " is not valid: " + e.getMessage());
        }
        if (timeZone == null || !ZoneId.getAvailableZoneIds().contains(timeZone.trim())) {
            throw invalid("timeZone", "timeZone must be an IANA time zone such as Europe/Berlin or UTC, not "
                    + timeZone);
        }
        CronSchedule schedule = new CronSchedule(trimmed, ZoneId.of(timeZone.trim()), ExecutionTime.forCron(cron));
        if (schedule.nextAfter(Instant.now()) == null) {
            throw invalid("cron", "cron " + trimmed + " never fires");
        }
        return schedule;
    }

    /** The first firing strictly after {@code instant}, or null when there is none (within cron-utils' horizon). */
    public Instant nextAfter(Instant instant) {
        return executions.nextExecution(ZonedDateTime.ofInstant(instant, zone))
                .map(ZonedDateTime::toInstant)
                .filter(next -> next.isAfter(instant))
                .orElse(null);
    }

    /** The expression as stored: fields separated by single spaces. */
    public String expression() {
        return expression;
    }

    public ZoneId zone() {
        return zone;
    }

    private static ProblemException invalid(String field, String detail) {
        return ProblemException.invalidField(field, "INVALID_CRON", detail);
    }
}
