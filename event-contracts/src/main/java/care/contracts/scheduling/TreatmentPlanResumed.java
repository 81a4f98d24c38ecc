package care.contracts.scheduling;

import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A clinician reviewed a paused plan and resumed it; dosing sessions can be booked again.
 *
 * @param planId      the plan
 * @param clinicianId the clinician who resumed it
 */
public record TreatmentPlanResumed(UUID eventId, UUID patientId, Instant occurredAt, UUID planId,
                                   UUID clinicianId) implements CareEvent {

    public TreatmentPlanResumed {
        envelope(eventId, patientId, occurredAt);
        required(planId, "planId");
        required(clinicianId, "clinicianId");
    }
}
