package care.kit.events;

/**
 * An event that can never be handled, however often it is retried: it goes to the dead-letter topic at
 * once. Messages name the event type or the missing header, never payload values.
 */
public class PoisonEventException extends RuntimeException {

    public PoisonEventException(String message) {
        super(message);
    }

    public PoisonEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
