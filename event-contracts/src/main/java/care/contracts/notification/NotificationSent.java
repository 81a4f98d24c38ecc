package care.contracts.notification;

import static care.contracts.Invariants.atLeast;
import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * The messaging provider accepted or delivered a notification. A notification is sent at most once;
 * a later DELIVERED report is published as another NotificationSent with the same {@code notificationId}.
 *
 * @param notificationId the notification
 * @param channel        how it was sent
 * @param purpose        why
 * @param recipient      who it was for
 * @param referenceId    what it was about, or {@code null}
 * @param status         QUEUED, SENT or DELIVERED
 * @param attempt        delivery attempt, from 1
 */
public record NotificationSent(UUID eventId, UUID patientId, Instant occurredAt, UUID notificationId,
                               Channel channel, Purpose purpose, Recipient recipient, UUID referenceId,
                               Status status, int attempt) implements CareEvent {

    /** Delivery status reported by the messaging provider while the notification is on its way. */
    public enum Status { QUEUED, SENT, DELIVERED }

    public NotificationSent {
        envelope(eventId, patientId, occurredAt);
        required(notificationId, "notificationId");
        required(channel, "channel");
        required(purpose, "purpose");
        required(recipient, "recipient");
        required(status, "status");
        atLeast(attempt, 1, "attempt");
    }
}
