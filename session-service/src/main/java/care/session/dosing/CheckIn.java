package care.session.dosing;

import java.time.Instant;

/** A check-in as the monitor (or the clinician) reported it (an element of {@code checkIns}). */
public class CheckIn {
    Instant at;
    DosingSession.CheckInStatus status;
    DosingSession.Source source;
    Integer checkNumber;

    static CheckIn of(DosingSession.CheckInStatus status, DosingSession.Source source, Instant at,
            Integer checkNumber) {
        CheckIn checkIn = new CheckIn();
        checkIn.at = at;
        checkIn.status = status;
        checkIn.source = source;
        checkIn.checkNumber = checkNumber;
        return checkIn;
    }
}
