package care.notification.notice;

import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Service;

import care.contracts.notification.Channel;
import care.contracts.notification.NotificationFailed;
import care.notification.policy.Retries;

/**
 * What providers report back through their (signed) webhooks: delivery status of a message, and a
 * patient's reply. STOP and its usual synonyms opt the number out of texts at once; START opts it back in.
 */
@Service
public class ProviderReports {

    /** Opt-out words carriers and the CTIA guidelines expect to be honoured. */
    static final Set<String> STOP_WORDS = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT",
            "REVOKE");
    static final Set<String> START_WORDS = Set.of("START", "UNSTOP", "YES");

    /** The outcome of a report, for the webhook's answer. */
    public enum Outcome { APPLIED, ALREADY_KNOWN, UNKNOWN_MESSAGE, UNKNOWN_NUMBER, IGNORED }

    private final NotificationRecords records;
    private final NotificationQueries queries;
    private final PatientProfiles profiles;
    private final Sender sender;
    private final Retries retries;

    ProviderReports(NotificationRecords records, NotificationQueries queries, PatientProfiles profiles,
            Sender sender, NotificationSettings settings) {
        this.records = records;
        this.queries = queries;
        this.profiles = profiles;
        this.sender = sender;
        this.retries = settings.dispatch().retries();
    }

    /** A delivery status: queued, sent, delivered, undelivered or failed. */
    public Outcome status(Channel channel, UUID reference, String providerMessageId, String status) {
        Notification known = queries.notification(reference).orElse(null);
        if (known == null || known.channel != channel || known.providerMessageId == null
                || !known.providerMessageId.equals(providerMessageId)) {
            return Outcome.UNKNOWN_MESSAGE;
        }
        String reported = status.toLowerCase(Locale.ROOT);
        Outcome[] outcome = { Outcome.ALREADY_KNOWN };
        records.change(reference, n -> {
            Notification.Reported report = n.deliveryReported(providerMessageId, reported, retries, records.now());
            outcome[0] = Outcome.valueOf(report.outcome().name());
            if (report.outcome() == Notification.Report.APPLIED && !reported.equals("delivered")) {
                sender.countFailure(n, NotificationFailed.Failure.CARRIER_REJECTED);
            }
            return report.events();
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
        return profiles.replied(from, stop, records.now()) ? Outcome.APPLIED : Outcome.UNKNOWN_NUMBER;
    }
}
