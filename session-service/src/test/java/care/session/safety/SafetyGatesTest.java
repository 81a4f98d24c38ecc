package care.session.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import care.session.safety.SafetyGates.Defer;
import care.session.safety.SafetyGates.Refuse;
import care.session.safety.SafetyGates.Start;

/** The start and discharge gates at their boundaries, with the DOMAIN defaults. */
class SafetyGatesTest {

    static final SafetyPolicy POLICY = SafetyPolicy.defaults();
    static final Instant SCHEDULED = Instant.parse("2026-03-08T17:00:00Z");
    static final Instant END = SCHEDULED.plus(Duration.ofHours(3));

    static Reading preDose(int systolic, int diastolic, Instant at) {
        return new Reading(Reading.Phase.PRE_DOSE, systolic, diastolic, 72, at);
    }

    static Reading discharge(int systolic, int diastolic, Instant at) {
        return new Reading(Reading.Phase.DISCHARGE, systolic, diastolic, 70, at);
    }

    @Nested
    class Start_ {

        SafetyGates.StartDecision at(Instant now, boolean prepared, List<Reading> readings) {
            return SafetyGates.start(POLICY, now, SCHEDULED, END, false, prepared, readings);
        }

        @ParameterizedTest(name = "{0}/{1} → {2}")
        @CsvSource({ "140,90,start", "141,90,defer", "140,91,defer", "120,80,start", "139,89,start", "180,110,defer" })
        void thePreDoseBloodPressureGate(int systolic, int diastolic, String outcome) {
            Instant now = SCHEDULED;
            Reading reading = preDose(systolic, diastolic, now.minusSeconds(60));
            SafetyGates.StartDecision decision = at(now, true, List.of(reading));
            if (outcome.equals("start")) {
                assertThat(decision).isEqualTo(new Start(reading));
            } else {
                assertThat(decision).isEqualTo(new Defer(reading));
            }
        }

        @Test
        void startsFromThirtyMinutesBeforeTheScheduledStartNotASecondEarlier() {
            Instant opens = SCHEDULED.minus(Duration.ofMinutes(30));
            List<Reading> reading = List.of(preDose(120, 80, opens.minusSeconds(120)));
            assertThat(at(opens.minusSeconds(1), true, reading)).isEqualTo(new Refuse(SafetyRefusal.TOO_EARLY));
            assertThat(at(opens, true, reading)).isInstanceOf(Start.class);
        }

        @Test
        void startsUntilTheAppointmentEnds() {
            List<Reading> reading = List.of(preDose(120, 80, END.minusSeconds(60)));
            assertThat(at(END.minusSeconds(1), true, reading)).isInstanceOf(Start.class);
            assertThat(at(END, true, reading)).isEqualTo(new Refuse(SafetyRefusal.START_WINDOW_PASSED));
        }

        @Test
        void needsThePreparationComplete() {
            assertThat(at(SCHEDULED, false, List.of(preDose(120, 80, SCHEDULED))))
                    .isEqualTo(new Refuse(SafetyRefusal.PREPARATION_INCOMPLETE));
        }

        @Test
        void needsAPreDoseReadingFromTheLastThirtyMinutes() {
            assertThat(at(SCHEDULED, true, List.of())).isEqualTo(new Refuse(SafetyRefusal.NO_RECENT_READING));
            Reading exactly30 = preDose(120, 80, SCHEDULED.minus(Duration.ofMinutes(30)));
            assertThat(at(SCHEDULED, true, List.of(exactly30))).isEqualTo(new Start(exactly30));
            Reading older = preDose(120, 80, SCHEDULED.minus(Duration.ofMinutes(30)).minusSeconds(1));
            assertThat(at(SCHEDULED, true, List.of(older))).isEqualTo(new Refuse(SafetyRefusal.NO_RECENT_READING));
            Reading peak = new Reading(Reading.Phase.PEAK, 120, 80, 70, SCHEDULED);
            assertThat(at(SCHEDULED, true, List.of(peak))).isEqualTo(new Refuse(SafetyRefusal.NO_RECENT_READING));
        }

