package care.notification.delivery;

/**
 * A provider is not being called just now: its circuit breaker is open, its rate limit is reached or all
 * its concurrent calls are taken. Nothing was sent; the message waits and is tried again later.
 */
public class ProviderUnavailable extends RuntimeException {

    public ProviderUnavailable(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
