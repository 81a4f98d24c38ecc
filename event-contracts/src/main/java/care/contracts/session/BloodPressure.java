package care.contracts.session;

import static care.contracts.Invariants.inRange;

/**
 * A blood-pressure reading in mmHg.
 *
 * @param systolic  systolic pressure, 40..300
 * @param diastolic diastolic pressure, 20..200
 */
public record BloodPressure(int systolic, int diastolic) {

    public BloodPressure {
        inRange(systolic, 40, 300, "systolic");
        inRange(diastolic, 20, 200, "diastolic");
    }
}
