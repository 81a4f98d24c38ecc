package care.contracts.integration;

import static care.contracts.Invariants.check;
import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A care coordinator assigned the patient's integration coach. Scheduling books the coaching that follows
 * each dosing session with this coach.
 *
 * @param coachId         the coach (a provider id, the {@code sub} of the coach's token)
 * @param previousCoachId the coach before, or {@code null} for the first assignment
 */
public record CoachAssigned(UUID eventId, UUID patientId, Instant occurredAt, UUID coachId, UUID previousCoachId)
        implements CareEvent {

    public CoachAssigned {
        envelope(eventId, patientId, occurredAt);
        required(coachId, "coachId");
        check(!coachId.equals(previousCoachId), "coachId must differ from previousCoachId");
    }
}
