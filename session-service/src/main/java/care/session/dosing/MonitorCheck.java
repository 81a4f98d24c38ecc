package care.session.dosing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import care.session.safety.MonitorSchedule;

/**
 * A scheduled monitor check of a dosing session (an element of {@code monitorChecks}), and what the session's
 * checks do together: laid out at the start, met by a check-in within a check's window, missed after it.
 */
public class MonitorCheck {
    /** PENDING until checked in or missed. */
    public enum State {
        PENDING, CHECKED_IN, MISSED
    }

    int number;
    Instant dueAt;
    State state = State.PENDING;
    DosingSession.CheckInStatus reported;
    Instant checkedAt;

    /** The checks of a session started at the schedule's start, all pending. */
    static List<MonitorCheck> laidOut(MonitorSchedule schedule) {
        List<MonitorCheck> checks = new ArrayList<>();
        for (int number = 1; number <= schedule.dueTimes().size(); number++) {
            MonitorCheck check = new MonitorCheck();
            check.number = number;
            check.dueAt = schedule.dueAt(number);
            checks.add(check);
        }
        return checks;
    }

    /** The earliest pending check whose window holds {@code at} is checked in; its number, or null for none. */
    static Integer checkIn(List<MonitorCheck> checks, MonitorSchedule schedule, DosingSession.CheckInStatus reported,
            Instant at) {
        for (MonitorCheck check : checks) {
            if (check.state == State.PENDING && schedule.counts(check.dueAt, at)) {
                check.state = State.CHECKED_IN;
                check.reported = reported;
                check.checkedAt = at;
                return check.number;
            }
        }
        return null;
    }

    /** Every pending check missed at {@code now} turns MISSED; those, in order. */
    static List<MonitorCheck> missAll(List<MonitorCheck> checks, MonitorSchedule schedule, Instant now) {
        List<MonitorCheck> missed = new ArrayList<>();
        for (MonitorCheck check : checks) {
            if (check.state == State.PENDING && schedule.missedAt(check.dueAt, now)) {
                check.state = State.MISSED;
                missed.add(check);
            }
        }
        return missed;
    }

    /** The earliest time a pending check is missed, or null when none is pending. */
    static Instant nextDeadline(List<MonitorCheck> checks, MonitorSchedule schedule) {
        return checks.stream().filter(check -> check.state == State.PENDING)
                .map(check -> schedule.deadline(check.dueAt)).min(Instant::compareTo).orElse(null);
    }
}
