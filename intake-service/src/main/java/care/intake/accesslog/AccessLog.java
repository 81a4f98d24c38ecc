package care.intake.accesslog;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import care.contracts.audit.AccessRecorded;

/**
 * Every patient's accounting of access: each AccessRecorded any service publishes (intake's own included), kept
 * in {@value #COLLECTION} under its event id, so a redelivered event is stored once.
 */
@Component
public class AccessLog {

    public static final String COLLECTION = "access_log";
    private static final Logger log = LoggerFactory.getLogger(AccessLog.class);

    private final MongoTemplate mongo;

    AccessLog(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    void store(AccessRecorded recorded) {
        try {
            mongo.insert(AccessLogEntry.of(recorded));
        } catch (DuplicateKeyException alreadyStored) {
            log.debug("AccessRecorded {} is in the access log already", recorded.eventId());
        }
    }

    /** A page of the patient's entries, newest first. */
    List<AccessLogEntry> page(String patientId, int page, int size) {
        Query query = Query.query(Criteria.where("patientId").is(patientId))
                .with(Sort.by(Sort.Order.desc("at"), Sort.Order.desc("_id"))).skip((long) page * size).limit(size);
        return mongo.find(query, AccessLogEntry.class);
    }
}
