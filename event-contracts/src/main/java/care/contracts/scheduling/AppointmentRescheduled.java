package care.contracts.scheduling;

import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.ordered;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * An appointment moved; its reminders move with it.
 *
 * @param appointmentId    the appointment
 * @param kind             what the appointment is for
 * @param providerId       the clinician or coach after the change (it may change too)
 * @param previousStartsAt the start before the change
 * @param startsAt         the new start
 * @param endsAt           the new end, after {@code startsAt}
 * @param initiatedBy      who moved it
 * @param late             moved less than the minimum notice (default 24 h) before {@code previousStartsAt}
 */
public record AppointmentRescheduled(UUID eventId, UUID patientId, Instant occurredAt, UUID appointmentId,
                                     AppointmentKind kind, UUID providerId, Instant previousStartsAt,
                                     Instant startsAt, Instant endsAt, ChangeInitiator initiatedBy, boolean late)
        implements CareEvent {

    public AppointmentRescheduled {
        envelope(eventId, patientId, occurredAt);
        required(appointmentId, "appointmentId");
        required(kind, "kind");
        required(providerId, "providerId");
        required(previousStartsAt, "previousStartsAt");
        ordered(startsAt, "startsAt", endsAt, "endsAt");
        required(initiatedBy, "initiatedBy");
    }
}
