package care.scheduling.availability;

import java.time.Instant;
import java.util.Objects;

/**
 * A bookable appointment time {@code [start, end)}, as long as the appointment itself (the buffer that
 * follows it is not included).
 */
public record Slot(Instant start, Instant end) {

    public Slot {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("slot end must be after its start");
        }
    }
}
