package care.notification.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * When the reminders of an appointment go: each configured offset before the start. Offsets whose time has
 * already passed are not sent late in a burst: only the nearest of them (the smallest offset) goes at once,
 * and none when the appointment has started.
 */
public final class ReminderPlan {

    /** One reminder: how long before the start it was meant for, and when it goes. */
    public record Reminder(Duration offset, Instant dueAt) {
    }

    private ReminderPlan() {
    }

    public static List<Reminder> plan(Instant startsAt, List<Duration> offsets, Instant now) {
        List<Reminder> reminders = new ArrayList<>();
        if (!startsAt.isAfter(now)) {
            return reminders;
        }
        Duration nearestPassed = null;
        for (Duration offset : offsets.stream().distinct().sorted(Comparator.reverseOrder()).toList()) {
            Instant due = startsAt.minus(offset);
            if (due.isAfter(now)) {
                reminders.add(new Reminder(offset, due));
            } else {
                nearestPassed = offset;
            }
        }
        if (nearestPassed != null) {
            reminders.add(new Reminder(nearestPassed, now));
        }
        return reminders;
    }
}
