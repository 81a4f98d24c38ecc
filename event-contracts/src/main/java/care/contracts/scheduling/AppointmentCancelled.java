package care.contracts.scheduling;

import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * An appointment was cancelled; its reminders are cancelled too.
 *
 * @param appointmentId the appointment
 * @param kind          what the appointment was for
 * @param startsAt      the start it had
 * @param initiatedBy   who cancelled it
 * @param reason        why
 * @param late          cancelled less than the minimum notice (default 24 h) ahead
 */
public record AppointmentCancelled(UUID eventId, UUID patientId, Instant occurredAt, UUID appointmentId,
                                   AppointmentKind kind, Instant startsAt, ChangeInitiator initiatedBy,
                                   Reason reason, boolean late) implements CareEvent {

    /** Why an appointment was cancelled. */
    public enum Reason {
        PATIENT_REQUEST,
        PROVIDER_UNAVAILABLE,
        SESSION_DEFERRED,
        PLAN_PAUSED,
        PLAN_CLOSED,
        SAFETY_HOLD
    }

    public AppointmentCancelled {
        envelope(eventId, patientId, occurredAt);
        required(appointmentId, "appointmentId");
        required(kind, "kind");
        required(startsAt, "startsAt");
        required(initiatedBy, "initiatedBy");
        required(reason, "reason");
    }
}
