package care.scheduling.pacing;

import java.time.Instant;
import java.util.Objects;

/**
 * A dosing session of the same plan that is booked (or already took place) and not cancelled, as
 * {@link DosingPacing} needs it: its position in the plan and its start.
 *
 * @param sessionNumber 1-based position of the session in the plan
 * @param start         when the session starts
 */
public record BookedDosing(int sessionNumber, Instant start) {

    public BookedDosing {
        if (sessionNumber < 1) {
            throw new IllegalArgumentException("sessionNumber must be at least 1");
        }
        Objects.requireNonNull(start, "start");
    }
}
