package care.notification.notice;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import care.contracts.CareEvent;
import care.contracts.notification.Channel;
import care.contracts.notification.NotificationFailed;
import care.contracts.notification.NotificationSent;
import care.contracts.notification.NotificationSuppressed;
import care.contracts.notification.Purpose;
import care.contracts.notification.Recipient;
import care.kit.outbox.Outbox;
import care.notification.delivery.MessageProvider;
import care.notification.delivery.OutgoingMessage;
import care.notification.delivery.ProviderFailure;
import care.notification.delivery.ProviderUnavailable;
import care.notification.delivery.ResilientProvider;
import care.notification.policy.MessageTemplates;
import care.notification.policy.QuietHours;

/**
 * The durable timer and the sender. Every {@code care.notification.dispatch.poll-interval} (and at once
 * when woken) each instance looks for notifications whose {@code nextAttemptAt} has passed, claims each by
 * a versioned write (so exactly one instance takes it) and sends it under the rules: quiet hours defer
 * non-urgent messages, consent and the patient's preferences choose the channel, the text limits send the
 * rest by email or suppress them. Nothing is kept in memory: a notification whose time passed while no
 * instance ran goes on the first pass after a start, and one whose sender died is taken again when its
 * lease ends (the provider sees the same idempotency key).
 * <p>
 * A provider that is down (breaker open, limits reached) leaves the message waiting; a failed attempt is
 * retried with back-off and reported as NotificationFailed with {@code willRetry}; messages to the care team
 * (clinicians' alerts, a coach's notice) go at once whatever the hour, are retried until delivered, and one the
 * member's address refused goes to the on-call address.
 */
