package care.contracts.integration;

import static care.contracts.Invariants.atLeast;
import static care.contracts.Invariants.checkSessionNumber;
import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.listOf;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An integration coaching session took place. The coach's notes stay in the integration service.
 *
 * @param appointmentId   the coaching appointment
 * @param planId          the treatment plan
 * @param coachId         the coach
 * @param sessionNumber   the dosing session it integrates, 1..8
 * @param durationMinutes how long it lasted
 * @param contentIds      breathwork and meditation items from the content library recommended, possibly none
 */
public record CoachingSessionCompleted(UUID eventId, UUID patientId, Instant occurredAt, UUID appointmentId,
                                       UUID planId, UUID coachId, int sessionNumber, int durationMinutes,
                                       List<UUID> contentIds) implements CareEvent {

    public CoachingSessionCompleted {
        envelope(eventId, patientId, occurredAt);
        required(appointmentId, "appointmentId");
        required(planId, "planId");
        required(coachId, "coachId");
        checkSessionNumber(sessionNumber);
        atLeast(durationMinutes, 0, "durationMinutes");
        contentIds = listOf(contentIds, "contentIds");
    }
}