        @Test
        void theLatestPreDoseReadingCountsSoARestedRepeatCanPass() {
            Reading high = preDose(150, 95, SCHEDULED.minus(Duration.ofMinutes(10)));
            Reading rested = preDose(132, 84, SCHEDULED.minus(Duration.ofMinutes(2)));
            assertThat(at(SCHEDULED, true, List.of(high, rested))).isEqualTo(new Start(rested));
            assertThat(at(SCHEDULED, true, List.of(rested, preDose(150, 95, SCHEDULED))))
                    .isInstanceOf(Defer.class);
        }

        @Test
        void aPausedPlanStartsNothing() {
            assertThat(SafetyGates.start(POLICY, SCHEDULED, SCHEDULED, END, true, true,
                    List.of(preDose(120, 80, SCHEDULED)))).isEqualTo(new Refuse(SafetyRefusal.PLAN_PAUSED));
        }
    }

    @Nested
    class Discharge {

        final Instant started = SCHEDULED;

        @Test
        void afterOneHundredAndTwentyMinutesNotOneHundredAndNineteen() {
            Instant at119 = started.plus(Duration.ofMinutes(119));
            Instant at120 = started.plus(Duration.ofMinutes(120));
            assertThat(SafetyGates.discharge(POLICY, at119, started, List.of(discharge(120, 80, at119))))
                    .contains(SafetyRefusal.MONITORING_TIME_NOT_REACHED);
            assertThat(SafetyGates.discharge(POLICY, at120.minusSeconds(1), started, List.of(discharge(120, 80, at119))))
                    .contains(SafetyRefusal.MONITORING_TIME_NOT_REACHED);
            assertThat(SafetyGates.discharge(POLICY, at120, started, List.of(discharge(120, 80, at119)))).isEmpty();
        }

        @ParameterizedTest(name = "{0}/{1} → {2}")
        @CsvSource({ "140,90,true", "141,90,false", "140,91,false" })
        void needsAStableDischargeReading(int systolic, int diastolic, boolean allowed) {
            Instant now = started.plus(Duration.ofMinutes(150));
            assertThat(SafetyGates.discharge(POLICY, now, started, List.of(discharge(systolic, diastolic, now))))
                    .isEqualTo(allowed ? java.util.Optional.empty()
                            : java.util.Optional.of(SafetyRefusal.BLOOD_PRESSURE_ABOVE_THRESHOLD));
        }

        @Test
        void needsARecentDischargeReading() {
            Instant now = started.plus(Duration.ofMinutes(180));
            assertThat(SafetyGates.discharge(POLICY, now, started, List.of(new Reading(Reading.Phase.PEAK, 120, 80, 70, now))))
                    .contains(SafetyRefusal.NO_RECENT_READING);
            assertThat(SafetyGates.discharge(POLICY, now, started,
                    List.of(discharge(120, 80, now.minus(Duration.ofMinutes(30)).minusSeconds(1)))))
                    .contains(SafetyRefusal.NO_RECENT_READING);
        }
    }

    @Nested
    class PeakRise {

        final SafetyPolicy.BloodPressureLimits limits = POLICY.bloodPressure();
        final Reading baseline = preDose(120, 80, SCHEDULED);

        @ParameterizedTest(name = "120/80 → {0}/{1}: {2}")
        @CsvSource({ "159,104,false", "160,80,true", "120,105,true", "159,105,true", "100,60,false" })
        void aRiseOfFortySystolicOrTwentyFiveDiastolicIsAnAdverseEvent(int systolic, int diastolic, boolean adverse) {
            assertThat(limits.significantRise(baseline, new Reading(Reading.Phase.PEAK, systolic, diastolic, 90,
                    SCHEDULED.plus(Duration.ofMinutes(40))))).isEqualTo(adverse);
        }
    }
}
