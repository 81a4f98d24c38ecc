package care.session.safety;

import java.time.Duration;
import java.util.Objects;

import care.contracts.session.AdverseEventReported;

/**
 * The session-safety rules of a care program, every number configurable ({@code care.session.*}); the
 * defaults are those of docs/clinical-rules.md (session safety).
 *
 * @param startWindow             how long before the scheduled start a session may start (default 30 min)
 * @param preDoseReadingMaxAge    how old the pre-dose reading may be when the session starts (default 30 min)
 * @param minimumMonitoring       least monitoring after dosing before discharge (default 120 min)
 * @param dischargeReadingMaxAge  how old the discharge reading may be at discharge (default 30 min)
 * @param monitorCheckInterval    the monitor checks in this often after the start (default 15 min)
 * @param monitorCheckWindow      ... during this long after the start (default the first 60 min)
 * @param monitorCheckGrace       a check-in later than this past its due time is missed (default 5 min)
 * @param bloodPressure           the blood-pressure gates
 */
public record SafetyPolicy(
        Duration startWindow,
        Duration preDoseReadingMaxAge,
        Duration minimumMonitoring,
        Duration dischargeReadingMaxAge,
        Duration monitorCheckInterval,
        Duration monitorCheckWindow,
        Duration monitorCheckGrace,
        BloodPressureLimits bloodPressure) {

    /**
     * Blood-pressure gates in mmHg.
     *
     * @param maxSystolic        a pre-dose or discharge reading above this is out of range (default 140)
     * @param maxDiastolic       ... or above this (default 90)
     * @param peakRiseSystolic   a peak reading this much above the pre-dose baseline is an adverse event (40)
     * @param peakRiseDiastolic  ... or this much (25)
     * @param riseSeverity       the severity recorded for such a rise (default MODERATE; a clinician may
     *                           record a more severe event)
     */
    public record BloodPressureLimits(int maxSystolic, int maxDiastolic, int peakRiseSystolic, int peakRiseDiastolic,
                                      AdverseEventReported.Severity riseSeverity) {

        public BloodPressureLimits {
            positive(maxSystolic, "maxSystolic");
            positive(maxDiastolic, "maxDiastolic");
            positive(peakRiseSystolic, "peakRiseSystolic");
            positive(peakRiseDiastolic, "peakRiseDiastolic");
            Objects.requireNonNull(riseSeverity, "riseSeverity");
        }

        /** True when the reading is above either limit (140/90 passes, 141/90 and 140/91 do not). */
        public boolean aboveLimit(Reading reading) {
            return reading.systolic() > maxSystolic || reading.diastolic() > maxDiastolic;
        }

        /** True when the peak rose by at least the limit over the baseline, systolic or diastolic. */
        public boolean significantRise(Reading baseline, Reading peak) {
            return peak.systolic() - baseline.systolic() >= peakRiseSystolic
                    || peak.diastolic() - baseline.diastolic() >= peakRiseDiastolic;
        }

        private static void positive(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be positive");
            }
        }
    }

    public SafetyPolicy {
        notNegative(startWindow, "startWindow");
        positive(preDoseReadingMaxAge, "preDoseReadingMaxAge");
        notNegative(minimumMonitoring, "minimumMonitoring");
        positive(dischargeReadingMaxAge, "dischargeReadingMaxAge");
        positive(monitorCheckInterval, "monitorCheckInterval");
        notNegative(monitorCheckWindow, "monitorCheckWindow");
        notNegative(monitorCheckGrace, "monitorCheckGrace");
        Objects.requireNonNull(bloodPressure, "bloodPressure");
    }

    /** docs/clinical-rules.md: 30 min start window and reading age, 120 min monitoring, checks every 15 min for 60 min, 5 min grace, 140/90, +40/+25. */
    public static SafetyPolicy defaults() {
        return new SafetyPolicy(Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ofMinutes(120),
                Duration.ofMinutes(30), Duration.ofMinutes(15), Duration.ofMinutes(60), Duration.ofMinutes(5),
                new BloodPressureLimits(140, 90, 40, 25, AdverseEventReported.Severity.MODERATE));
    }

    private static void positive(Duration value, String name) {
        notNegative(value, name);
        if (value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    private static void notNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
    }
}
