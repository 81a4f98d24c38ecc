package care.contracts.scheduling;

import static care.contracts.Invariants.atLeast;
import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * The patient did not attend (no-show). With the default rules the second miss in a plan pauses it for
 * clinician review ({@link TreatmentPlanPaused}).
 *
 * @param appointmentId the appointment
 * @param planId        the plan, or {@code null} for a consultation
 * @param kind          what the appointment was for
 * @param startsAt      the start it had
 * @param missedCount   misses in this plan (or for this consultation) so far, this one included
 */
public record AppointmentMissed(UUID eventId, UUID patientId, Instant occurredAt, UUID appointmentId, UUID planId,
                                AppointmentKind kind, Instant startsAt, int missedCount) implements CareEvent {

    public AppointmentMissed {
        envelope(eventId, patientId, occurredAt);
        required(appointmentId, "appointmentId");
        required(kind, "kind");
        required(startsAt, "startsAt");
        atLeast(missedCount, 1, "missedCount");
    }
}
