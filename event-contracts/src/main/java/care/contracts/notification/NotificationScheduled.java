package care.contracts.notification;

import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A notification was planned. Non-urgent ones due in the patient's quiet hours (default 21:00–08:00) are
 * planned for the end of them.
 *
 * @param notificationId the notification
 * @param channel        how it will be sent
 * @param purpose        why
 * @param recipient      who it is for
 * @param referenceId    what it is about (appointment, session, escalation, prompt), or {@code null}
 * @param dueAt          when it will be sent
 * @param urgent         ignores quiet hours and daily limits (escalations)
 */
public record NotificationScheduled(UUID eventId, UUID patientId, Instant occurredAt, UUID notificationId,
                                    Channel channel, Purpose purpose, Recipient recipient, UUID referenceId,
                                    Instant dueAt, boolean urgent) implements CareEvent {

    public NotificationScheduled {
        envelope(eventId, patientId, occurredAt);
        required(notificationId, "notificationId");
        required(channel, "channel");
        required(purpose, "purpose");
        required(recipient, "recipient");
        required(dueAt, "dueAt");
    }
}
