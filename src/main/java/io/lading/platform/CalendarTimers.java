package io.lading.platform;

import jakarta.ejb.ScheduleExpression;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The one persistent calendar timer of a bean whose schedule comes from configuration. Persistent timers live in
 * the database timer store, shared by the cluster, and outlast deployments: at each deployment the stored timer
 * is kept when its schedule is the configured one (so every node deploying does not reset it), and otherwise
 * replaced, together with any other timer of the bean (an older schedule, or an automatic one it had before).
 */
public final class CalendarTimers {

    private static final List<Function<ScheduleExpression, String>> FIELDS = List.of(ScheduleExpression::getSecond,
            ScheduleExpression::getMinute, ScheduleExpression::getHour, ScheduleExpression::getDayOfMonth,
            ScheduleExpression::getMonth, ScheduleExpression::getDayOfWeek, ScheduleExpression::getYear,
            ScheduleExpression::getTimezone);

    private CalendarTimers() {
    }

    /** Makes {@code wanted} the bean's only timer; returns whether it had to be created. */
    public static boolean ensure(TimerService timers, String info, ScheduleExpression wanted) {
        boolean kept = false;
        for (Timer timer : timers.getTimers()) {
            if (!kept && info.equals(timer.getInfo()) && timer.isCalendarTimer() && sameSchedule(timer.getSchedule(), wanted)) {
                kept = true;
            } else {
                timer.cancel();
            }
        }
        if (!kept) {
            timers.createCalendarTimer(wanted, new TimerConfig(info, true));
        }
        return !kept;
    }

    static boolean sameSchedule(ScheduleExpression a, ScheduleExpression b) {
        return FIELDS.stream().allMatch(field -> Objects.equals(field.apply(a), field.apply(b)));
    }
}
