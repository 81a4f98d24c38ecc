package care.contracts.scheduling;

import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * No new dosing session may take place in the plan until a clinician resumes it
 * ({@link TreatmentPlanResumed}).
 *
 * @param planId      the plan
 * @param reason      why
 * @param clinicianId the clinician who paused it, or {@code null} when a rule paused it automatically
 */
public record TreatmentPlanPaused(UUID eventId, UUID patientId, Instant occurredAt, UUID planId, Reason reason,
                                  UUID clinicianId) implements CareEvent {

    /** Why a plan was paused. */
    public enum Reason {
        MISSED_APPOINTMENTS,
        SEVERE_ADVERSE_EVENT,
        SAFETY_ESCALATION,
        RE_ENTRY_CHECK_IN_REQUIRED,
        CLINICIAN_DECISION,
        PATIENT_REQUEST
    }

    public TreatmentPlanPaused {
        envelope(eventId, patientId, occurredAt);
        required(planId, "planId");
        required(reason, "reason");
    }
}
