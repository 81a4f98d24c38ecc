package care.contracts.intake;

import static care.contracts.Invariants.check;
import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A suicide-risk review by a clinician is needed before anything else proceeds for this patient. It is never
 * cleared automatically; the review and its notes stay in the intake service. Notifications about it ignore
 * quiet hours.
 *
 * @param escalationId the escalation (and its review) in the intake service
 * @param trigger      why it was raised
 * @param screeningId  the screening, or the integration service's outcome measure ({@code measurementId} of an
 *                     OutcomeMeasured), that raised it; required for {@link Trigger#PHQ9_ITEM9_POSITIVE}
 */
public record SafetyEscalationRaised(UUID eventId, UUID patientId, Instant occurredAt, UUID escalationId,
                                     Trigger trigger, UUID screeningId) implements CareEvent {

    /** What raised the escalation. */
    public enum Trigger { PHQ9_ITEM9_POSITIVE, SUICIDE_RISK_DISCLOSED, CLINICIAN_CONCERN }

    public SafetyEscalationRaised {
        envelope(eventId, patientId, occurredAt);
        required(escalationId, "escalationId");
        required(trigger, "trigger");
        check(trigger != Trigger.PHQ9_ITEM9_POSITIVE || screeningId != null,
                "screeningId is required when trigger is PHQ9_ITEM9_POSITIVE");
    }
}
