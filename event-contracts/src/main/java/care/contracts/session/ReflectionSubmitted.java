package care.contracts.session;

import static care.contracts.Invariants.atLeast;
import static care.contracts.Invariants.checkSessionNumber;
import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * The patient submitted a post-session reflection. The text stays in the session service; the event says
 * only that it exists.
 *
 * @param reflectionId    the reflection in the session service
 * @param sessionId       the session reflected on
 * @param sessionNumber   the dosing session's number in the plan, 1..8
 * @param answeredPrompts how many reflection prompts were answered
 */
public record ReflectionSubmitted(UUID eventId, UUID patientId, Instant occurredAt, UUID reflectionId,
                                  UUID sessionId, int sessionNumber, int answeredPrompts) implements CareEvent {

    public ReflectionSubmitted {
        envelope(eventId, patientId, occurredAt);
        required(reflectionId, "reflectionId");
        required(sessionId, "sessionId");
        checkSessionNumber(sessionNumber);
        atLeast(answeredPrompts, 0, "answeredPrompts");
    }
}
