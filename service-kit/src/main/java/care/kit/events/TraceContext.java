package care.kit.events;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * What ties an event to what caused it: the correlation id and W3C trace context of the HTTP request or
 * event being handled on this thread, and the id of the event being handled (if any). The outbox copies
 * the first two into every event it stores, and records the third as handled in the same write.
 *
 * @param correlationId  the id shared by everything one request or workflow causes
 * @param traceparent    the W3C {@code traceparent} of the current unit of work
 * @param causingEventId the event whose handling is under way, or null for work started by a request
 */
public record TraceContext(String correlationId, String traceparent, UUID causingEventId) {

    private static final ThreadLocal<TraceContext> CURRENT = new ThreadLocal<>();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final Pattern CORRELATION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    /** The context of the current thread, if a request or an event is being handled. */
    public static Optional<TraceContext> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** A fresh context: new correlation id and a new trace. */
    public static TraceContext fresh() {
        return new TraceContext(UUID.randomUUID().toString(), "00-" + hex(16) + "-" + hex(8) + "-01", null);
    }

    /**
     * The context for work caused by a request or an event that carried these (possibly absent or invalid)
     * values: keeps the correlation id and the trace, starts a new span.
     */
    public static TraceContext continuing(String correlationId, String traceparent, UUID causingEventId) {
        String correlation = correlationId != null && CORRELATION_ID.matcher(correlationId).matches() ? correlationId
                : UUID.randomUUID().toString();
        var parent = traceparent == null ? null : TRACEPARENT.matcher(traceparent.trim());
        String trace = parent != null && parent.matches() ? "00-" + parent.group(1) + "-" + hex(8) + "-" + parent.group(3)
                : "00-" + hex(16) + "-" + hex(8) + "-01";
        return new TraceContext(correlation, trace, causingEventId);
    }

    /** Runs {@code work} with this context as the current one, then restores the previous one. */
    public <T> T run(Supplier<T> work) {
        TraceContext previous = CURRENT.get();
        CURRENT.set(this);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** Runs {@code work} with this context as the current one. */
    public void run(Runnable work) {
        run(() -> {
            work.run();
            return null;
        });
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
