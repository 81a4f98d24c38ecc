package care.session.safety;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * When the peer treatment monitor checks in: check {@code k} is due {@code k × interval} after the start,
 * for every due time within the check window (by default at 15, 30, 45 and 60 minutes). A check-in counts
 * for check {@code k} when it comes after the previous due time and no later than {@code grace} after its
 * own due time; later than that (by default 5 minutes and 1 second), the check is missed.
 */
public final class MonitorSchedule {

    private final SafetyPolicy policy;
    private final List<Instant> due;

    public MonitorSchedule(SafetyPolicy policy, Instant start) {
        this.policy = policy;
        List<Instant> times = new ArrayList<>();
        Instant end = start.plus(policy.monitorCheckWindow());
        for (Instant at = start.plus(policy.monitorCheckInterval()); !at.isAfter(end); at = at.plus(policy.monitorCheckInterval())) {
            times.add(at);
        }
        this.due = List.copyOf(times);
    }

    /** Due times of checks 1..n, in order. */
    public List<Instant> dueTimes() {
        return due;
    }

    /** When check {@code number} (from 1) is due. */
    public Instant dueAt(int number) {
        return due.get(number - 1);
    }

    /** The time after which check {@code number} is missed. */
    public Instant deadline(int number) {
        return deadline(dueAt(number));
    }

    /** True when check {@code number} is missed at {@code now}: more than the grace past its due time. */
    public boolean missedAt(int number, Instant now) {
        return missedAt(dueAt(number), now);
    }

    /** True when a check-in at {@code at} counts for check {@code number}. */
    public boolean counts(int number, Instant at) {
        return counts(dueAt(number), at);
    }

    /** Minutes from the due time of check {@code number} to {@code now}, rounded down. */
    public int minutesLate(int number, Instant now) {
        return minutesLate(dueAt(number), now);
    }

    /** The time after which a check due at {@code dueAt} is missed. */
    public Instant deadline(Instant dueAt) {
        return dueAt.plus(policy.monitorCheckGrace());
    }

    /** True when a check due at {@code dueAt} is missed at {@code now}. */
    public boolean missedAt(Instant dueAt, Instant now) {
        return now.isAfter(deadline(dueAt));
    }

    /** True when a check-in at {@code at} counts for the check due at {@code dueAt}. */
    public boolean counts(Instant dueAt, Instant at) {
        return at.isAfter(dueAt.minus(policy.monitorCheckInterval())) && !at.isAfter(deadline(dueAt));
    }

    /** Minutes from {@code dueAt} to {@code now}, rounded down. */
    public int minutesLate(Instant dueAt, Instant now) {
        return (int) Math.max(0, Duration.between(dueAt, now).toMinutes());
    }
}
