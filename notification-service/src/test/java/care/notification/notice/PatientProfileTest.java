package care.notification.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import care.contracts.intake.ConsentRecorded;
import care.contracts.notification.Channel;
import care.contracts.notification.NotificationSuppressed;
import care.notification.policy.SmsAllowance;

/** A patient's profile without a store: consents, replies and the texts counted against the allowance. */
class PatientProfileTest {

    static final Instant NOW = Instant.parse("2026-03-10T15:00:00Z");
    static final ZoneId ZONE = ZoneId.of("America/New_York");
    static final UUID PATIENT = UUID.fromString("6f1c1a52-3b0e-4a53-9a57-2f4f0e0c2d11");

    static PatientProfile reachable() {
        PatientProfile profile = PatientProfile.empty(PATIENT);
        profile.phone = "+15550100000";
        profile.email = "patient@example.org";
        profile.apply(new ConsentRecorded(UUID.randomUUID(), PATIENT, NOW.minusSeconds(60), UUID.randomUUID(),
                ConsentRecorded.Scope.SMS_MESSAGING, ConsentRecorded.Status.ACTIVE, "1.0"));
        return profile;
    }

    @Test
    void aTextIsCountedOnceAndTheNextOneThatDayIsRefused() {
        PatientProfile profile = reachable();
        UUID first = UUID.randomUUID();
        assertThat(profile.countText(first, SmsAllowance.DEFAULT, ZONE, NOW)).isEmpty();
        assertThat(profile.countText(first, SmsAllowance.DEFAULT, ZONE, NOW.plusSeconds(60)))
                .as("the same message tried again").isEmpty();
        assertThat(profile.textsSent).hasSize(1);
        assertThat(profile.countText(UUID.randomUUID(), SmsAllowance.DEFAULT, ZONE, NOW.plusSeconds(60)))
                .contains(NotificationSuppressed.Reason.DAILY_LIMIT_REACHED);
        assertThat(profile.textsSent).hasSize(1);
        assertThat(profile.countText(UUID.randomUUID(), SmsAllowance.DEFAULT, ZONE, NOW.plus(Duration.ofDays(1))))
                .isEmpty();
    }

    @Test
    void stopFromThePatientsNumberOptsItOutAndStartBackIn() {
        PatientProfile profile = reachable();
        profile.replied("+15550100001", true, NOW);
        assertThat(profile.smsOptedOut).as("another number").isFalse();
        profile.replied("+15550100000", true, NOW);
        assertThat(profile.smsOptedOut).isTrue();
        assertThat(profile.plannedChannel()).isEqualTo(Channel.EMAIL);
        profile.replied("+15550100000", false, NOW.plusSeconds(1));
        assertThat(profile.smsOptedOut).isFalse();
        assertThat(profile.plannedChannel()).isEqualTo(Channel.SMS);
    }

    @Test
    void preferencesKeepTheQuietHoursWhenNoneAreGiven() {
        PatientProfile profile = reachable();
        profile.prefer(List.of(Channel.EMAIL, Channel.SMS), "22:00", "07:00");
        profile.prefer(List.of(Channel.EMAIL), null, null);
        assertThat(profile.channelsInOrder()).containsExactly(Channel.EMAIL);
        assertThat(profile.quietStart).isEqualTo("22:00");
        assertThat(profile.quietEnd).isEqualTo("07:00");
    }
}
