package care.notification.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When the messages that follow an event go, and when they are too late to be of use.
 *
 * @param preparationReminder  how long before a dosing session its preparation reminder goes
 * @param journalingNudgeAfter how long after a completed session the journaling nudge goes
 * @param staleAfter           how late a nudge, a measure request or an alert may still go: an older one (a first
 *                             start reading the topics from their beginning, a long outage) is not sent in a burst
 */
public record Timeliness(Duration preparationReminder, Duration journalingNudgeAfter, Duration staleAfter) {

    public Timeliness {
        Objects.requireNonNull(preparationReminder, "preparationReminder");
        Objects.requireNonNull(journalingNudgeAfter, "journalingNudgeAfter");
        Objects.requireNonNull(staleAfter, "staleAfter");
    }

    /** Whether a message meant for {@code at} is too late at {@code now}. */
    public boolean stale(Instant at, Instant now) {
        return at.plus(staleAfter).isBefore(now);
    }

    /**
     * When the preparation reminder of a session starting at {@code startsAt} goes: its lead before the start, or
     * at once when that has passed; none once the session has started.
     */
    public Optional<Instant> preparationDue(Instant startsAt, Instant now) {
        if (!startsAt.isAfter(now)) {
            return Optional.empty();
        }
        Instant due = startsAt.minus(preparationReminder);
        return Optional.of(due.isAfter(now) ? due : now);
    }

    /** When the journaling nudge after a session completed at {@code completedAt} goes (not before now). */
    public Instant journalingNudgeDue(Instant completedAt, Instant now) {
        Instant due = completedAt.plus(journalingNudgeAfter);
        return due.isBefore(now) ? now : due;
    }
}
