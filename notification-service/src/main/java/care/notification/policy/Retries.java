package care.notification.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * How a failed attempt is tried again: after {@code backoff}, doubled for each further attempt up to
 * {@code maxBackoff}; a non-urgent message is given up after {@code maxAttempts} attempts or at once when its
 * failure cannot be cured by trying again. An urgent message (a care-team alert) is never given up.
 */
public record Retries(Duration backoff, Duration maxBackoff, int maxAttempts) {

    public Retries {
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("maxAttempts must not be negative");
        }
    }

    /** The wait after {@code attempts} failed attempts. */
    public Duration after(int attempts) {
        Duration wait = backoff;
        for (int i = 1; i < attempts && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    /** Whether a message that failed its {@code attempts}-th attempt is tried again. */
    public boolean tryAgain(boolean urgent, boolean retryable, int attempts) {
        return urgent || retryable && attempts < maxAttempts;
    }
}
