package care.contracts.scheduling;

import static care.contracts.Invariants.checkPlannedSessions;
import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * Scheduling created a treatment plan (FHIR CarePlan) from an approval; dosing sessions can now be booked
 * under the program's pacing rules.
 *
 * @param planId          the plan
 * @param consultationId  the consultation whose approval created it
 * @param programId       the program whose pacing defaults apply
 * @param clinicianId     the supervising clinician
 * @param plannedSessions planned dosing sessions, 4..8
 */
public record TreatmentPlanCreated(UUID eventId, UUID patientId, Instant occurredAt, UUID planId,
                                   UUID consultationId, UUID programId, UUID clinicianId, int plannedSessions)
        implements CareEvent {

    public TreatmentPlanCreated {
        envelope(eventId, patientId, occurredAt);
        required(planId, "planId");
        required(consultationId, "consultationId");
        required(programId, "programId");
        required(clinicianId, "clinicianId");
        checkPlannedSessions(plannedSessions);
    }
}
