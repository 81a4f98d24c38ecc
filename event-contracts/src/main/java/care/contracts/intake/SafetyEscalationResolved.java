package care.contracts.intake;

import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A registered clinician licensed in the patient's jurisdiction reviewed an open safety escalation. After
 * {@link Outcome#CLEARED} a paused plan may be resumed by the responsible clinician; after
 * {@link Outcome#REFERRED_OUT} the plan ends and the patient is referred to other care. The review's notes
 * stay in intake.
 *
 * @param escalationId the escalation ({@link SafetyEscalationRaised#escalationId()})
 * @param outcome      the review's outcome
 * @param clinicianId  the reviewing clinician
 */
public record SafetyEscalationResolved(UUID eventId, UUID patientId, Instant occurredAt, UUID escalationId,
                                       Outcome outcome, UUID clinicianId) implements CareEvent {

    /** What the review decided. */
    public enum Outcome {
        /** The risk was assessed and the program may go on. */
        CLEARED,
        /** The patient needs other care: the program ends. */
        REFERRED_OUT
    }

    public SafetyEscalationResolved {
        envelope(eventId, patientId, occurredAt);
        required(escalationId, "escalationId");
        required(outcome, "outcome");
        required(clinicianId, "clinicianId");
    }
}
