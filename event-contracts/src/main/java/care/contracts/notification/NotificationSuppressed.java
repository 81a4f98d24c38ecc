package care.contracts.notification;

import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A planned notification was deliberately not sent.
 *
 * @param notificationId the notification
 * @param channel        the channel it would have used
 * @param purpose        why it would have been sent
 * @param recipient      who it was for
 * @param referenceId    what it was about, or {@code null}
 * @param reason         why it was not sent
 */
public record NotificationSuppressed(UUID eventId, UUID patientId, Instant occurredAt, UUID notificationId,
                                     Channel channel, Purpose purpose, Recipient recipient, UUID referenceId,
                                     Reason reason) implements CareEvent {

    /** Why a notification was not sent. */
    public enum Reason {
        NO_CONSENT,
        OPTED_OUT,
        DAILY_LIMIT_REACHED,
        WEEKLY_LIMIT_REACHED,
        ALREADY_SENT,
        APPOINTMENT_CANCELLED,
        NO_CONTACT_DETAILS
    }

    public NotificationSuppressed {
        envelope(eventId, patientId, occurredAt);
        required(notificationId, "notificationId");
        required(channel, "channel");
        required(purpose, "purpose");
        required(recipient, "recipient");
        required(reason, "reason");
    }
}
