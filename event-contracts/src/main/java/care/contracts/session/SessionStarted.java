package care.contracts.session;

import static care.contracts.Invariants.checkSessionNumber;
import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A dosing session passed the pre-dose blood-pressure gate and started under supervision.
 *
 * @param sessionId     the session
 * @param appointmentId the dosing-session appointment
 * @param planId        the treatment plan
 * @param sessionNumber the dosing session's number in the plan, 1..8
 * @param clinicianId   the supervising clinician
 */
public record SessionStarted(UUID eventId, UUID patientId, Instant occurredAt, UUID sessionId, UUID appointmentId,
                             UUID planId, int sessionNumber, UUID clinicianId) implements CareEvent {

    public SessionStarted {
        envelope(eventId, patientId, occurredAt);
        required(sessionId, "sessionId");
        required(appointmentId, "appointmentId");
        required(planId, "planId");
        checkSessionNumber(sessionNumber);
        required(clinicianId, "clinicianId");
    }
}
