package care.notification.notice;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

import care.contracts.CareEvent;
import care.contracts.notification.Channel;
import care.contracts.notification.NotificationFailed;
import care.contracts.notification.NotificationScheduled;
import care.contracts.notification.NotificationSent;
import care.contracts.notification.NotificationSuppressed;
import care.contracts.notification.Purpose;
import care.contracts.notification.Recipient;
import care.kit.domain.Aggregate;
import care.kit.domain.DerivedIds;
import care.notification.policy.ReminderPlan;
import care.notification.policy.Retries;

/**
 * One message to one recipient, and its own durable timer: {@link #nextAttemptAt} is when an instance
 * should next try to send it, and a notification is claimed for sending by a versioned write, so with
 * several instances exactly one sends it. Its id derives from what it is about (the purpose, the event's
 * subject and, for reminders, the offset), so the same event delivered again finds it instead of making a
 * second one. It holds no address and no text: addresses are read from the patient's contact projection
 * (or the clinician's contact) when it is sent, and the text is rendered then.
 * <p>
 * Its methods are its life: each takes the time (and the retry rules where they apply), checks that the
 * change is allowed from where the notification is, changes it and returns the events the change causes.
 * Its annotations say how it is stored: the collection and the indexes its readers use.
 * <p>
 * Longer than 300 lines: it is one state machine (scheduling, moving, sending, failing, delivery reports), kept in
 * one class so that every transition is checked against the same state in one place.
 */
@Aggregate
@Document("notifications")
// The timer's due notifications, a patient's list, an appointment's reminders. Unnamed: the store names them from
// their keys, as it always has.
@CompoundIndex(def = "{'status': 1, 'nextAttemptAt': 1}")
@CompoundIndex(def = "{'patientId': 1}")
@CompoundIndex(def = "{'referenceId': 1}")
public class Notification {

    /** Where it is in its life. */
    public enum Status {
        /** Waiting for its time, for the end of quiet hours, or for a provider to recover. */
        SCHEDULED,
        /** Claimed by an instance that is sending it (until {@link #leaseUntil}). */
        SENDING,
        /** Handed to the provider. */
        SENT,
        /** The provider reported delivery. */
        DELIVERED,
        /** Could not be delivered and will not be tried again. */
        FAILED,
        /** Not sent by rule (see {@link #suppressedReason}). */
        SUPPRESSED,
        /** No longer needed: the appointment moved or was cancelled, the preparation was done. */
        CANCELLED;

        public boolean pending() {
            return this == SCHEDULED || this == SENDING;
        }
    }

    @Id
    UUID id;
    @Version
    Long version;
    UUID patientId;
    Purpose purpose;
    Recipient recipient;
    /** For a message to the care team: the clinician's (or coach's) id (null: the on-call address). */
    UUID clinicianId;
    /** The appointment, session, escalation, emergency-access grant or plan it is about. */
    UUID referenceId;
    boolean urgent;
    /** The channel it was planned for, then the one it went by. A message to the care team keeps its channel. */
    Channel channel;
    /** For appointment reminders and preparation reminders: the appointment's start and the offset. */
    Instant appointmentStart;
    Duration offset;
    Instant dueAt;
    Instant nextAttemptAt;
    Status status;
    Instant leaseUntil;
    int attempts;
    String providerMessageId;
    Instant sentAt;
    Instant deliveredAt;
    Instant settledAt;
    NotificationSuppressed.Reason suppressedReason;
    /** A failure code (never a message text or address). */
    String lastFailure;
    /** A care-team message that could not reach the member goes to the on-call address. */
    boolean onCall;
    Instant createdAt;

    Notification() {
    }

    /** The id of the notification about these parts: {@code PURPOSE:part1:part2…}, as it always was. */
    static UUID idFor(Purpose purpose, Object... parts) {
        StringBuilder key = new StringBuilder(purpose.name());
        for (Object part : parts) {
            key.append(':').append(part);
        }
        return DerivedIds.of(key.toString());
    }

    static Notification scheduled(UUID id, UUID patientId, Purpose purpose, Recipient recipient, UUID referenceId,
            Channel channel, boolean urgent, Instant dueAt, Instant now) {
        Notification n = new Notification();
        n.id = id;
        n.patientId = patientId;
        n.purpose = purpose;
        n.recipient = recipient;
        n.referenceId = referenceId;
        n.channel = channel;
        n.urgent = urgent;
        n.dueAt = dueAt;
        n.nextAttemptAt = dueAt;
        n.status = Status.SCHEDULED;
        n.createdAt = now;
        return n;
    }

    /** A reminder of an appointment (or of its preparation), {@code offset} before its start. */
    Notification aboutAppointment(Instant start, Duration offset) {
        this.appointmentStart = start;
        this.offset = offset;
        return this;
    }

