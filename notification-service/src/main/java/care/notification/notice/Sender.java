package care.notification.notice;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;

import care.contracts.CareEvent;
import care.contracts.notification.Channel;
import care.contracts.notification.NotificationFailed;
import care.contracts.notification.NotificationSuppressed;
import care.kit.outbox.Outbox;
import care.notification.delivery.MessageProvider;
import care.notification.delivery.OutgoingMessage;
import care.notification.delivery.ProviderFailure;
import care.notification.delivery.ProviderUnavailable;
import care.notification.delivery.ResilientProvider;
import care.notification.policy.MessageTemplates;
import care.notification.policy.Retries;

/**
 * Hands a claimed notification to its channel's provider and records what came of it: sent (or delivered), tried
 * again with back-off after a failure, left waiting while the provider is down, or suppressed by rule. Messages to
 * the care team go by their own channel to the member's address, or the on-call address when the member has none.
 */
@Component
class Sender {

    private final Outbox outbox;
    private final Clock clock;
    private final NotificationSettings settings;
    private final NotificationRecords records;
    private final NotificationQueries queries;
    private final Map<Channel, ResilientProvider> providers;
    private final MessageTemplates templates;
    private final MeterRegistry meters;
    private final Retries retries;

    Sender(Outbox outbox, Clock clock, NotificationSettings settings, NotificationRecords records,
            NotificationQueries queries, Map<Channel, ResilientProvider> providers, MessageTemplates templates,
            MeterRegistry meters) {
        this.outbox = outbox;
        this.clock = clock;
        this.settings = settings;
        this.records = records;
        this.queries = queries;
        this.providers = providers;
        this.templates = templates;
        this.meters = meters;
        this.retries = settings.dispatch().retries();
    }

    boolean offers(Channel channel) {
        return providers.containsKey(channel);
    }

    /** A message to a member of the care team. */
    void deliverAlert(Notification n, Instant now) {
        ClinicianContact contact = n.clinicianId == null || n.onCall ? null
                : queries.clinicianContact(n.clinicianId).orElse(null);
        String address = contact == null ? null : (n.channel == Channel.SMS ? contact.phone : contact.email);
        if (address == null) {
            n.toOnCall();
            address = n.channel == Channel.SMS ? settings.onCallPhone() : settings.onCallEmail();
        }
        if (address == null || !providers.containsKey(n.channel)) {
            n.deferUntil(now.plus(retries.after(Math.max(1, n.attempts))), "NO_CONTACT_DETAILS");
            save(n, List.of());
            return;
        }
        MessageTemplates.Message message = templates.render(n.purpose, n.recipient, n.channel,
                new MessageTemplates.Context(null, settings.clinicTimeZone(), null, n.patientId));
        send(n, n.channel, address, message);
    }

    /** Sends the message by {@code channel} to {@code address}, and records the outcome. */
    void send(Notification n, Channel channel, String address, MessageTemplates.Message message) {
        n.goesBy(channel);
        try {
            MessageProvider.Accepted accepted = providers.get(channel)
                    .send(new OutgoingMessage(n.id, channel, address, message.subject(), message.body()));
            List<CareEvent> sent = n.sent(channel, accepted.providerMessageId(), accepted.status(), now());
            try {
                save(n, sent);
            } catch (OptimisticLockingFailureException changed) {
                // Not a retry of the send: the message went. The stored copy records it unless it was moved.
                records.change(n.id, stored -> stored.sentMeanwhile(n, sent));
            }
            meters.counter("care.notification.sent", "channel", channel.name(), "purpose", n.purpose.name())
                    .increment();
        } catch (ProviderUnavailable unavailable) {
            n.deferUntil(now().plus(settings.dispatch().unavailableWait()), "PROVIDER_UNAVAILABLE");
            save(n, List.of());
        } catch (ProviderFailure failure) {
            List<CareEvent> failed = n.attemptFailed(failure.retryable(), failure.failure(), retries, now());
            countFailure(n, failure.failure());
            save(n, failed);
        }
    }

    void suppress(Notification n, NotificationSuppressed.Reason reason, Instant now) {
        save(n, n.suppress(reason, now));
        meters.counter("care.notification.suppressed", "reason", reason.name()).increment();
    }

    void countFailure(Notification n, NotificationFailed.Failure failure) {
        meters.counter("care.notification.failed", "channel", n.channel.name(), "failure", failure.name()).increment();
    }

    void save(Notification n, List<? extends CareEvent> events) {
        outbox.save(n, events);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
