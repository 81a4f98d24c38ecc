package care.notification.delivery;

import care.contracts.notification.NotificationFailed;

/**
 * A provider did not take a message. A {@linkplain #retryable() retryable} failure (a connection error, a
 * timeout, a 5xx or a 429) says nothing about the message and counts against the provider's health; any
 * other (the provider refused this message, e.g. an invalid number) will not change on a retry.
 */
public class ProviderFailure extends RuntimeException {

    private final boolean retryable;
    private final NotificationFailed.Failure failure;

    public ProviderFailure(boolean retryable, NotificationFailed.Failure failure, String message, Throwable cause) {
        super(message, cause, false, false);
        this.retryable = retryable;
        this.failure = failure;
    }

    public static ProviderFailure retryable(NotificationFailed.Failure failure, String message, Throwable cause) {
        return new ProviderFailure(true, failure, message, cause);
    }

    public static ProviderFailure refused(NotificationFailed.Failure failure, String message) {
        return new ProviderFailure(false, failure, message, null);
    }

    public boolean retryable() {
        return retryable;
    }

    public NotificationFailed.Failure failure() {
        return failure;
    }
}
