package care.web.pages;

import java.time.Instant;
import java.time.ZoneId;

/**
 * Times as the session pages show them, in one zone: the patient's own, or UTC for staff (a small script shows
 * staff the time on their device). {@link #iso(Instant)} goes into {@code <time datetime>}.
 */
record SessionTimes(ZoneId zone) {

    public String time(Instant instant) {
        return SessionView.time(instant, zone);
    }

    public String dayAndTime(Instant instant) {
        return SessionView.dayAndTime(instant, zone);
    }

    public String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
