package care.contracts.notification;

import static care.contracts.Invariants.atLeast;
import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A notification did not reach its recipient.
 *
 * @param notificationId the notification
 * @param channel        how it was sent
 * @param purpose        why
 * @param recipient      who it was for
 * @param referenceId    what it was about, or {@code null}
 * @param status         UNDELIVERED or FAILED
 * @param failure        why, as a code (provider error texts are not forwarded)
 * @param attempt        delivery attempt, from 1
 * @param willRetry      another attempt is planned
 */
public record NotificationFailed(UUID eventId, UUID patientId, Instant occurredAt, UUID notificationId,
                                 Channel channel, Purpose purpose, Recipient recipient, UUID referenceId,
                                 Status status, Failure failure, int attempt, boolean willRetry)
        implements CareEvent {

    /** Final delivery status reported by the messaging provider. */
    public enum Status { UNDELIVERED, FAILED }

    /** Why delivery failed. */
    public enum Failure { INVALID_DESTINATION, CARRIER_REJECTED, PROVIDER_ERROR, TIMEOUT }

    public NotificationFailed {
        envelope(eventId, patientId, occurredAt);
        required(notificationId, "notificationId");
        required(channel, "channel");
        required(purpose, "purpose");
        required(recipient, "recipient");
        required(status, "status");
        required(failure, "failure");
        atLeast(attempt, 1, "attempt");
    }
}
