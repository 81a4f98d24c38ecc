package care.intake.screening;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import care.kit.domain.Refusal;

/**
 * How many screenings a patient may submit in any 24 hours (setting {@code care.intake.screenings-per-day}):
 * one more is refused with the time until the oldest counted one leaves the window.
 *
 * @param perDay the most screenings in any 24 hours, at least 1
 */
public record ScreeningRateLimit(int perDay) {

    /** The sliding window the limit counts in. */
    public static final Duration WINDOW = Duration.ofDays(1);

    public ScreeningRateLimit {
        if (perDay < 1) {
            throw new IllegalArgumentException("perDay must be at least 1");
        }
    }

    /**
     * Refuses a screening at {@code now} when {@code perDay} of the earlier ones were completed in the 24 hours
     * before it (strictly after {@code now - 24h}).
     *
     * @throws Refusal too many ({@code too-many-screenings}), with the time until the next one may be submitted
     */
    public void check(List<Instant> completedAt, Instant now) {
        List<Instant> counted = completedAt.stream().filter(at -> at.isAfter(now.minus(WINDOW))).sorted().toList();
        if (counted.size() >= perDay) {
            Duration retryAfter = Duration.between(now, counted.get(counted.size() - perDay).plus(WINDOW));
            throw Refusal.tooMany("too-many-screenings",
                    "At most " + perDay + " screenings may be submitted in 24 hours.", retryAfter);
        }
    }
}
