package care.notification.notice;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import care.contracts.CareEvent;
import care.contracts.notification.Channel;
import care.contracts.notification.NotificationFailed;
import care.contracts.notification.NotificationSent;

/**
 * What providers report back through their (signed) webhooks: delivery status of a message, and a
 * patient's reply. STOP and its usual synonyms opt the number out of texts at once; START opts it back in.
 */
@Component
public class ProviderReports {

    /** Opt-out words carriers and the CTIA guidelines expect to be honoured. */
    static final Set<String> STOP_WORDS = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT",
            "REVOKE");
    static final Set<String> START_WORDS = Set.of("START", "UNSTOP", "YES");

    /** The outcome of a report, for the webhook's answer. */
    public enum Outcome { APPLIED, ALREADY_KNOWN, UNKNOWN_MESSAGE, UNKNOWN_NUMBER, IGNORED }

    private final MongoTemplate mongo;
    private final Notifications notifications;
    private final Dispatcher dispatcher;

    ProviderReports(MongoTemplate mongo, Notifications notifications, Dispatcher dispatcher) {
        this.mongo = mongo;
        this.notifications = notifications;
        this.dispatcher = dispatcher;
    }

    /** A delivery status: queued, sent, delivered, undelivered or failed. */
    public Outcome status(Channel channel, UUID reference, String providerMessageId, String status) {
        Notification known = mongo.findById(reference, Notification.class);
        if (known == null || known.channel != channel || known.providerMessageId == null
                || !known.providerMessageId.equals(providerMessageId)) {
            return Outcome.UNKNOWN_MESSAGE;
        }
        String reported = status.toLowerCase(Locale.ROOT);
        Outcome[] outcome = { Outcome.ALREADY_KNOWN };
        notifications.change(reference, n -> {
            if (n.status != Notification.Status.SENT && !(n.status == Notification.Status.DELIVERED
                    && reported.equals("delivered"))) {
                // Only a message handed over and not yet settled can change; a later attempt has its own report.
                outcome[0] = Outcome.ALREADY_KNOWN;
                return List.of();
            }
            if (!providerMessageId.equals(n.providerMessageId)) {
                outcome[0] = Outcome.UNKNOWN_MESSAGE;
                return List.of();
            }
            Instant now = notifications.now();
            switch (reported) {
                case "delivered" -> {
                    if (n.status == Notification.Status.DELIVERED) {
                        return List.of();
                    }
                    n.deliveredAt = now;
                    n.settle(Notification.Status.DELIVERED, now);
                    outcome[0] = Outcome.APPLIED;
                    return List.<CareEvent>of(new NotificationSent(UUID.randomUUID(), n.patientId, now, n.id, n.channel,
                            n.purpose, n.recipient, n.referenceId, NotificationSent.Status.DELIVERED,
                            Math.max(1, n.attempts)));
                }
                case "undelivered", "failed" -> {
                    outcome[0] = Outcome.APPLIED;
                    return dispatcher.failedEvents(n, false, NotificationFailed.Failure.CARRIER_REJECTED,
                            reported.equals("failed") ? NotificationFailed.Status.FAILED
                                    : NotificationFailed.Status.UNDELIVERED, now);
                }
                default -> {
                    outcome[0] = Outcome.IGNORED;
                    return List.of();
                }
            }
        });
        return outcome[0];
    }

    /** A text from a patient: STOP opts their number out at once, START back in; anything else is ignored. */
    public Outcome inbound(String from, String body) {
        String word = body == null ? "" : body.strip().toUpperCase(Locale.ROOT);
        boolean stop = STOP_WORDS.contains(word);
        boolean start = START_WORDS.contains(word);
        if (!stop && !start) {
            return Outcome.IGNORED;
        }
        List<PatientProfile> owners = mongo.find(Query.query(Criteria.where("phone").is(from)), PatientProfile.class);
        if (owners.isEmpty()) {
            return Outcome.UNKNOWN_NUMBER;
        }
        Instant now = notifications.now();
        for (PatientProfile owner : owners) {
            notifications.changeProfile(UUID.fromString(owner.id), profile -> {
                if (from.equals(profile.phone)) {
                    profile.smsOptedOut = stop;
                    profile.smsOptedOutAt = now;
                }
            });
        }
        return Outcome.APPLIED;
    }
}
