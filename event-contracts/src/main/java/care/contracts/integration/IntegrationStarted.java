package care.contracts.integration;

import static care.contracts.Invariants.checkSessionNumber;
import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.ordered;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * The integration phase after a completed dosing session began: coaching is offered within the window
 * (default 24–72 h after the session).
 *
 * @param planId              the treatment plan
 * @param sessionId           the completed dosing session
 * @param sessionNumber       its number in the plan, 1..8
 * @param coachingWindowStart earliest start of the integration coaching
 * @param coachingWindowEnd   latest start, after {@code coachingWindowStart}
 */
public record IntegrationStarted(UUID eventId, UUID patientId, Instant occurredAt, UUID planId, UUID sessionId,
                                 int sessionNumber, Instant coachingWindowStart, Instant coachingWindowEnd)
        implements CareEvent {

    public IntegrationStarted {
        envelope(eventId, patientId, occurredAt);
        required(planId, "planId");
        required(sessionId, "sessionId");
        checkSessionNumber(sessionNumber);
        ordered(coachingWindowStart, "coachingWindowStart", coachingWindowEnd, "coachingWindowEnd");
    }
}
