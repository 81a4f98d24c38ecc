package care.notification.notice;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

import care.contracts.notification.Channel;
import care.contracts.notification.NotificationSuppressed;
import care.contracts.notification.Purpose;
import care.contracts.notification.Recipient;

/**
 * One message to one recipient, and its own durable timer: {@link #nextAttemptAt} is when an instance
 * should next try to send it, and a notification is claimed for sending by a versioned write, so with
 * several instances exactly one sends it. Its id derives from what it is about (the purpose, the event's
 * subject and, for reminders, the offset), so the same event delivered again finds it instead of making a
 * second one. It holds no address and no text: addresses are read from the patient's contact projection
 * (or the clinician's contact) when it is sent, and the text is rendered then.
 */
@Document("notifications")
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

    static UUID idFor(Purpose purpose, Object... parts) {
        StringBuilder key = new StringBuilder(purpose.name());
        for (Object part : parts) {
            key.append(':').append(part);
        }
        return UUID.nameUUIDFromBytes(key.toString().getBytes(StandardCharsets.UTF_8));
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

    void settle(Status status, Instant at) {
        this.status = status;
        this.nextAttemptAt = null;
        this.leaseUntil = null;
        this.settledAt = at;
    }

    void waitUntil(Instant at) {
        this.status = Status.SCHEDULED;
        this.nextAttemptAt = at;
        this.leaseUntil = null;
    }
}