@Component
public class Dispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    /**
     * How long a patient's message waits for what intake has not reported yet. The patient's contact details and
     * consents come on intake's topics, the appointment on scheduling's: after an outage of the broker or of this
     * service they may arrive in either order, so a message whose patient is unknown, or has no contact details or
     * no consent on record yet, is tried again every {@link #PROFILE_RETRY} for this long after it was created
     * before it is suppressed. An explicit refusal (consent withdrawn, STOP) suppresses at once.
     */
    static final Duration PROFILE_WAIT = Duration.ofMinutes(15);
    static final Duration PROFILE_RETRY = Duration.ofSeconds(20);

    private final MongoTemplate mongo;
    private final Outbox outbox;
    private final Clock clock;
    private final NotificationSettings settings;
    private final Notifications notifications;
    private final Map<Channel, ResilientProvider> providers;
    private final MessageTemplates templates;
    private final DispatchSignal signal;
    private final MeterRegistry meters;
    private final String instance = UUID.randomUUID().toString();
    private volatile Thread loop;
    private volatile ExecutorService senders;

    Dispatcher(MongoTemplate mongo, Outbox outbox, Clock clock, NotificationSettings settings,
            Notifications notifications, Map<Channel, ResilientProvider> providers, MessageTemplates templates,
            DispatchSignal signal, MeterRegistry meters) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.clock = clock;
        this.settings = settings;
        this.notifications = notifications;
        this.providers = providers;
        this.templates = templates;
        this.signal = signal;
        this.meters = meters;
        meters.gauge("care.notification.alerts.undelivered", this, Dispatcher::undeliveredAlerts);
    }

    @Override
    public void start() {
        senders = Executors.newFixedThreadPool(settings.dispatch().threads(),
                Thread.ofPlatform().name("notification-sender-", 0).daemon(true).factory());
        Thread timer = Thread.ofPlatform().name("notification-timer").daemon(true).unstarted(this::run);
        loop = timer;
        timer.start();
    }

    @Override
    public void stop() {
        Thread running = loop;
        loop = null;
        if (running != null) {
            running.interrupt();
            try {
                running.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ExecutorService pool = senders;
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }

    private void run() {
        while (loop == Thread.currentThread()) {
            try {
                pass();
                signal.await(settings.dispatch().pollInterval());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("notification pass failed ({}); the next pass retries", e.getClass().getSimpleName());
                try {
                    Thread.sleep(settings.dispatch().pollInterval().toMillis());
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** One pass: claims what is due (or abandoned by a dead sender) and sends it; returns how many it took. */
    int pass() throws InterruptedException {
        Instant now = now();
        List<Notification> due = new ArrayList<>(mongo.find(Query.query(Criteria.where("status")
                .is(Notification.Status.SCHEDULED).and("nextAttemptAt").lte(now))
                .with(Sort.by("nextAttemptAt")).limit(settings.dispatch().batch()), Notification.class));
        due.addAll(mongo.find(Query.query(Criteria.where("status").is(Notification.Status.SENDING)
                .and("leaseUntil").lte(now)).limit(settings.dispatch().batch()), Notification.class));
        List<Callable<Void>> work = new ArrayList<>();
        for (Notification n : due) {
            if (claim(n, now)) {
                work.add(() -> {
                    deliverSafely(n);
                    return null;
                });
            }
        }
        if (!work.isEmpty()) {
            senders.invokeAll(work);
        }
        return work.size();
    }

    private boolean claim(Notification n, Instant now) {
        n.status = Notification.Status.SENDING;
        n.leaseUntil = now.plus(settings.dispatch().lease());
        try {
            outbox.save(n, List.of());
            return true;
        } catch (OptimisticLockingFailureException takenByAnother) {
            return false;
        }
    }

    private void deliverSafely(Notification n) {
        try {
            deliver(n);
        } catch (OptimisticLockingFailureException changed) {
            // Moved or cancelled while being sent: the change stands and the timer sees it again.
            log.info("notification {} changed while it was being sent", n.id);
        } catch (RuntimeException e) {
            log.warn("notification {} could not be processed ({}); it is tried again when its lease ends", n.id,
                    e.getClass().getSimpleName());
        }
    }

    void deliver(Notification n) {
        Instant now = now();
        if (n.recipient != Recipient.PATIENT) {
            deliverAlert(n, now);
            return;
        }
        Optional<PatientProfile> found = notifications.profile(n.patientId);
        if (found.isPresent() && found.get().erased) {
            suppress(n, NotificationSuppressed.Reason.NO_CONTACT_DETAILS, now);
            return;
        }
        if (found.isEmpty() || found.get().notReportedYet()) {
            if (waitForProfile(n, now)) {
                return;
            }
            suppress(n, found.isEmpty() || found.get().contactAt == null ? NotificationSuppressed.Reason.NO_CONTACT_DETAILS
                    : NotificationSuppressed.Reason.NO_CONSENT, now);
            return;
        }
        PatientProfile profile = found.get();
        ZoneId zone = profile.zone(settings.clinicTimeZone());
        QuietHours quiet = profile.quietHours(settings.quietHours());
        boolean aboutAppointment = n.appointmentStart != null;
        if (!n.urgent && quiet.covers(now, zone)) {
            Instant allowed = quiet.nextAllowed(now, zone);
            if (aboutAppointment && !allowed.isBefore(n.appointmentStart)) {
                n.lastFailure = "QUIET_HOURS_UNTIL_START";
                n.settle(Notification.Status.CANCELLED, now);
            } else {
                n.waitUntil(allowed);
            }
            save(n, List.of());
            return;
        }
        if (aboutAppointment && !n.appointmentStart.isAfter(now)) {
            n.lastFailure = "APPOINTMENT_STARTED";
            n.settle(Notification.Status.CANCELLED, now);
            save(n, List.of());
            return;
        }
        NotificationSuppressed.Reason refusal = null;
        Channel chosen = null;
        for (Channel channel : profile.channelsInOrder()) {
            NotificationSuppressed.Reason reason = refusal(profile, channel, n, zone, now);
            if (reason == null) {
                chosen = channel;
                break;
            }
            refusal = refusal == null ? reason : refusal;
        }
        if (chosen == null) {
            suppress(n, refusal == null ? NotificationSuppressed.Reason.NO_CONSENT : refusal, now);
            return;
        }
        MessageTemplates.Message message = templates.render(n.purpose, n.recipient, chosen,
                new MessageTemplates.Context(n.appointmentStart, zone,
                        chosen == Channel.EMAIL ? profile.preferredName : null, n.patientId));
        send(n, chosen, profile.address(chosen), message, now);
    }

    /** Why a patient's message may not go by this channel now, or null when it may. */
    private NotificationSuppressed.Reason refusal(PatientProfile profile, Channel channel, Notification n, ZoneId zone,
            Instant now) {
        if (!providers.containsKey(channel) || profile.address(channel) == null) {
            return NotificationSuppressed.Reason.NO_CONTACT_DETAILS;
        }
        if (!profile.consented(channel)) {
            return NotificationSuppressed.Reason.NO_CONSENT;
        }
        if (channel == Channel.SMS && profile.smsOptedOut) {
            return NotificationSuppressed.Reason.OPTED_OUT;
        }
        if (channel == Channel.SMS && !n.urgent) {
            return countText(n, zone, now);
        }
        return null;
    }

    /** Counts this text against the patient's limits, or says which limit stops it. */
    private NotificationSuppressed.Reason countText(Notification n, ZoneId zone, Instant now) {
        for (int attempt = 1;; attempt++) {
            PatientProfile profile = notifications.profile(n.patientId).orElseThrow();
            if (profile.textCounted(n.id)) {
                return null;
            }
            Optional<NotificationSuppressed.Reason> refused = settings.allowance().refusal(profile.textTimes(), now, zone);
            if (refused.isPresent()) {
                return refused.get();
            }
            profile.countText(n.id, now);
            try {
                outbox.save(profile, List.of());
                return null;
            } catch (OptimisticLockingFailureException concurrent) {
                if (attempt >= 5) {
                    throw concurrent;
                }
            }
        }
    }

    private void deliverAlert(Notification n, Instant now) {
        ClinicianContact contact = n.clinicianId == null || n.onCall ? null
                : mongo.findById(n.clinicianId.toString(), ClinicianContact.class);
        String address = contact == null ? null : (n.channel == Channel.SMS ? contact.phone : contact.email);
        if (address == null) {
            n.onCall = true;
            address = n.channel == Channel.SMS ? settings.onCallPhone() : settings.onCallEmail();
        }
        if (address == null || !providers.containsKey(n.channel)) {
            n.lastFailure = "NO_CONTACT_DETAILS";
            n.waitUntil(now.plus(settings.dispatch().backoff(Math.max(1, n.attempts))));
            save(n, List.of());
            return;
        }
        MessageTemplates.Message message = templates.render(n.purpose, n.recipient, n.channel,
                new MessageTemplates.Context(null, settings.clinicTimeZone(), null, n.patientId));
        send(n, n.channel, address, message, now);
    }

    private void send(Notification n, Channel channel, String address, MessageTemplates.Message message, Instant now) {
        n.channel = channel;
        try {
            MessageProvider.Accepted accepted = providers.get(channel)
                    .send(new OutgoingMessage(n.id, channel, address, message.subject(), message.body()));
            Instant at = now();
            n.attempts++;
            n.providerMessageId = accepted.providerMessageId();
            n.sentAt = at;
            n.lastFailure = null;
            if (accepted.status() == NotificationSent.Status.DELIVERED) {
                n.deliveredAt = at;
                n.settle(Notification.Status.DELIVERED, at);
            } else {
                n.settle(Notification.Status.SENT, at);
            }
            NotificationSent sent = new NotificationSent(UUID.randomUUID(), n.patientId, at, n.id, channel, n.purpose,
                    n.recipient, n.referenceId, accepted.status(), n.attempts);
            try {
                save(n, List.of(sent));
            } catch (OptimisticLockingFailureException changed) {
                keepSent(n, sent);
            }
            meters.counter("care.notification.sent", "channel", channel.name(), "purpose", n.purpose.name())
                    .increment();
        } catch (ProviderUnavailable unavailable) {
            n.lastFailure = "PROVIDER_UNAVAILABLE";
            n.waitUntil(now().plus(settings.dispatch().unavailableWait()));
            save(n, List.of());
        } catch (ProviderFailure failure) {
            failed(n, failure.retryable(), failure.failure(), NotificationFailed.Status.FAILED, now());
        }
    }

    /**
     * The message went out, but the notification changed meanwhile. Unless it was moved to another time (a
     * rescheduled appointment, which needs a reminder of its own), it is recorded as sent, so that it is
     * never sent again.
     */
    private void keepSent(Notification mine, NotificationSent sent) {
        notifications.change(mine.id, n -> {
            if (!n.status.pending() || !n.dueAt.equals(mine.dueAt)) {
                return List.of();
            }
            n.channel = mine.channel;
            n.attempts = Math.max(n.attempts, mine.attempts);
            n.providerMessageId = mine.providerMessageId;
            n.sentAt = mine.sentAt;
            n.deliveredAt = mine.deliveredAt;
            n.lastFailure = null;
            n.settle(mine.status, mine.settledAt);
            return List.of(sent);
        });
    }

    /** A failed attempt (or a provider's failure report): tried again, sent elsewhere, or given up. */
    List<CareEvent> failedEvents(Notification n, boolean retryable, NotificationFailed.Failure failure,
            NotificationFailed.Status status, Instant now) {
        boolean retry;
        boolean toOnCall = false;
        if (n.urgent) {
            // An alert is never given up: one the clinician's address refused goes to the on-call address at once.
            toOnCall = !retryable && !n.onCall;
            n.onCall = n.onCall || toOnCall;
            retry = true;
        } else {
            retry = retryable && n.attempts < settings.dispatch().maxAttempts();
        }
        n.lastFailure = failure.name();
        if (retry) {
            n.waitUntil(toOnCall ? now : now.plus(settings.dispatch().backoff(n.attempts)));
        } else {
            n.settle(Notification.Status.FAILED, now);
        }
        meters.counter("care.notification.failed", "channel", n.channel.name(), "failure", failure.name()).increment();
        return List.of(new NotificationFailed(UUID.randomUUID(), n.patientId, now, n.id, n.channel, n.purpose,
                n.recipient, n.referenceId, status, failure, Math.max(1, n.attempts), retry));
    }

    private void failed(Notification n, boolean retryable, NotificationFailed.Failure failure,
            NotificationFailed.Status status, Instant now) {
        n.attempts++;
        save(n, failedEvents(n, retryable, failure, status, now));
    }

    /** Leaves the message waiting for the patient's profile while {@link #PROFILE_WAIT} lasts; false once it is over. */
    private boolean waitForProfile(Notification n, Instant now) {
        Instant created = n.createdAt == null ? now : n.createdAt;
        if (!now.isBefore(created.plus(PROFILE_WAIT))) {
            return false;
        }
        n.lastFailure = "PATIENT_PROFILE_NOT_YET_KNOWN";
        n.waitUntil(now.plus(PROFILE_RETRY));
        save(n, List.of());
        log.info("notification {}: the patient's contact details or consents are not known yet; tried again at {}",
                n.id, n.nextAttemptAt);
        return true;
    }

    private void suppress(Notification n, NotificationSuppressed.Reason reason, Instant now) {
        n.suppressedReason = reason;
        n.settle(Notification.Status.SUPPRESSED, now);
        save(n, List.of(new NotificationSuppressed(UUID.randomUUID(), n.patientId, now, n.id, n.channel, n.purpose,
                n.recipient, n.referenceId, reason)));
        meters.counter("care.notification.suppressed", "reason", reason.name()).increment();
    }

    private void save(Notification n, List<? extends CareEvent> events) {
        outbox.save(n, events);
    }

    private double undeliveredAlerts() {
        try {
            return mongo.count(Query.query(Criteria.where("recipient").is(Recipient.CLINICIAN)
                    .and("status").in(Notification.Status.SCHEDULED, Notification.Status.SENDING)
                    .and("purpose").in(Purpose.SAFETY_ESCALATION, Purpose.MONITOR_CHECK_ESCALATION)), Notification.class);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
