package care.contracts.session;

import static care.contracts.Invariants.checkSessionNumber;
import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * The preparation checklist of a dosing session is complete (intention written, fasting confirmed, a sober
 * adult monitor confirmed and reachable, no driving, safe environment), so the session may start. Until
 * this event, notification sends the preparation reminder.
 *
 * @param sessionId     the session in the session service
 * @param appointmentId the booked dosing-session appointment
 * @param planId        the treatment plan
 * @param sessionNumber the dosing session's number in the plan, 1..8
 */
public record SessionPrepared(UUID eventId, UUID patientId, Instant occurredAt, UUID sessionId, UUID appointmentId,
                              UUID planId, int sessionNumber) implements CareEvent {

    public SessionPrepared {
        envelope(eventId, patientId, occurredAt);
        required(sessionId, "sessionId");
        required(appointmentId, "appointmentId");
        required(planId, "planId");
        checkSessionNumber(sessionNumber);
    }
}
