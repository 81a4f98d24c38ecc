package care.notification.notice;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import care.kit.lifecycle.PeriodicPass;
import care.kit.problem.ProblemException;

/**
 * The webhook signatures already accepted, so that each is accepted once: a captured call replayed within
 * the signature's tolerance (a START sent again after the patient texted STOP, say) is refused. They are kept
 * in this service's store, collection {@value #COLLECTION}, so every instance sees them:
 * {@code {_id: <replay key>, acceptedAt, expiresAt}}, written by one insert whose duplicate key is the replay.
 * A record is kept until its signature's timestamp has left the tolerance (plus {@link #CLOCK_MARGIN} for
 * instances whose clocks differ), after which the timestamp check refuses the signature anyway. The TTL index on
 * {@code expiresAt} (declared by {@link AcceptedSignature}) lets MongoDB remove them; since the embedded store does not enforce TTL indexes, every
 * instance also deletes expired records itself every {@code care.notification.webhook-purge-interval}
 * (default 1 minute).
 */
@Component
public class AcceptedSignatures extends PeriodicPass {

    static final String COLLECTION = "webhook_signatures";
    /** Extra time a record is kept, for instances whose clocks are a little apart. */
    static final Duration CLOCK_MARGIN = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(AcceptedSignatures.class);

    private final MongoTemplate mongo;
    private final Clock clock;
    private final Duration tolerance;

    AcceptedSignatures(MongoTemplate mongo, Clock clock, WebhookSignature signature,
            @Value("${care.notification.webhook-purge-interval:PT1M}") Duration purgeInterval) {
        super("webhook-signature-purge", purgeInterval, purgeInterval);
        this.mongo = mongo;
        this.clock = clock;
        this.tolerance = signature.tolerance();
    }

    /**
     * Records a verified call before anything is done with it.
     *
     * @throws ProblemException 401 {@code webhook-replayed} when this signature was accepted before; 503
     *                          {@code webhook-unrecorded} when it could not be recorded (the store is down): in
     *                          either case the call must change nothing
     */
    void acceptOnce(WebhookSignature.Verified call, Instant now) {
        Instant expiresAt = call.signedAt().plus(tolerance).plus(CLOCK_MARGIN);
        try {
            mongo.insert(new Document("_id", call.replayKey()).append("acceptedAt", Date.from(now))
                    .append("expiresAt", Date.from(expiresAt)), COLLECTION);
        } catch (DuplicateKeyException replayed) {
            throw new ProblemException(HttpStatus.UNAUTHORIZED, "webhook-replayed", "Unauthorized",
                    "This signature was already used; each call must be signed anew.");
        } catch (RuntimeException unrecorded) {
            log.warn("webhook signature could not be recorded ({}); the call is refused",
                    unrecorded.getClass().getSimpleName());
            ProblemException problem = new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "webhook-unrecorded",
                    "Service unavailable", "The call could not be recorded, so nothing was changed. Try again shortly.");
            problem.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
            throw problem;
        }
    }

    /** Deletes the records whose signatures can no longer verify; returns how many. */
    long purgeExpired() {
        return mongo.remove(Query.query(Criteria.where("expiresAt").lt(Date.from(clock.instant()))), COLLECTION)
                .getDeletedCount();
    }

    @Override
    protected void pass() {
        purgeExpired();
    }
}
