package care.kit.audit;

import java.time.Clock;
import java.util.Date;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Who read personal data, and who was refused what: one record per access in the service's own
 * {@value #COLLECTION} collection (and a log line). Records name the actor (a user id), the action, the
 * patient id and the outcome; never the data itself.
 */
public class AuditTrail {

    public static final String COLLECTION = "audit_log";
    private static final Logger log = LoggerFactory.getLogger("care.audit");

    private final MongoTemplate mongo;
    private final Clock clock;

    public AuditTrail(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    /** Kinds of audited access. */
    public enum Outcome {
        /** Personal data was read. */
        READ,
        /** Access was refused. */
        DENIED
    }

    public void record(String actor, String action, String patientId, Outcome outcome) {
        Document entry = new Document("at", Date.from(clock.instant())).append("actor", actor)
                .append("action", action).append("patientId", patientId).append("outcome", outcome.name());
        log.info("audit {} {} by {} on patient {}", outcome, action, actor, patientId);
        try {
            mongo.getCollection(COLLECTION).insertOne(entry);
        } catch (RuntimeException e) {
            // The request itself must not fail because the audit store is down; the log line remains.
            log.error("audit record not stored ({})", e.getClass().getSimpleName());
        }
    }
}
