package care.integration.program;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

import care.contracts.CareEvent;
import care.contracts.integration.JournalEntrySubmitted;
import care.kit.domain.Aggregate;
import care.kit.domain.DerivedIds;

/** A journal entry the patient wrote. Text and mood stay in this service; the event carries a word count. */
@Aggregate
@Document("journal_entries")
// A patient's entries, newest first.
@CompoundIndex(def = "{'patientId': 1, 'writtenAt': -1}")
public class JournalEntry {

    @Id
    String id;
    @Version
    Long version;
    String patientId;
    String planId;
    String assignmentId;
    String promptId;
    String text;
    Integer mood;
    int wordCount;
    Instant writtenAt;

    JournalEntry() {
    }

    JournalEntry(String id) {
        this.id = id;
    }

    /** The id of the entry a patient writes under an idempotency key: the same key names the same entry. */
    static String idFor(String patientId, String idempotencyKey) {
        return DerivedIds.of("journal", patientId, idempotencyKey).toString();
    }

    /**
     * Writes this new entry in the patient's active {@code program}.
     *
     * @param promptId the assigned prompt it answers (refused when it was never assigned), or {@code null}
     */
    List<CareEvent> write(String patient, Program program, String promptId, String text, Integer mood, Instant now) {
        this.assignmentId = promptId == null ? null : program.assignmentOf(promptId);
        this.patientId = patient;
        this.planId = program.planId();
        this.promptId = promptId;
        this.text = text;
        this.mood = mood;
        this.wordCount = words(text);
        this.writtenAt = now;
        return List.of(new JournalEntrySubmitted(UUID.randomUUID(), UUID.fromString(patient), now,
                UUID.fromString(id), assignmentId == null ? null : UUID.fromString(assignmentId), wordCount));
    }

    /** Whether this entry was read from the store (written before). */
    boolean isStored() {
        return version != null;
    }

    static int words(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    }

    public String id() {
        return id;
    }

    public String patientId() {
        return patientId;
    }

    public String assignmentId() {
        return assignmentId;
    }

    public String promptId() {
        return promptId;
    }

    public String text() {
        return text;
    }

    public Integer mood() {
        return mood;
    }

    public int wordCount() {
        return wordCount;
    }

    public Instant writtenAt() {
        return writtenAt;
    }
}
