package care.contracts.scheduling;

import static care.contracts.Invariants.check;
import static care.contracts.Invariants.checkSessionNumber;
import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.ordered;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * Scheduling could not book the integration coaching offered after a dosing session: a care coordinator
 * has to arrange it. If the reason is a missing coach, assigning one books it while the window is open.
 *
 * @param planId        the treatment plan
 * @param sessionNumber the dosing session the coaching integrates, 1..8
 * @param coachId       the patient's coach, or {@code null} when none is assigned
 * @param windowStart   earliest start the coaching could have had
 * @param windowEnd     latest start, after {@code windowStart}
 * @param reason        why it was not booked
 */
public record CoachingNotScheduled(UUID eventId, UUID patientId, Instant occurredAt, UUID planId, int sessionNumber,
                                   UUID coachId, Instant windowStart, Instant windowEnd, Reason reason)
        implements CareEvent {

    /** Why the coaching was not booked. */
    public enum Reason {
        /** No coach is assigned to the patient yet. */
        NO_COACH_ASSIGNED,
        /** The coach has no free slot in the window. */
        NO_FREE_SLOT,
        /** The window had passed when a coach was assigned. */
        WINDOW_PASSED
    }

    public CoachingNotScheduled {
        envelope(eventId, patientId, occurredAt);
        required(planId, "planId");
        checkSessionNumber(sessionNumber);
        ordered(windowStart, "windowStart", windowEnd, "windowEnd");
        required(reason, "reason");
        check((reason == Reason.NO_COACH_ASSIGNED) == (coachId == null),
                "coachId is absent exactly when no coach is assigned");
    }
}
