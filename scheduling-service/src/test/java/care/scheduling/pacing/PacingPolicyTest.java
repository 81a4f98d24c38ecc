package care.scheduling.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import care.contracts.scheduling.AppointmentKind;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PacingPolicyTest {

    private static final Map<AppointmentKind, Duration> DURATIONS = PacingPolicy.defaults().durations();

    @Test
    void defaultsFollowTheSeedProgram() {
        PacingPolicy policy = PacingPolicy.defaults();

        assertThat(policy.minimumGapBetweenDosing()).isEqualTo(Duration.ofHours(48));
        assertThat(policy.maxDosingPerRollingWindow()).isEqualTo(2);
        assertThat(policy.rollingWindow()).isEqualTo(Duration.ofDays(7));
        assertThat(policy.lateNotice()).isEqualTo(Duration.ofHours(24));
        assertThat(policy.durationOf(AppointmentKind.CONSULTATION)).isEqualTo(Duration.ofMinutes(45));
        assertThat(policy.durationOf(AppointmentKind.DOSING_SESSION)).isEqualTo(Duration.ofMinutes(180));
        assertThat(policy.durationOf(AppointmentKind.INTEGRATION_COACHING)).isEqualTo(Duration.ofMinutes(45));
        assertThat(policy.buffer()).isEqualTo(Duration.ofMinutes(15));
        assertThat(policy.integrationCoachingFrom()).isEqualTo(Duration.ofHours(24));
        assertThat(policy.integrationCoachingUntil()).isEqualTo(Duration.ofHours(72));
    }

    @Test
    void durationsAreCopiedAndUnmodifiable() {
        Map<AppointmentKind, Duration> durations = new EnumMap<>(DURATIONS);
        PacingPolicy policy = withDurations(durations);
        durations.put(AppointmentKind.CONSULTATION, Duration.ofMinutes(5));

        assertThat(policy.durationOf(AppointmentKind.CONSULTATION)).isEqualTo(Duration.ofMinutes(45));
        assertThatThrownBy(() -> policy.durations().put(AppointmentKind.CONSULTATION, Duration.ofMinutes(5)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsDurationsMissingAKind() {
        Map<AppointmentKind, Duration> durations = new EnumMap<>(DURATIONS);
        durations.remove(AppointmentKind.INTEGRATION_COACHING);

        assertThatThrownBy(() -> withDurations(durations))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("INTEGRATION_COACHING");
    }

    @Test
    void rejectsZeroAppointmentLength() {
        Map<AppointmentKind, Duration> durations = new EnumMap<>(DURATIONS);
        durations.put(AppointmentKind.DOSING_SESSION, Duration.ZERO);

        assertThatThrownBy(() -> withDurations(durations)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNonsenseLimits() {
        PacingPolicy d = PacingPolicy.defaults();
        assertThatThrownBy(() -> new PacingPolicy(Duration.ZERO, 2, d.rollingWindow(), d.lateNotice(),
                DURATIONS, d.buffer(), d.integrationCoachingFrom(), d.integrationCoachingUntil()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minimumGapBetweenDosing");
        assertThatThrownBy(() -> new PacingPolicy(d.minimumGapBetweenDosing(), 0, d.rollingWindow(),
                d.lateNotice(), DURATIONS, d.buffer(), d.integrationCoachingFrom(), d.integrationCoachingUntil()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDosingPerRollingWindow");
        assertThatThrownBy(() -> new PacingPolicy(d.minimumGapBetweenDosing(), 2, d.rollingWindow(),
                d.lateNotice(), DURATIONS, Duration.ofMinutes(-1), d.integrationCoachingFrom(),
                d.integrationCoachingUntil()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("buffer");
        assertThatThrownBy(() -> new PacingPolicy(d.minimumGapBetweenDosing(), 2, d.rollingWindow(),
                d.lateNotice(), DURATIONS, d.buffer(), Duration.ofHours(72), Duration.ofHours(24)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("integrationCoachingUntil");
        assertThatThrownBy(() -> new PacingPolicy(null, 2, d.rollingWindow(), d.lateNotice(), DURATIONS,
                d.buffer(), d.integrationCoachingFrom(), d.integrationCoachingUntil()))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void zeroBufferAndZeroNoticeAreAllowed() {
        PacingPolicy d = PacingPolicy.defaults();
        PacingPolicy policy = new PacingPolicy(d.minimumGapBetweenDosing(), 2, d.rollingWindow(), Duration.ZERO,
                DURATIONS, Duration.ZERO, Duration.ZERO, d.integrationCoachingUntil());

        assertThat(policy.buffer()).isZero();
        assertThat(policy.lateNotice()).isZero();
    }

    private static PacingPolicy withDurations(Map<AppointmentKind, Duration> durations) {
        PacingPolicy d = PacingPolicy.defaults();
        return new PacingPolicy(d.minimumGapBetweenDosing(), d.maxDosingPerRollingWindow(), d.rollingWindow(),
                d.lateNotice(), durations, d.buffer(), d.integrationCoachingFrom(), d.integrationCoachingUntil());
    }
}
