package care.scheduling.availability;

import care.contracts.scheduling.AppointmentKind;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A provider's recurring weekly availability, in the provider's local time: a window 09:00–17:00 in
 * Europe/Berlin stays 09:00–17:00 on the wall clock across daylight-saving changes, so its UTC instants
 * move by the change.
 *
 * @param timeZone the provider's IANA time zone the windows are read in
 * @param weekly   the windows; several per day are allowed when they do not overlap (touching is fine)
 * @param kinds    the appointment kinds offered in these windows
 */
public record WeeklyAvailability(ZoneId timeZone, List<Window> weekly, Set<AppointmentKind> kinds) {

    public WeeklyAvailability {
        Objects.requireNonNull(timeZone, "timeZone");
        weekly = List.copyOf(weekly);
        kinds = Set.copyOf(kinds);
        requireNoOverlap(weekly);
    }

    /**
     * One recurring window on a day of the week, {@code [start, end)} in local time. Windows do not cross
     * midnight (a {@link LocalTime} cannot say 24:00), so the latest possible end is 23:59:59.999999999.
     */
    public record Window(DayOfWeek day, LocalTime start, LocalTime end) {

        public Window {
            Objects.requireNonNull(day, "day");
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException("window end " + end + " must be after its start " + start);
            }
        }
    }

    /** Whether appointments of this kind may be booked in these windows. */
    public boolean offers(AppointmentKind kind) {
        return kinds.contains(kind);
    }

    // Sorting by day then start makes any overlap show up between neighbours.
    private static void requireNoOverlap(List<Window> weekly) {
        List<Window> sorted = weekly.stream()
                .sorted(Comparator.comparing(Window::day).thenComparing(Window::start))
                .toList();
        for (int i = 1; i < sorted.size(); i++) {
            Window previous = sorted.get(i - 1);
            Window current = sorted.get(i);
            if (previous.day() == current.day() && current.start().isBefore(previous.end())) {
                throw new IllegalArgumentException("windows on " + current.day() + " overlap: "
                        + previous.start() + "–" + previous.end() + " and " + current.start() + "–" + current.end());
            }
        }
    }
}
