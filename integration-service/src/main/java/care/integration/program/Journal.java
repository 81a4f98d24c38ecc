package care.integration.program;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

import care.kit.outbox.Outbox;

/**
 * The patient's journal: entries answer an assigned prompt or are free. The text and mood stay here; the
 * event says only that an entry exists, which prompt it answers and how many words it has.
 */
@Service
public class Journal {

    private final CarePathQueries paths;
    private final MongoTemplate mongo;
    private final Outbox outbox;
    private final Clock clock;

    Journal(CarePathQueries paths, MongoTemplate mongo, Outbox outbox, Clock clock) {
        this.paths = paths;
        this.mongo = mongo;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Stores an entry in the patient's active program, or returns the one already stored under the same idempotency
     * key (also when the same key is written twice at once).
     *
     * @param promptId the assigned prompt it answers, or {@code null} for free journaling
     */
    public JournalEntry write(String patientId, String promptId, String text, Integer mood, String idempotencyKey) {
        Program program = paths.get(patientId).activeProgram();
        String id = idempotencyKey == null ? UUID.randomUUID().toString()
                : JournalEntry.idFor(patientId, idempotencyKey);
        return outbox.upsert(
                () -> idempotencyKey == null ? Optional.empty() : Optional.ofNullable(mongo.findById(id, JournalEntry.class)),
                () -> new JournalEntry(id),
                entry -> entry.isStored() ? null : entry.write(patientId, program, promptId, text, mood, clock.instant()));
    }
}
