package care.session.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import care.contracts.session.AdverseEventReported;
import care.session.safety.SafetyGates.Defer;
import care.session.safety.SafetyGates.Refuse;
import care.session.safety.SafetyGates.Start;

/**
 * Every number of the session-safety policy is a clinic's setting ({@code care.session.*}): with other numbers
 * than the defaults, each gate moves to them, just inside passing and just outside refused.
 */
class ClinicSafetyPolicyTest {

    /** start-window 15 min, pre-dose reading 20 min, monitoring 90 min, discharge reading 10 min, 150/95. */
    static final SafetyPolicy CLINIC = new SafetyPolicy(Duration.ofMinutes(15), Duration.ofMinutes(20),
            Duration.ofMinutes(90), Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofMinutes(30),
            Duration.ofMinutes(2), new SafetyPolicy.BloodPressureLimits(150, 95, 30, 20,
                    AdverseEventReported.Severity.SEVERE));
    static final Instant SCHEDULED = Instant.parse("2026-03-08T17:00:00Z");
    static final Instant END = SCHEDULED.plus(Duration.ofHours(3));

    private static Reading reading(Reading.Phase phase, int systolic, int diastolic, Instant at) {
        return new Reading(phase, systolic, diastolic, 70, at);
    }

    private static SafetyGates.StartDecision startAt(Instant now, Reading preDose) {
        return SafetyGates.start(CLINIC, now, SCHEDULED, END, false, true, List.of(preDose));
    }

    @Test
    void bloodPressureGateAtTheClinicsLimits() {
        Reading atLimit = reading(Reading.Phase.PRE_DOSE, 150, 95, SCHEDULED.minusSeconds(60));
        Reading systolicAbove = reading(Reading.Phase.PRE_DOSE, 151, 95, SCHEDULED.minusSeconds(60));
        Reading diastolicAbove = reading(Reading.Phase.PRE_DOSE, 150, 96, SCHEDULED.minusSeconds(60));
        assertThat(startAt(SCHEDULED, atLimit)).isEqualTo(new Start(atLimit));
        assertThat(startAt(SCHEDULED, systolicAbove)).isEqualTo(new Defer(systolicAbove));
        assertThat(startAt(SCHEDULED, diastolicAbove)).isEqualTo(new Defer(diastolicAbove));
    }

    @Test
    void startWindowAndPreDoseReadingAgeAreTheClinics() {
        Instant opens = SCHEDULED.minus(Duration.ofMinutes(15));
        Reading fresh = reading(Reading.Phase.PRE_DOSE, 120, 80, opens.minusSeconds(60));
        assertThat(startAt(opens.minusSeconds(1), fresh)).isEqualTo(new Refuse(SafetyRefusal.TOO_EARLY));
        assertThat(startAt(opens, fresh)).isEqualTo(new Start(fresh));
        Reading twentyMinutesOld = reading(Reading.Phase.PRE_DOSE, 120, 80, SCHEDULED.minus(Duration.ofMinutes(20)));
        Reading older = reading(Reading.Phase.PRE_DOSE, 120, 80,
                SCHEDULED.minus(Duration.ofMinutes(20)).minusSeconds(1));
        assertThat(startAt(SCHEDULED, twentyMinutesOld)).isEqualTo(new Start(twentyMinutesOld));
        assertThat(startAt(SCHEDULED, older)).isEqualTo(new Refuse(SafetyRefusal.NO_RECENT_READING));
    }

    @Test
    void minimumMonitoringTimeIsTheClinics() {
        Instant at90 = SCHEDULED.plus(Duration.ofMinutes(90));
        List<Reading> stable = List.of(reading(Reading.Phase.DISCHARGE, 120, 80, at90.minusSeconds(60)));
        assertThat(SafetyGates.discharge(CLINIC, at90.minusSeconds(1), SCHEDULED, stable))
                .isEqualTo(Optional.of(SafetyRefusal.MONITORING_TIME_NOT_REACHED));
        assertThat(SafetyGates.discharge(CLINIC, at90, SCHEDULED, stable)).isEmpty();
    }

    @Test
    void monitorChecksFollowTheClinicsIntervalWindowAndGrace() {
        MonitorSchedule schedule = new MonitorSchedule(CLINIC, SCHEDULED);
        assertThat(schedule.dueTimes()).containsExactly(SCHEDULED.plus(Duration.ofMinutes(10)),
                SCHEDULED.plus(Duration.ofMinutes(20)), SCHEDULED.plus(Duration.ofMinutes(30)));
        Instant due = schedule.dueAt(1);
        assertThat(schedule.missedAt(due, due.plus(Duration.ofMinutes(2)))).isFalse();
        assertThat(schedule.missedAt(due, due.plus(Duration.ofMinutes(2)).plusSeconds(1))).isTrue();
    }

    @Test
    void peakRiseIsTheClinics() {
        Reading baseline = reading(Reading.Phase.PRE_DOSE, 120, 80, SCHEDULED);
        assertThat(CLINIC.bloodPressure().significantRise(baseline,
                reading(Reading.Phase.PEAK, 149, 99, SCHEDULED))).isFalse();
        assertThat(CLINIC.bloodPressure().significantRise(baseline,
                reading(Reading.Phase.PEAK, 150, 80, SCHEDULED))).isTrue();
        assertThat(CLINIC.bloodPressure().significantRise(baseline,
                reading(Reading.Phase.PEAK, 120, 100, SCHEDULED))).isTrue();
    }
}
