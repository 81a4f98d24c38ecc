package care.contracts.integration;

import static care.contracts.Invariants.checkSessionNumber;
import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A journaling prompt from the program's library was assigned to the patient; the prompt's wording lives in
 * the integration service.
 *
 * @param assignmentId  the assignment
 * @param promptId      the prompt in the library
 * @param sessionNumber the dosing session the prompt belongs to, 1..8
 * @param dueAt         when an answer is hoped for, or {@code null} if open-ended
 */
public record JournalPromptAssigned(UUID eventId, UUID patientId, Instant occurredAt, UUID assignmentId,
                                    UUID promptId, int sessionNumber, Instant dueAt) implements CareEvent {

    public JournalPromptAssigned {
        envelope(eventId, patientId, occurredAt);
        required(assignmentId, "assignmentId");
        required(promptId, "promptId");
        checkSessionNumber(sessionNumber);
    }
}
