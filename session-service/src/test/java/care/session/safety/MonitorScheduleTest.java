package care.session.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Check-ins every 15 minutes in the first hour, missed when more than 5 minutes late. */
class MonitorScheduleTest {

    final Instant start = Instant.parse("2026-11-01T08:30:00Z");
    final MonitorSchedule schedule = new MonitorSchedule(SafetyPolicy.defaults(), start);

    @Test
    void fourChecksAtFifteenThirtyFortyFiveAndSixtyMinutes() {
        assertThat(schedule.dueTimes()).containsExactly(start.plus(Duration.ofMinutes(15)),
                start.plus(Duration.ofMinutes(30)), start.plus(Duration.ofMinutes(45)), start.plus(Duration.ofMinutes(60)));
    }

    @Test
    void fiveMinutesLateIsInTimeFiveMinutesAndOneSecondIsMissed() {
        Instant due = start.plus(Duration.ofMinutes(15));
        assertThat(schedule.missedAt(1, due.plus(Duration.ofMinutes(5)))).isFalse();
        assertThat(schedule.counts(1, due.plus(Duration.ofMinutes(5)))).isTrue();
        assertThat(schedule.missedAt(1, due.plus(Duration.ofMinutes(5)).plusSeconds(1))).isTrue();
        assertThat(schedule.counts(1, due.plus(Duration.ofMinutes(5)).plusSeconds(1))).isFalse();
        assertThat(schedule.minutesLate(1, due.plus(Duration.ofMinutes(5)).plusSeconds(1))).isEqualTo(5);
    }

    @Test
    void aCheckInCountsAfterThePreviousDueTime() {
        Instant due2 = start.plus(Duration.ofMinutes(30));
        assertThat(schedule.counts(2, start.plus(Duration.ofMinutes(15)))).isFalse();
        assertThat(schedule.counts(2, start.plus(Duration.ofMinutes(15)).plusSeconds(1))).isTrue();
        assertThat(schedule.counts(2, due2)).isTrue();
        assertThat(schedule.counts(1, start.plusSeconds(1))).isTrue();
    }

    @Test
    void theWindowAndIntervalAreConfiguration() {
        SafetyPolicy defaults = SafetyPolicy.defaults();
        SafetyPolicy policy = new SafetyPolicy(defaults.startWindow(), defaults.preDoseReadingMaxAge(),
                defaults.minimumMonitoring(), defaults.dischargeReadingMaxAge(), Duration.ofMinutes(20),
                Duration.ofMinutes(90), Duration.ofMinutes(2), defaults.bloodPressure());
        MonitorSchedule custom = new MonitorSchedule(policy, start);
        assertThat(custom.dueTimes()).hasSize(4).last().isEqualTo(start.plus(Duration.ofMinutes(80)));
        assertThat(custom.missedAt(1, start.plus(Duration.ofMinutes(22)).plusSeconds(1))).isTrue();
    }
}
