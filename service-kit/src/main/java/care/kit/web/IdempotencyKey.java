package care.kit.web;

import java.util.Objects;

/**
 * The {@code Idempotency-Key} request header: a client's name for one attempt at a change, so that retrying the
 * same request (after a lost answer, a tap twice on a phone) changes nothing more. A controller takes it as a
 * parameter of this type; the kit reads and checks the header (1 to {@value #MAX_LENGTH} characters, else a 400
 * problem naming the header) and passes {@code null} when the request has none.
 */
public record IdempotencyKey(String value) {

    /** The header's name. */
    public static final String HEADER = "Idempotency-Key";

    public static final int MAX_LENGTH = 128;

    public IdempotencyKey {
        Objects.requireNonNull(value);
        if (value.isBlank() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("An idempotency key has 1 to " + MAX_LENGTH + " characters");
        }
    }

    /** The key's value, or null when there is no key. */
    public static String valueOf(IdempotencyKey key) {
        return key == null ? null : key.value();
    }

    @Override
    public String toString() {
        return value;
    }
}
