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
 * An appointment was booked. Session prepares a dosing session from it; notification plans reminders.
 *
 * @param appointmentId  the appointment (FHIR Appointment)
 * @param planId         the treatment plan; {@code null} exactly for a consultation
 * @param consultationId the consultation; set exactly for a consultation
 * @param providerId     the clinician or coach
 * @param kind           what the appointment is for
 * @param sessionNumber  for a dosing session its number, for coaching the number of the dosing session it
 *                       integrates (1..8); {@code null} for a consultation
 * @param startsAt       start (UTC)
 * @param endsAt         end (UTC), after {@code startsAt}
 * @param late           booked less than the minimum notice (default 24 h) ahead
 */
public record AppointmentBooked(UUID eventId, UUID patientId, Instant occurredAt, UUID appointmentId,
                                UUID planId, UUID consultationId, UUID providerId, AppointmentKind kind,
                                Integer sessionNumber, Instant startsAt, Instant endsAt, boolean late)
        implements CareEvent {

    public AppointmentBooked {
        envelope(eventId, patientId, occurredAt);
        required(appointmentId, "appointmentId");
        required(providerId, "providerId");
        required(kind, "kind");
        boolean consultation = kind == AppointmentKind.CONSULTATION;
        check(consultation == (consultationId != null), "consultationId is required for, and only for, a consultation");
        check(consultation == (planId == null), "planId is required unless the appointment is a consultation");
        check(consultation == (sessionNumber == null), "sessionNumber is required unless the appointment is a consultation");
        if (sessionNumber != null) {
            checkSessionNumber(sessionNumber);
        }
        ordered(startsAt, "startsAt", endsAt, "endsAt");
    }
}
