package care.contracts.session;

import static care.contracts.Invariants.atLeast;
import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * The peer treatment monitor reported a concern at a check-in during a dosing session; the supervising
 * clinician is alerted at once, regardless of quiet hours. The event carries no description: the
 * clinician follows up with the monitor.
 *
 * @param sessionId   the session
 * @param clinicianId the supervising clinician to alert
 * @param checkNumber the scheduled check-in the report counted for, from 1, or {@code null} when it came
 *                    outside the check-in schedule
 */
public record MonitorConcernRaised(UUID eventId, UUID patientId, Instant occurredAt, UUID sessionId, UUID clinicianId,
                                   Integer checkNumber) implements CareEvent {

    public MonitorConcernRaised {
        envelope(eventId, patientId, occurredAt);
        required(sessionId, "sessionId");
        required(clinicianId, "clinicianId");
        if (checkNumber != null) {
            atLeast(checkNumber, 1, "checkNumber");
        }
    }
}
