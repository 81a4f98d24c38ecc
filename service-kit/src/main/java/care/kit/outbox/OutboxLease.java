package care.kit.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.TimeUnit;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * One relay per service publishes at a time: the holder of this lease, a single document renewed on
 * every round. If the holder dies, another instance takes over once the lease has run out. Because only
 * one instance publishes, a patient's events cannot overtake each other between instances.
 */
class OutboxLease {

    static final String COLLECTION = "outbox_lease";
    static final long RELEASE_TIMEOUT_MILLIS = 2000;
    private static final String ID = "relay";
    private static final Logger log = LoggerFactory.getLogger(OutboxLease.class);

    private final MongoTemplate mongo;
    private final String owner;
    private final Duration leaseTime;
    private final Clock clock;

    OutboxLease(MongoTemplate mongo, String owner, Duration leaseTime, Clock clock) {
        this.mongo = mongo;
        this.owner = owner;
        this.leaseTime = leaseTime;
        this.clock = clock;
    }

    /** Takes or renews the lease; false when another live instance holds it. */
    boolean acquire() {
        Date now = Date.from(clock.instant());
        Date until = Date.from(clock.instant().plus(leaseTime));
        try {
            var result = mongo.getCollection(COLLECTION).updateOne(
                    Filters.and(Filters.eq("_id", ID), Filters.or(Filters.eq("owner", owner), Filters.lt("until", now))),
                    Updates.combine(Updates.set("owner", owner), Updates.set("until", until)),
                    new UpdateOptions().upsert(true));
            return result.getMatchedCount() > 0 || result.getUpsertedId() != null;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Gives the lease up (on shutdown) so another instance need not wait for it to run out. Best effort
     * within {@value #RELEASE_TIMEOUT_MILLIS} ms: with the store unreachable, shutdown goes on and the lease
     * simply runs out.
     */
    void release() {
        try {
            mongo.getCollection(COLLECTION).withTimeout(RELEASE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                    .deleteOne(Filters.and(Filters.eq("_id", ID), Filters.eq("owner", owner)));
        } catch (RuntimeException e) {
            log.info("outbox lease not released ({}); it runs out by itself", e.getClass().getSimpleName());
        }
    }

    String owner() {
        return owner;
    }

    Document state() {
        return mongo.getCollection(COLLECTION).find(Filters.eq("_id", ID)).first();
    }
}
