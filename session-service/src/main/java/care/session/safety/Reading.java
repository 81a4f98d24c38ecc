package care.session.safety;

import java.time.Instant;
import java.util.Objects;

import care.contracts.session.BloodPressure;

/**
 * One vital-signs reading.
 *
 * @param phase     when in the session it was taken
 * @param systolic  mmHg
 * @param diastolic mmHg
 * @param heartRate beats per minute
 * @param takenAt   when it was recorded
 */
public record Reading(Phase phase, int systolic, int diastolic, int heartRate, Instant takenAt) {

    /** When in a dosing session a reading is taken. */
    public enum Phase {
        /** Before dosing; gates the start. */
        PRE_DOSE,
        /** Around the peak effect, about 40 minutes after dosing. */
        PEAK,
        /** Before discharge; gates the completion. */
        DISCHARGE
    }

    public Reading {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(takenAt, "takenAt");
    }

    public BloodPressure bloodPressure() {
        return new BloodPressure(systolic, diastolic);
    }
}
