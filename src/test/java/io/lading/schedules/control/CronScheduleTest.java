package io.lading.schedules.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lading.platform.ProblemException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronScheduleTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Instant berlin(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
    }

    @Test
    void everyMinuteFiresAtTheNextMinuteBoundaryStrictlyAfter() {
        CronSchedule everyMinute = CronSchedule.parse("* * * * *", "UTC");

        assertEquals(Instant.parse("2030-01-01T10:16:00Z"), everyMinute.nextAfter(Instant.parse("2030-01-01T10:15:00Z")));
        assertEquals(Instant.parse("2030-01-01T10:16:00Z"), everyMinute.nextAfter(Instant.parse("2030-01-01T10:15:59.999Z")));
    }

    @ParameterizedTest(name = "{0} after {1} (Berlin) is {2}")
    @CsvSource(delimiter = '|', value = {
            "0 2 * * *      | 2030-01-10T12:00 | 2030-01-11T02:00",
            "30 8 * * 1-5   | 2030-01-11T09:00 | 2030-01-14T08:30", // Friday after the firing: next Monday
            "*/15 * * * *   | 2030-01-10T12:07 | 2030-01-10T12:15",
            "0 0 1 */3 *    | 2030-01-10T12:00 | 2030-04-01T00:00",
            "0 6 * * 0      | 2030-01-10T12:00 | 2030-01-13T06:00", // 0 is Sunday
            "0 6 * * 7      | 2030-01-10T12:00 | 2030-01-13T06:00"})  // and so is 7
    void nextFiringIsTheFirstMatchingLocalTime(String cron, String after, String expected) {
        assertEquals(berlin(expected), CronSchedule.parse(cron, "Europe/Berlin").nextAfter(berlin(after)));
    }

    @Test
    void aDailyFiringKeepsItsLocalTimeAcrossTheSpringDaylightSavingChange() {
        CronSchedule nineDaily = CronSchedule.parse("0 9 * * *", "Europe/Berlin");

        // 29 March 2026: clocks go from 02:00 to 03:00; 09:00 local is 08:00 UTC before and 07:00 UTC after.
        assertEquals(Instant.parse("2026-03-28T08:00:00Z"), nineDaily.nextAfter(Instant.parse("2026-03-28T00:00:00Z")));
        assertEquals(Instant.parse("2026-03-29T07:00:00Z"), nineDaily.nextAfter(Instant.parse("2026-03-28T08:00:00Z")));
    }

    @Test
    void aFiringAtALocalTimeThatDoesNotExistThatDayIsSkipped() {
        CronSchedule halfPastTwo = CronSchedule.parse("30 2 * * *", "Europe/Berlin");

        // 29 March 2026: clocks go from 02:00 to 03:00, so there is no 02:30 that day; the next is a day later.
        assertEquals(berlin("2026-03-28T02:30"), halfPastTwo.nextAfter(berlin("2026-03-27T12:00")));
        assertEquals(berlin("2026-03-30T02:30"), halfPastTwo.nextAfter(berlin("2026-03-28T12:00")));
    }

    @Test
    void aFiringInTheRepeatedAutumnHourHappensOnce() {
        CronSchedule halfPastTwo = CronSchedule.parse("30 2 * * *", "Europe/Berlin");

        // 25 October 2026: 02:00-03:00 happens twice (first at +02:00, then at +01:00).
        Instant first = halfPastTwo.nextAfter(berlin("2026-10-24T12:00"));
        Instant second = halfPastTwo.nextAfter(first);

        assertEquals(Instant.parse("2026-10-25T00:30:00Z"), first);
        assertEquals(Instant.parse("2026-10-26T01:30:00Z"), second);
    }

    @Test
    void theExpressionIsStoredWithSingleSpaces() {
        assertEquals("0 2 * * *", CronSchedule.parse("  0  2 *\t* * ", "UTC").expression());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "* * * *", "0 0 * * * *", "61 * * * *", "* 24 * * *", "* * 32 * *", "* * * 13 *",
            "* * * * 8", "every minute", "0 2 * * * 2030", "0 0 30 2 *"})
    void aBadOrNeverFiringCronIsInvalidCron(String cron) {
        ProblemException e = assertThrows(ProblemException.class, () -> CronSchedule.parse(cron, "UTC"));

        assertEquals("INVALID_CRON", e.code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Mars/Olympus", "+02:00", "CEST", ""})
    void aZoneThatIsNotAnIanaZoneIsInvalidCron(String zone) {
        ProblemException e = assertThrows(ProblemException.class, () -> CronSchedule.parse("0 2 * * *", zone));

        assertEquals("INVALID_CRON", e.code());
        assertEquals("timeZone", e.field());
    }
}
