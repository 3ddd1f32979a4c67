package io.lading.platform;

import jakarta.ejb.ScheduleExpression;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one persistent calendar timer of a bean whose schedule comes from configuration. Persistent timers live in
 * the database timer store, shared by the cluster, and outlast deployments: at each deployment the stored timer
 * is kept when its schedule is the configured one (so every node deploying does not reset it), and otherwise
 * replaced, together with any other timer of the bean (an older schedule, or an automatic one it had before).
 * A firing's work goes through {@link #run}, which logs a failure and leaves it to the next firing.
 */
public final class CalendarTimers {

    private static final Logger LOG = Logger.getLogger(CalendarTimers.class.getName());

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

    /**
     * Makes the bean's only timer fire at {@code hour}:{@code minute}, both calendar-timer values ({@code *} for
     * every hour or minute), and logs when it had to be created.
     */
    public static void ensureAt(TimerService timers, String info, String hour, String minute) {
        if (ensure(timers, info, new ScheduleExpression().hour(hour).minute(minute).second("0"))) {
            LOG.info(() -> "Timer '" + info + "' scheduled at hour " + hour + ", minute " + minute);
        }
    }

    /**
     * One firing's work. A failure is logged, not thrown: the next firing catches up, and a timer the container
     * retries in a loop against a database that is down helps no one.
     */
    public static void run(String info, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Timer ''{0}'' failed: {1}", new Object[] {info, e.toString()});
        }
    }

    static boolean sameSchedule(ScheduleExpression a, ScheduleExpression b) {
        return FIELDS.stream().allMatch(field -> Objects.equals(field.apply(a), field.apply(b)));
    }
}
