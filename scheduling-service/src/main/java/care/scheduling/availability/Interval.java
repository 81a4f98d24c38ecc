package care.scheduling.availability;

import java.time.Instant;
import java.util.Objects;

/**
 * A half-open span of time {@code [start, end)}. Busy intervals of a provider are stored with the
 * appointment's buffer already added to {@code end}.
 */
public record Interval(Instant start, Instant end) {

    public Interval {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("interval end must be after its start");
        }
    }

    /** Whether the two half-open intervals share any instant (merely touching does not count). */
    public boolean overlaps(Instant otherStart, Instant otherEnd) {
        return start.isBefore(otherEnd) && otherStart.isBefore(end);
    }

    /** Whether {@code [otherStart, otherEnd)} lies entirely within this interval. */
    public boolean encloses(Instant otherStart, Instant otherEnd) {
        return !otherStart.isBefore(start) && !otherEnd.isAfter(end);
    }
}