    /** A message to a member of the care team ({@code staffId} null, or {@code onCall}: the on-call service). */
    Notification toCareTeam(UUID staffId, boolean onCall) {
        this.clinicianId = staffId;
        this.onCall = onCall;
        return this;
    }

    NotificationScheduled scheduledEvent(Instant now) {
        return new NotificationScheduled(UUID.randomUUID(), patientId, now, id, channel, purpose, recipient,
                referenceId, dueAt, urgent);
    }

    /** The notification as it was first written, with its NotificationScheduled event. */
    List<CareEvent> created() {
        return List.of(scheduledEvent(createdAt));
    }

    // ---- the appointment it is about changed ----

    /**
     * The appointment moved: a pending reminder moves to its new time ({@code planned}), one already sent for the
     * old time is armed again for the new, and one the new plan has no place for is cancelled.
     */
    List<CareEvent> reminderMoved(Instant newStart, ReminderPlan.Reminder planned, Instant now) {
        if (newStart.equals(appointmentStart) || status == Status.CANCELLED) {
            return List.of();
        }
        appointmentStart = newStart;
        if (planned == null) {
            if (status.pending()) {
                settle(Status.CANCELLED, now);
            }
            return List.of();
        }
        dueAt = planned.dueAt();
        if (!status.pending()) {
            attempts = 0;
            providerMessageId = null;
            sentAt = null;
            deliveredAt = null;
            settledAt = null;
            suppressedReason = null;
            lastFailure = null;
            onCall = false;
        }
        waitUntil(planned.dueAt());
        return List.of(scheduledEvent(now));
    }

    /** The session moved: a pending preparation reminder goes at {@code due}, or is cancelled when there is none. */
    List<CareEvent> preparationMoved(Instant newStart, Optional<Instant> due, Instant now) {
        if (!status.pending()) {
            return List.of();
        }
        appointmentStart = newStart;
        if (due.isPresent()) {
            dueAt = due.get();
            waitUntil(due.get());
        } else {
            settle(Status.CANCELLED, now);
        }
        return List.of();
    }

    /** The appointment was cancelled: a pending reminder is suppressed, and says so. */
    List<CareEvent> appointmentCancelled(Instant now) {
        if (!status.pending()) {
            return List.of();
        }
        settle(Status.CANCELLED, now);
        suppressedReason = NotificationSuppressed.Reason.APPOINTMENT_CANCELLED;
        return List.of(new NotificationSuppressed(UUID.randomUUID(), patientId, now, id, channel, purpose, recipient,
                referenceId, NotificationSuppressed.Reason.APPOINTMENT_CANCELLED));
    }

    /** No longer needed (a missed appointment, a preparation done): a pending one is cancelled quietly. */
    List<CareEvent> noLongerNeeded(Instant now) {
        if (status.pending()) {
            settle(Status.CANCELLED, now);
        }
        return List.of();
    }

    // ---- sending ----

    /** Whether an instance may take it now: its time has come, or the instance sending it let its lease run out. */
    boolean claimable(Instant now) {
        return status == Status.SCHEDULED && nextAttemptAt != null && !nextAttemptAt.isAfter(now)
                || status == Status.SENDING && leaseUntil != null && !leaseUntil.isAfter(now);
    }

    /** Takes it for sending until {@code now + lease}; false when it is not to be taken now. */
    boolean claim(Instant now, Duration lease) {
        if (!claimable(now)) {
            return false;
        }
        status = Status.SENDING;
        leaseUntil = now.plus(lease);
        return true;
    }

    /** Not now: tried again at {@code at} (the end of the quiet hours), the last failure kept as it is. */
    void deferUntil(Instant at) {
        waitUntil(at);
    }

    /** Not now: tried again at {@code at}, for the reason given (a code, never a text or an address). */
    void deferUntil(Instant at, String reason) {
        lastFailure = reason;
        waitUntil(at);
    }

    /** Not at all, for the reason given (a code): e.g. the quiet hours last until the appointment starts. */
    void cancel(String reason, Instant now) {
        lastFailure = reason;
        settle(Status.CANCELLED, now);
    }

    /** Not sent by rule. */
    List<CareEvent> suppress(NotificationSuppressed.Reason reason, Instant now) {
        suppressedReason = reason;
        settle(Status.SUPPRESSED, now);
        return List.of(new NotificationSuppressed(UUID.randomUUID(), patientId, now, id, channel, purpose, recipient,
                referenceId, reason));
    }

    /** The channel it is being sent by: the patient's first allowed one (a care-team message keeps its own). */
    void goesBy(Channel by) {
        channel = by;
    }

