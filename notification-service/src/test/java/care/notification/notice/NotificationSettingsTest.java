package care.notification.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;

import org.junit.jupiter.api.Test;

import care.notification.policy.QuietHours;
import care.notification.policy.Retries;
import care.notification.policy.SmsAllowance;
import care.notification.policy.Timeliness;

/** The clinic's settings ({@code care.notification.*}) and the rules they make; defaults from docs/clinical-rules.md. */
class NotificationSettingsTest {

    static NotificationSettings defaults() {
        return new NotificationSettings(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void theDefaultsAreTheDocumentedRules() {
        NotificationSettings settings = defaults();
        assertThat(settings.appointmentReminders()).containsExactly(Duration.ofHours(24), Duration.ofHours(1));
        assertThat(settings.quietHours()).isEqualTo(new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0)));
        assertThat(settings.allowance()).isEqualTo(new SmsAllowance(1, 3));
        assertThat(settings.timeliness())
                .isEqualTo(new Timeliness(Duration.ofHours(48), Duration.ofHours(24), Duration.ofDays(2)));
        assertThat(settings.dispatch().retries())
                .isEqualTo(new Retries(Duration.ofSeconds(10), Duration.ofMinutes(10), 8));
    }

    @Test
    void aClinicsOwnSettingsMakeItsRules() {
        NotificationSettings settings = new NotificationSettings("Clinic", null, List.of(Duration.ofHours(2)),
                Duration.ofHours(12), Duration.ofHours(3), LocalTime.of(22, 0), LocalTime.of(7, 0), 2, 5, null, null,
                Duration.ofHours(6), new NotificationSettings.Dispatch(null, null, null, null, Duration.ofSeconds(1),
                        Duration.ofSeconds(30), 3, null));
        assertThat(settings.appointmentReminders()).containsExactly(Duration.ofHours(2));
        assertThat(settings.quietHours()).isEqualTo(new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0)));
        assertThat(settings.allowance()).isEqualTo(new SmsAllowance(2, 5));
        assertThat(settings.timeliness())
                .isEqualTo(new Timeliness(Duration.ofHours(12), Duration.ofHours(3), Duration.ofHours(6)));
        assertThat(settings.dispatch().retries())
                .isEqualTo(new Retries(Duration.ofSeconds(1), Duration.ofSeconds(30), 3));
    }

    @Test
    void aReminderOffsetMustBePositive() {
        assertThatThrownBy(() -> new NotificationSettings(null, null, List.of(Duration.ZERO), null, null, null, null,
                null, null, null, null, null, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
