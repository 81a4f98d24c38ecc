package care.scheduling.availability;

import care.contracts.scheduling.AppointmentKind;
import care.scheduling.pacing.PacingPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Finds a provider's free slots and checks times against their weekly availability.
 *
 * <h2>Local windows, real durations</h2>
 * Each weekly window is placed on each calendar date in the provider's zone with
 * {@link ZonedDateTime#of}, which gives its start and end instants. Inside that span, slots are laid out
 * in elapsed time from the window's start, every {@code duration + buffer}; a slot is
 * {@code [start, start + duration)} and must end by the window's end instant. So every slot lasts exactly
 * the appointment's length, slots never start at a local time that does not exist, and no instant is
 * offered twice. On ordinary days this is the same as a wall-clock grid.
 *
 * <h2>Daylight-saving days</h2>
 * <ul>
 *   <li>Spring forward (gap): a window boundary at a non-existent local time is moved later by the length of
 *       the gap, as {@code java.time} does (02:30 becomes 03:30 in America/New_York on 2026-03-08). A
 *       window 01:00–04:00 that day spans two real hours (06:00Z–08:00Z), so 45-minute slots are offered at
 *       01:00 and 03:00 local; nothing at 02:00. A window that falls entirely inside the gap (02:00–02:45)
 *       becomes 03:00–03:45 local. A window whose start is shifted past its end yields nothing.</li>
 *   <li>Fall back (overlap): a boundary at an ambiguous local time takes the earlier offset (the first time
 *       the clock shows it). A window 00:00–03:00 on such a day spans four real hours, the repeated hour
 *       included, so it offers slots at 01:00 in both offsets: two distinct instants, each offered once.</li>
 * </ul>
 * Dates are walked as {@link LocalDate}s, never by adding 24 hours to an instant, which on 23- and 25-hour
 * days would skip or repeat a date.
 */
public final class SlotFinder {

    private SlotFinder() {
    }

    /**
     * The free slots for an appointment of {@code kind} between {@code from} and {@code to}, sorted by start.
     * A slot is free when {@code [start, end + buffer)} overlaps no busy interval. Each slot is free on its
     * own; two neighbouring slots of adjacent windows may not both be bookable once buffers are counted.
     *
     * @param availability the provider's weekly windows; no slots when it does not offer {@code kind}
     * @param kind         the appointment kind, which gives the duration
     * @param policy       durations and buffer
     * @param from         earliest slot start (inclusive)
     * @param to           latest slot end (inclusive)
     * @param busy         the provider's booked time, each interval already including its buffer
     */
    public static List<Slot> freeSlots(WeeklyAvailability availability, AppointmentKind kind, PacingPolicy policy,
            Instant from, Instant to, List<Interval> busy) {
        Objects.requireNonNull(availability, "availability");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(policy, "policy");
        requireOrdered(from, to);
        List<Interval> taken = List.copyOf(busy);
        if (!availability.offers(kind)) {
            return List.of();
        }
        Duration duration = policy.durationOf(kind);
        Duration step = duration.plus(policy.buffer());
        List<Slot> slots = new ArrayList<>();
        for (Interval window : windowsBetween(availability, from, to)) {
            for (Instant start = window.start(); !start.plus(duration).isAfter(window.end()); start = start.plus(step)) {
                Instant end = start.plus(duration);
                if (!start.isBefore(from) && !end.isAfter(to) && isFree(start, end.plus(policy.buffer()), taken)) {
                    slots.add(new Slot(start, end));
                }
            }
        }
        slots.sort(Comparator.comparing(Slot::start));
        return List.copyOf(slots);
    }

    /** Whether {@code [start, end)} lies entirely inside one local window of the availability. */
    public static boolean withinAvailability(WeeklyAvailability availability, Instant start, Instant end) {
        Objects.requireNonNull(availability, "availability");
        requireOrdered(start, end);
        if (start.equals(end)) {
            throw new IllegalArgumentException("end must be after start");
        }
        return windowsBetween(availability, start, end).stream().anyMatch(window -> window.encloses(start, end));
    }

    /**
     * The concrete windows of every local date touching {@code [from, to]}, as instants. One extra date on
     * each side covers zones whose midnight itself is skipped or repeated by a DST change.
     */
    static List<Interval> windowsBetween(WeeklyAvailability availability, Instant from, Instant to) {
        LocalDate first = from.atZone(availability.timeZone()).toLocalDate().minusDays(1);
        LocalDate last = to.atZone(availability.timeZone()).toLocalDate().plusDays(1);
        List<Interval> windows = new ArrayList<>();
        for (LocalDate date = first; !date.isAfter(last); date = date.plusDays(1)) {
            for (WeeklyAvailability.Window window : availability.weekly()) {
                if (window.day() != date.getDayOfWeek()) {
                    continue;
                }
                Instant start = ZonedDateTime.of(date, window.start(), availability.timeZone()).toInstant();
                Instant end = ZonedDateTime.of(date, window.end(), availability.timeZone()).toInstant();
                // A window starting in a spring-forward gap can be shifted past its own end: nothing left.
                if (end.isAfter(start)) {
                    windows.add(new Interval(start, end));
                }
            }
        }
        return windows;
    }

    // A linear scan: a provider's busy list over a search range is small (tens of appointments).
    private static boolean isFree(Instant start, Instant endWithBuffer, List<Interval> busy) {
        for (Interval interval : busy) {
            if (interval.overlaps(start, endWithBuffer)) {
                return false;
            }
        }
        return true;
    }

    private static void requireOrdered(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("range end must not be before its start");
        }
    }
}
