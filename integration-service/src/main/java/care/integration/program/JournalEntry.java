package care.integration.program;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

/** A journal entry the patient wrote. Text and mood stay in this service; the event carries a word count. */
@Document("journal_entries")
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
