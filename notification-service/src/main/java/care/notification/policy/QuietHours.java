package care.notification.policy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * The hours, in the patient's own time zone, in which nothing non-urgent is sent (docs/clinical-rules.md, quiet hours: 21:00–08:00
 * by default). The start is inside the quiet hours, the end is not: with 21:00–08:00, 20:59 and 08:00 are
 * allowed, 21:00 and 07:59 are not. A start after the end spans midnight; equal start and end means none.
 * Wall-clock times are used across daylight-saving changes, so the quiet hours always end at 08:00 local
 * time; an end that falls into a spring-forward gap is moved forward by the gap, as {@link ZonedDateTime}
 * does.
 */
public record QuietHours(LocalTime start, LocalTime end) {

    public static final QuietHours DEFAULT = new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0));

    public QuietHours {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }

    /** Whether {@code at} lies inside the quiet hours in {@code zone}. */
    public boolean covers(Instant at, ZoneId zone) {
        LocalTime time = at.atZone(zone).toLocalTime();
        if (start.equals(end)) {
            return false;
        }
        if (start.isBefore(end)) {
            return !time.isBefore(start) && time.isBefore(end);
        }
        return !time.isBefore(start) || time.isBefore(end);
    }

    /** {@code at} itself when allowed, otherwise the end of the quiet hours that cover it. */
    public Instant nextAllowed(Instant at, ZoneId zone) {
        if (!covers(at, zone)) {
            return at;
        }
        ZonedDateTime local = at.atZone(zone);
        LocalDate day = local.toLocalDate();
        if (start.isAfter(end) && !local.toLocalTime().isBefore(start)) {
            day = day.plusDays(1);
        }
        return ZonedDateTime.of(day, end, zone).toInstant();
    }
}
