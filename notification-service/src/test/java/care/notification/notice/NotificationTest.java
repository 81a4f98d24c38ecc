package care.notification.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import care.contracts.CareEvent;
import care.contracts.notification.Channel;
import care.contracts.notification.NotificationFailed;
import care.contracts.notification.NotificationScheduled;
import care.contracts.notification.NotificationSent;
import care.contracts.notification.NotificationSuppressed;
import care.contracts.notification.Purpose;
import care.contracts.notification.Recipient;
import care.notification.policy.ReminderPlan;
import care.notification.policy.Retries;

/** A notification's life, without a store: each step takes the time and says what it caused. */
class NotificationTest {

    static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    static final Retries RETRIES = new Retries(Duration.ofSeconds(10), Duration.ofMinutes(10), 3);
    static final Duration LEASE = Duration.ofMinutes(2);
    static final UUID PATIENT = UUID.fromString("6f1c1a52-3b0e-4a53-9a57-2f4f0e0c2d11");
    static final UUID APPOINTMENT = UUID.fromString("0b7e9c1e-8a43-4f0e-9d1a-5c6b7a8d9e0f");

    static Notification reminder(Instant due) {
        return Notification.scheduled(Reminders.reminderId(APPOINTMENT, Duration.ofHours(24)), PATIENT,
                Purpose.APPOINTMENT_REMINDER, Recipient.PATIENT, APPOINTMENT, Channel.SMS, false, due, NOW)
                .aboutAppointment(due.plus(Duration.ofHours(24)), Duration.ofHours(24));
    }

    static Notification alert() {
        return Notification.scheduled(UUID.randomUUID(), PATIENT, Purpose.SAFETY_ESCALATION, Recipient.CLINICIAN,
                UUID.randomUUID(), Channel.SMS, true, NOW, NOW).toCareTeam(UUID.randomUUID(), false);
    }

