package care.contracts.integration;

import static care.contracts.Invariants.atLeast;
import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * The patient wrote a journal entry. The text stays in the integration service; the event says only that
 * it exists and how long it is.
 *
 * @param entryId      the entry in the integration service
 * @param assignmentId the prompt assignment answered, or {@code null} for free journaling
 * @param wordCount    number of words
 */
public record JournalEntrySubmitted(UUID eventId, UUID patientId, Instant occurredAt, UUID entryId,
                                    UUID assignmentId, int wordCount) implements CareEvent {

    public JournalEntrySubmitted {
        envelope(eventId, patientId, occurredAt);
        required(entryId, "entryId");
        atLeast(wordCount, 0, "wordCount");
    }
}
