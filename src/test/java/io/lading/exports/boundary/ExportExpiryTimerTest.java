package io.lading.exports.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.exports.control.ExportSettings;
import jakarta.ejb.ScheduleExpression;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The calendar timer the export expiry is created with: daily at the configured hour and minute (04:00 unless
 * configured), persistent, and one per cluster however many nodes deploy.
 */
class ExportExpiryTimerTest {

    /** The timers of the bean, as the container's timer store would hold them. */
    private final List<FakeTimer> stored = new ArrayList<>();

    @Test
    void theExpiryRunsEveryDayAtTheConfiguredTimeAndOutlivesRestarts() {
        ExportExpiryTimer timer = timerWith(4, 0);

        timer.schedule();

        assertEquals(1, stored.size());
        FakeTimer created = stored.get(0);
        ScheduleExpression schedule = created.schedule;
        assertEquals("4", schedule.getHour());
        assertEquals("0", schedule.getMinute());
        assertEquals("0", schedule.getSecond());
        assertEquals("*", schedule.getDayOfMonth(), "every day");
        assertEquals("*", schedule.getDayOfWeek(), "every day");
        assertEquals("*", schedule.getMonth(), "every month");
        assertEquals("*", schedule.getYear(), "every year");
        assertTrue(created.config.isPersistent(), "persistent: in the cluster's timer store, caught up after a restart");
        assertEquals("export expiry", created.config.getInfo());
    }

    @Test
    void aSecondNodeDeployingKeepsTheStoredTimer() {
        timerWith(4, 0).schedule();
        FakeTimer first = stored.get(0);

        timerWith(4, 0).schedule();

        assertEquals(List.of(first), stored, "the one stored timer, not a second one");
        assertFalse(first.cancelled);
    }

    @Test
    void aNewTimeReplacesTheStoredTimer() {
        timerWith(4, 0).schedule();
        FakeTimer old = stored.get(0);

        timerWith(2, 15).schedule();

        assertTrue(old.cancelled, "the 04:00 timer is cancelled");
        assertEquals(1, stored.stream().filter(t -> !t.cancelled).count());
        ScheduleExpression now = stored.get(stored.size() - 1).schedule;
        assertEquals("2", now.getHour());
        assertEquals("15", now.getMinute());
    }

    private ExportExpiryTimer timerWith(int hour, int minute) {
        ExportExpiryTimer timer = new ExportExpiryTimer();
        timer.settings = new ExportSettings() {
            @Override
            public int expiryHour() {
                return hour;
            }

            @Override
            public int expiryMinute() {
                return minute;
            }
        };
        timer.timers = timerService();
        return timer;
    }

    /** Only what the timer bean uses: listing its timers and creating a calendar timer. */
    private TimerService timerService() {
        return (TimerService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {TimerService.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getTimers" -> stored.stream().filter(t -> !t.cancelled).map(t -> t.proxy).toList();
                    case "createCalendarTimer" -> {
                        FakeTimer timer = new FakeTimer((ScheduleExpression) args[0], (TimerConfig) args[1]);
                        stored.add(timer);
                        yield timer.proxy;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static final class FakeTimer {
        final ScheduleExpression schedule;
        final TimerConfig config;
        final Timer proxy;
        boolean cancelled;

        FakeTimer(ScheduleExpression schedule, TimerConfig config) {
            this.schedule = schedule;
            this.config = config;
            this.proxy = (Timer) Proxy.newProxyInstance(FakeTimer.class.getClassLoader(), new Class<?>[] {Timer.class},
                    (p, method, args) -> switch (method.getName()) {
                        case "getSchedule" -> schedule;
                        case "getInfo" -> config.getInfo();
                        case "isCalendarTimer" -> true;
                        case "isPersistent" -> config.isPersistent();
                        case "cancel" -> {
                            cancelled = true;
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(p);
                        case "equals" -> p == args[0];
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}