    @Test
    void idsDeriveFromWhatTheyAreAboutAsTheyAlwaysDid() {
        assertThat(Reminders.reminderId(APPOINTMENT, Duration.ofHours(24))).isEqualTo(UUID.nameUUIDFromBytes(
                ("APPOINTMENT_REMINDER:" + APPOINTMENT + ":PT24H").getBytes(StandardCharsets.UTF_8)));
        assertThat(Reminders.preparationId(APPOINTMENT)).isEqualTo(UUID.nameUUIDFromBytes(
                ("PREPARATION_REMINDER:" + APPOINTMENT).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aNewNotificationIsScheduledAndSaysSo() {
        Notification n = reminder(NOW.plusSeconds(60));
        assertThat(n.status).isEqualTo(Notification.Status.SCHEDULED);
        assertThat(n.nextAttemptAt).isEqualTo(NOW.plusSeconds(60));
        assertThat(n.created()).singleElement().isInstanceOfSatisfying(NotificationScheduled.class,
                e -> assertThat(e.notificationId()).isEqualTo(n.id));
    }

    @Test
    void itIsClaimedOnlyOnceItsTimeHasCome() {
        Notification n = reminder(NOW.plusMillis(1));
        assertThat(n.claim(NOW, LEASE)).as("just before its time").isFalse();
        assertThat(n.claim(NOW.plusMillis(1), LEASE)).as("at its time").isTrue();
        assertThat(n.status).isEqualTo(Notification.Status.SENDING);
        assertThat(n.leaseUntil).isEqualTo(NOW.plusMillis(1).plus(LEASE));
        assertThat(n.claim(NOW.plusMillis(1), LEASE)).as("taken").isFalse();
        assertThat(n.claim(NOW.plusMillis(1).plus(LEASE), LEASE)).as("its sender let the lease run out").isTrue();
    }

    @Test
    void aSentMessageIsSettledAndCounted() {
        Notification n = reminder(NOW);
        n.claim(NOW, LEASE);
        List<CareEvent> events = n.sent(Channel.EMAIL, "m-1", NotificationSent.Status.SENT, NOW);
        assertThat(n.status).isEqualTo(Notification.Status.SENT);
        assertThat(n.channel).isEqualTo(Channel.EMAIL);
        assertThat(n.attempts).isEqualTo(1);
        assertThat(n.nextAttemptAt).isNull();
        assertThat(events).singleElement().isInstanceOfSatisfying(NotificationSent.class,
                e -> assertThat(e.attempt()).isEqualTo(1));
        assertThat(n.claim(NOW.plus(Duration.ofDays(1)), LEASE)).as("never sent again").isFalse();
    }

    @Test
    void aFailedAttemptIsTriedAgainWithBackOffUntilTheLastAttempt() {
        Notification n = reminder(NOW);
        n.attemptFailed(true, NotificationFailed.Failure.PROVIDER_ERROR, RETRIES, NOW);
        assertThat(n.status).isEqualTo(Notification.Status.SCHEDULED);
        assertThat(n.nextAttemptAt).isEqualTo(NOW.plusSeconds(10));
        n.attemptFailed(true, NotificationFailed.Failure.PROVIDER_ERROR, RETRIES, NOW);
        assertThat(n.nextAttemptAt).isEqualTo(NOW.plusSeconds(20));
        List<CareEvent> last = n.attemptFailed(true, NotificationFailed.Failure.PROVIDER_ERROR, RETRIES, NOW);
        assertThat(n.status).isEqualTo(Notification.Status.FAILED);
        assertThat(last).singleElement().isInstanceOfSatisfying(NotificationFailed.class,
                e -> assertThat(e.willRetry()).isFalse());
    }

    @Test
    void anAlertTheAddressRefusedGoesOnCallAtOnceAndIsNeverGivenUp() {
        Notification n = alert();
        n.attemptFailed(false, NotificationFailed.Failure.INVALID_DESTINATION, RETRIES, NOW);
        assertThat(n.onCall).isTrue();
        assertThat(n.nextAttemptAt).isEqualTo(NOW);
        for (int i = 0; i < 10; i++) {
            n.attemptFailed(false, NotificationFailed.Failure.INVALID_DESTINATION, RETRIES, NOW);
        }
        assertThat(n.status).isEqualTo(Notification.Status.SCHEDULED);
        assertThat(n.nextAttemptAt).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
    }

    @Test
    void deliveryIsReportedOnlyForTheMessageHandedOver() {
        Notification n = reminder(NOW);
        assertThat(n.deliveryReported("m-1", "delivered", RETRIES, NOW).outcome())
                .as("not sent yet").isEqualTo(Notification.Report.ALREADY_KNOWN);
        n.sent(Channel.SMS, "m-1", NotificationSent.Status.SENT, NOW);
        assertThat(n.deliveryReported("m-2", "delivered", RETRIES, NOW).outcome())
                .isEqualTo(Notification.Report.UNKNOWN_MESSAGE);
        assertThat(n.deliveryReported("m-1", "queued", RETRIES, NOW).outcome()).isEqualTo(Notification.Report.IGNORED);
        Notification.Reported delivered = n.deliveryReported("m-1", "delivered", RETRIES, NOW.plusSeconds(5));
        assertThat(delivered.outcome()).isEqualTo(Notification.Report.APPLIED);
        assertThat(n.status).isEqualTo(Notification.Status.DELIVERED);
        assertThat(n.deliveredAt).isEqualTo(NOW.plusSeconds(5));
        assertThat(n.deliveryReported("m-1", "delivered", RETRIES, NOW).outcome())
                .isEqualTo(Notification.Report.ALREADY_KNOWN);
        assertThat(n.deliveryReported("m-1", "failed", RETRIES, NOW).outcome())
                .as("a delivered message stays delivered").isEqualTo(Notification.Report.ALREADY_KNOWN);
    }

    @Test
    void anUndeliveredReportIsAFailureTheCarrierRejected() {
        Notification n = reminder(NOW);
        n.sent(Channel.SMS, "m-1", NotificationSent.Status.SENT, NOW);
        Notification.Reported report = n.deliveryReported("m-1", "undelivered", RETRIES, NOW);
        assertThat(n.status).isEqualTo(Notification.Status.FAILED);
        assertThat(report.events()).singleElement().isInstanceOfSatisfying(NotificationFailed.class, e -> {
            assertThat(e.status()).isEqualTo(NotificationFailed.Status.UNDELIVERED);
            assertThat(e.failure()).isEqualTo(NotificationFailed.Failure.CARRIER_REJECTED);
        });
    }

    @Test
    void aMovedAppointmentMovesItsReminderAndArmsASentOneAgain() {
        Notification n = reminder(NOW);
        n.sent(Channel.SMS, "m-1", NotificationSent.Status.SENT, NOW);
        Instant newStart = NOW.plus(Duration.ofDays(3));
        List<CareEvent> events = n.reminderMoved(newStart,
                new ReminderPlan.Reminder(Duration.ofHours(24), newStart.minus(Duration.ofHours(24))), NOW);
        assertThat(n.status).isEqualTo(Notification.Status.SCHEDULED);
        assertThat(n.attempts).isZero();
        assertThat(n.providerMessageId).isNull();
        assertThat(n.nextAttemptAt).isEqualTo(newStart.minus(Duration.ofHours(24)));
        assertThat(events).singleElement().isInstanceOf(NotificationScheduled.class);
        assertThat(n.reminderMoved(newStart, null, NOW)).as("the same start: nothing to do").isEmpty();
    }

    @Test
    void aReminderTheNewPlanHasNoPlaceForIsCancelled() {
        Notification n = reminder(NOW.plusSeconds(60));
        assertThat(n.reminderMoved(NOW.plus(Duration.ofMinutes(30)), null, NOW)).isEmpty();
        assertThat(n.status).isEqualTo(Notification.Status.CANCELLED);
    }

    @Test
    void aMovedSessionMovesItsPreparationReminderOrCancelsIt() {
        Notification n = reminder(NOW.plusSeconds(60));
        n.preparationMoved(NOW.plus(Duration.ofDays(4)), Optional.of(NOW.plus(Duration.ofDays(2))), NOW);
        assertThat(n.nextAttemptAt).isEqualTo(NOW.plus(Duration.ofDays(2)));
        n.preparationMoved(NOW.minusSeconds(1), Optional.empty(), NOW);
        assertThat(n.status).isEqualTo(Notification.Status.CANCELLED);
    }

    @Test
    void aCancelledAppointmentSuppressesItsPendingRemindersOnly() {
        Notification pending = reminder(NOW.plusSeconds(60));
        assertThat(pending.appointmentCancelled(NOW)).singleElement()
                .isInstanceOfSatisfying(NotificationSuppressed.class, e -> assertThat(e.reason())
                        .isEqualTo(NotificationSuppressed.Reason.APPOINTMENT_CANCELLED));
        assertThat(pending.status).isEqualTo(Notification.Status.CANCELLED);
        Notification sent = reminder(NOW);
        sent.sent(Channel.SMS, "m-1", NotificationSent.Status.SENT, NOW);
        assertThat(sent.appointmentCancelled(NOW)).isEmpty();
        assertThat(sent.status).isEqualTo(Notification.Status.SENT);
    }

    @Test
    void aMessageSentWhileItsStoredCopyChangedIsRecordedAsSentUnlessItWasMoved() {
        Notification mine = reminder(NOW);
        List<CareEvent> sent = mine.sent(Channel.SMS, "m-1", NotificationSent.Status.SENT, NOW);
        Notification stored = reminder(NOW);
        stored.deferUntil(NOW.plusSeconds(5), "PROVIDER_UNAVAILABLE");
        assertThat(stored.sentMeanwhile(mine, sent)).isEqualTo(sent);
        assertThat(stored.status).isEqualTo(Notification.Status.SENT);
        assertThat(stored.lastFailure).isNull();

        Notification moved = reminder(NOW.plus(Duration.ofDays(1)));
        assertThat(moved.sentMeanwhile(mine, sent)).isEmpty();
        assertThat(moved.status).isEqualTo(Notification.Status.SCHEDULED);
    }

    @Test
    void quietHoursDeferWithoutForgettingTheLastFailure() {
        Notification n = reminder(NOW);
        n.deferUntil(NOW.plusSeconds(5), "PROVIDER_UNAVAILABLE");
        n.deferUntil(NOW.plus(Duration.ofHours(8)));
        assertThat(n.lastFailure).isEqualTo("PROVIDER_UNAVAILABLE");
        assertThat(n.nextAttemptAt).isEqualTo(NOW.plus(Duration.ofHours(8)));
    }
}
