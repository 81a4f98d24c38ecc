package care.kit.inbox;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;

import care.contracts.ContractEvent;
import care.contracts.CloudEventHeaders;
import care.contracts.EventType;
import care.kit.events.EventJson;
import care.kit.events.PoisonEventException;
import care.kit.events.TraceContext;

/**
 * Builds the Spring Cloud Stream consumers of a service: each reads the CloudEvents headers, turns the
 * payload back into its contract record and calls the handler registered for that type, inside a
 * {@link TraceContext} that carries the event's correlation id and trace onward and names the event as
 * the cause. Writes made through {@link care.kit.outbox.Outbox} while handling record the event as handled
 * in the same write, so a redelivered event changes nothing.
 * <p>
 * Types without a handler are skipped (another version may publish types this one does not know).
 * A payload that cannot be read is a {@link PoisonEventException} and goes straight to the dead letters;
 * any other failure is retried with back-off first (see {@link DeadLetters}).
 *
 * <pre>{@code
 * @Bean
 * Consumer<Message<byte[]>> intakeEvents(EventConsumers consumers, Plans plans) {
 *     return consumers.dispatch(EventConsumers.on(EligibilityApproved.class, plans::create));
 * }
 * }</pre>
 */
public class EventConsumers {

    private static final Logger log = LoggerFactory.getLogger(EventConsumers.class);
    private static final int CONFLICT_RETRIES = 10;

    private final EventJson json;
    private final MeterRegistry meters;

    public EventConsumers(EventJson json, MeterRegistry meters) {
        this.json = json;
        this.meters = meters;
    }

    /** A handler for one event type. */
    public record Route<E extends ContractEvent>(Class<E> type, Consumer<E> handler) {
    }

    public static <E extends ContractEvent> Route<E> on(Class<E> type, Consumer<E> handler) {
        return new Route<>(type, handler);
    }

    /** A consumer that hands each event to the route for its type. */
    public Consumer<Message<byte[]>> dispatch(Route<?>... routes) {
        Map<EventType, Route<?>> byType = new LinkedHashMap<>();
        for (Route<?> route : routes) {
            byType.put(EventType.of(route.type()), route);
        }
        return message -> handle(byType, message);
    }

    private void handle(Map<EventType, Route<?>> routes, Message<byte[]> message) {
        MessageHeaders headers = message.getHeaders();
        String ceType = header(headers, CloudEventHeaders.TYPE)
                .orElseThrow(() -> new PoisonEventException("Record without a " + CloudEventHeaders.TYPE + " header"));
        Optional<EventType> known = EventType.ofType(ceType);
        if (known.isEmpty() || !routes.containsKey(known.get())) {
            log.debug("Skipping event type {} (no handler here)", ceType);
            return;
        }
        EventType type = known.get();
        ContractEvent event = json.read(type, message.getPayload());
        String ceId = header(headers, CloudEventHeaders.ID).orElse(null);
        if (ceId == null || !ceId.equals(event.eventId().toString())) {
            throw new PoisonEventException(type.type() + " with a " + CloudEventHeaders.ID
                    + " header that does not match its payload");
        }
        TraceContext context = TraceContext.continuing(header(headers, CloudEventHeaders.CORRELATION_ID).orElse(null),
                header(headers, CloudEventHeaders.TRACEPARENT).orElse(null), event.eventId());
        context.run(() -> invoke(routes.get(type), event));
        Counter.builder("care.events.handled").tag("type", type.type()).register(meters).increment();
    }

    @SuppressWarnings("unchecked")
    private static <E extends ContractEvent> void invoke(Route<E> route, ContractEvent event) {
        for (int attempt = 1;; attempt++) {
            try {
                route.handler().accept((E) event);
                return;
            } catch (OptimisticLockingFailureException conflict) {
                // Another delivery or request changed the aggregate first: read it again and decide again.
                if (attempt >= CONFLICT_RETRIES) {
                    throw conflict;
                }
            }
        }
    }

    static Optional<String> header(MessageHeaders headers, String name) {
        Object value = headers.get(name);
        if (value instanceof byte[] bytes) {
            return Optional.of(new String(bytes, StandardCharsets.UTF_8));
        }
        return Optional.ofNullable(value).map(Object::toString);
    }

}