    /** A care-team message whose member has no address for its channel goes to the on-call service. */
    void toOnCall() {
        onCall = true;
    }

    /** The provider took the message (and may already have delivered it). */
    List<CareEvent> sent(Channel by, String messageId, NotificationSent.Status accepted, Instant at) {
        channel = by;
        attempts++;
        providerMessageId = messageId;
        sentAt = at;
        lastFailure = null;
        if (accepted == NotificationSent.Status.DELIVERED) {
            deliveredAt = at;
            settle(Status.DELIVERED, at);
        } else {
            settle(Status.SENT, at);
        }
        return List.of(new NotificationSent(UUID.randomUUID(), patientId, at, id, channel, purpose, recipient,
                referenceId, accepted, attempts));
    }

    /**
     * The message went out (as {@code mine} records) while this stored copy changed. Unless it was moved to another
     * time (a rescheduled appointment, which needs a reminder of its own), it is recorded as sent, so that it is
     * never sent again.
     */
    List<CareEvent> sentMeanwhile(Notification mine, List<CareEvent> sent) {
        if (!status.pending() || !dueAt.equals(mine.dueAt)) {
            return List.of();
        }
        channel = mine.channel;
        attempts = Math.max(attempts, mine.attempts);
        providerMessageId = mine.providerMessageId;
        sentAt = mine.sentAt;
        deliveredAt = mine.deliveredAt;
        lastFailure = null;
        settle(mine.status, mine.settledAt);
        return sent;
    }

    /** An attempt failed: counted, then tried again, sent elsewhere or given up. */
    List<CareEvent> attemptFailed(boolean retryable, NotificationFailed.Failure failure, Retries retries,
            Instant now) {
        attempts++;
        return failed(retryable, failure, NotificationFailed.Status.FAILED, retries, now);
    }

    /**
     * A failure (of an attempt, or reported later by the provider): tried again with back-off, or given up. An
     * alert is never given up: one the clinician's address refused goes to the on-call address at once.
     */
    List<CareEvent> failed(boolean retryable, NotificationFailed.Failure failure, NotificationFailed.Status reported,
            Retries retries, Instant now) {
        boolean toOnCall = urgent && !retryable && !onCall;
        onCall = onCall || toOnCall;
        boolean retry = retries.tryAgain(urgent, retryable, attempts);
        lastFailure = failure.name();
        if (retry) {
            waitUntil(toOnCall ? now : now.plus(retries.after(attempts)));
        } else {
            settle(Status.FAILED, now);
        }
        return List.of(new NotificationFailed(UUID.randomUUID(), patientId, now, id, channel, purpose, recipient,
                referenceId, reported, failure, Math.max(1, attempts), retry));
    }

    /** What a provider's delivery report did. */
    enum Report { APPLIED, ALREADY_KNOWN, UNKNOWN_MESSAGE, IGNORED }

    /** A delivery report and the events it causes. */
    record Reported(Report outcome, List<CareEvent> events) {
    }

    /**
     * The provider reports the message {@code messageId} delivered, undelivered or failed. Only a message handed
     * over and not yet settled can change (a delivered one may be reported delivered again); a later attempt has
     * its own report.
     */
    Reported deliveryReported(String messageId, String reported, Retries retries, Instant now) {
        if (status != Status.SENT && !(status == Status.DELIVERED && reported.equals("delivered"))) {
            return new Reported(Report.ALREADY_KNOWN, List.of());
        }
        if (!messageId.equals(providerMessageId)) {
            return new Reported(Report.UNKNOWN_MESSAGE, List.of());
        }
        return switch (reported) {
            case "delivered" -> {
                if (status == Status.DELIVERED) {
                    yield new Reported(Report.ALREADY_KNOWN, List.of());
                }
                deliveredAt = now;
                settle(Status.DELIVERED, now);
                yield new Reported(Report.APPLIED, List.of(new NotificationSent(UUID.randomUUID(), patientId, now, id,
                        channel, purpose, recipient, referenceId, NotificationSent.Status.DELIVERED,
                        Math.max(1, attempts))));
            }
            case "undelivered", "failed" -> new Reported(Report.APPLIED, failed(false,
                    NotificationFailed.Failure.CARRIER_REJECTED, reported.equals("failed")
                            ? NotificationFailed.Status.FAILED : NotificationFailed.Status.UNDELIVERED, retries, now));
            default -> new Reported(Report.IGNORED, List.of());
        };
    }

    private void settle(Status to, Instant at) {
        this.status = to;
        this.nextAttemptAt = null;
        this.leaseUntil = null;
        this.settledAt = at;
    }

    private void waitUntil(Instant at) {
        this.status = Status.SCHEDULED;
        this.nextAttemptAt = at;
        this.leaseUntil = null;
    }
}
