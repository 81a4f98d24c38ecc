package care.session.dosing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import care.session.safety.Reading;

/** A recorded reading of a dosing session (an element of {@code vitals}). */
public class VitalSign {
    String id;
    Reading.Phase phase;
    int systolic;
    int diastolic;
    int heartRate;
    Instant takenAt;
    DosingSession.Source source;

    static VitalSign of(Reading reading, DosingSession.Source source, String id) {
        VitalSign sign = new VitalSign();
        sign.id = id;
        sign.phase = reading.phase();
        sign.systolic = reading.systolic();
        sign.diastolic = reading.diastolic();
        sign.heartRate = reading.heartRate();
        sign.takenAt = reading.takenAt();
        sign.source = source;
        return sign;
    }

    Reading reading() {
        return new Reading(phase, systolic, diastolic, heartRate, takenAt);
    }

    /** The id of the latest pre-dose sign recorded as this reading, or null. */
    static String idOf(List<VitalSign> signs, Reading reading) {
        return signs.stream().filter(sign -> sign.takenAt.equals(reading.takenAt()) && sign.phase == Reading.Phase.PRE_DOSE)
                .reduce((first, second) -> second).map(sign -> sign.id).orElse(null);
    }

    /** The reading of the sign with this id, if it is among these. */
    static Optional<Reading> find(List<VitalSign> signs, String id) {
        return signs.stream().filter(sign -> sign.id.equals(id)).findFirst().map(VitalSign::reading);
    }
}
