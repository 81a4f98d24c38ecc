package care.contracts.session;

import static care.contracts.Invariants.atLeast;
import static care.contracts.Invariants.checkSessionNumber;
import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A dosing session ended with discharge on a clinically stable reading after the minimum monitoring time.
 * Integration offers coaching 24–72 h later; notification sends the journaling nudge.
 *
 * @param sessionId        the session
 * @param appointmentId    the dosing-session appointment
 * @param planId           the treatment plan
 * @param sessionNumber    the dosing session's number in the plan, 1..8
 * @param clinicianId      the supervising clinician who discharged the patient
 * @param monitoredMinutes minutes of monitoring after dosing (default minimum 120)
 */
public record SessionCompleted(UUID eventId, UUID patientId, Instant occurredAt, UUID sessionId,
                               UUID appointmentId, UUID planId, int sessionNumber, UUID clinicianId,
                               int monitoredMinutes) implements CareEvent {

    public SessionCompleted {
        envelope(eventId, patientId, occurredAt);
        required(sessionId, "sessionId");
        required(appointmentId, "appointmentId");
        required(planId, "planId");
        checkSessionNumber(sessionNumber);
        required(clinicianId, "clinicianId");
        atLeast(monitoredMinutes, 0, "monitoredMinutes");
    }
}
