package care.integration.program;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import care.contracts.integration.JournalEntrySubmitted;
import care.kit.outbox.Outbox;
import care.kit.problem.ProblemException;

/**
 * The patient's journal: entries answer an assigned prompt or are free. The text and mood stay here; the
 * event says only that an entry exists, which prompt it answers and how many words it has.
 */
@Component
public class Journal {

    private final MongoTemplate mongo;
    private final Outbox outbox;
    private final Clock clock;

    Journal(MongoTemplate mongo, Outbox outbox, Clock clock) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.clock = clock;
        // A patient's entries, newest first.
        mongo.indexOps(JournalEntry.class).createIndex(new Index().on("patientId", Sort.Direction.ASC)
                .on("writtenAt", Sort.Direction.DESC));
    }

    /**
     * Stores an entry, or returns the one already stored under the same idempotency key.
     *
     * @param promptId the assigned prompt it answers, or {@code null} for free journaling
     */
    public JournalEntry write(CarePath path, CarePath.Program program, String promptId, String text, Integer mood,
            String idempotencyKey) {
        String id = idempotencyKey == null ? UUID.randomUUID().toString()
                : UUID.nameUUIDFromBytes(("journal:" + path.patientId() + "|" + idempotencyKey)
                        .getBytes(StandardCharsets.UTF_8)).toString();
        if (idempotencyKey != null) {
            JournalEntry earlier = mongo.findById(id, JournalEntry.class);
            if (earlier != null) {
                return earlier;
            }
        }
        String assignmentId = null;
        if (promptId != null) {
            assignmentId = program.prompts().stream().filter(a -> a.promptId().equals(promptId)).findFirst()
                    .map(CarePath.PromptAssignment::assignmentId)
                    .orElseThrow(() -> ProblemException.unprocessable("prompt-not-assigned", "Prompt not assigned",
                            "This prompt has not been assigned to the patient."));
        }
        JournalEntry entry = new JournalEntry();
        entry.id = id;
        entry.patientId = path.patientId();
        entry.planId = program.planId();
        entry.assignmentId = assignmentId;
        entry.promptId = promptId;
        entry.text = text;
        entry.mood = mood;
        entry.wordCount = words(text);
        entry.writtenAt = clock.instant();
        try {
            outbox.save(entry, List.of(new JournalEntrySubmitted(UUID.randomUUID(), UUID.fromString(path.patientId()),
                    entry.writtenAt, UUID.fromString(id), assignmentId == null ? null : UUID.fromString(assignmentId),
                    entry.wordCount)));
        } catch (DuplicateKeyException retried) {
            JournalEntry earlier = mongo.findById(id, JournalEntry.class);
            if (earlier != null) {
                return earlier;
            }
            throw retried;
        }
        return entry;
    }

    /** The patient's entries, newest first. */
    public List<JournalEntry> of(String patientId) {
        return mongo.find(Query.query(Criteria.where("patientId").is(patientId))
                .with(Sort.by(Sort.Direction.DESC, "writtenAt")).limit(500), JournalEntry.class);
    }

    static int words(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    }
}
