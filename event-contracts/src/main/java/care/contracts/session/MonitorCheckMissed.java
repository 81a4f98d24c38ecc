package care.contracts.session;

import static care.contracts.Invariants.atLeast;
import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * The peer treatment monitor's check-in is overdue beyond the grace period (default 5 minutes); the
 * supervising clinician is alerted at once, regardless of quiet hours.
 *
 * @param sessionId    the session
 * @param clinicianId  the supervising clinician to alert
 * @param checkNumber  which scheduled check-in, from 1 (default: every 15 minutes in the first hour)
 * @param dueAt        when the check-in was due
 * @param minutesLate  minutes past {@code dueAt} when this was raised
 */
public record MonitorCheckMissed(UUID eventId, UUID patientId, Instant occurredAt, UUID sessionId, UUID clinicianId,
                                 int checkNumber, Instant dueAt, int minutesLate) implements CareEvent {

    public MonitorCheckMissed {
        envelope(eventId, patientId, occurredAt);
        required(sessionId, "sessionId");
        required(clinicianId, "clinicianId");
        atLeast(checkNumber, 1, "checkNumber");
        required(dueAt, "dueAt");
        atLeast(minutesLate, 0, "minutesLate");
    }
}
