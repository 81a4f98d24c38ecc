package care.kit.inbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;

import care.contracts.ContractEvent;
import care.contracts.CloudEventHeaders;
import care.contracts.EventType;
import care.kit.events.EventJson;
import care.kit.events.PoisonEventException;
import care.kit.events.TraceContext;
import care.kit.outbox.Outbox;

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
 * <p>
 * {@link #dispatchBatches} builds the consumer of a binding in batch mode ({@code consumer.batch-mode: true},
 * {@code content-type: application/octet-stream}); its {@link #storing} routes only decide changes, which the kit
 * stores for a whole batch in bulk ({@link Outbox#saveAll}).
 * <p>
 * Over 300 lines on purpose: a single event and a batch go through the same reading, routing, decision, conflict
 * retry and dead-letter path, which is easier to check for "never acknowledge an event without its effect" in one
 * place than spread over several.
 */
public class EventConsumers {

    private static final Logger log = LoggerFactory.getLogger(EventConsumers.class);
    private static final int CONFLICT_RETRIES = 10;

    private final EventJson json;
    private final MeterRegistry meters;
    private final Outbox outbox;
    private final Map<String, Counter> handledCounters = new ConcurrentHashMap<>();

    public EventConsumers(EventJson json, MeterRegistry meters, Outbox outbox) {
        this.json = json;
        this.meters = meters;
        this.outbox = outbox;
    }

    /**
     * What to do with one event type: either a {@code handler} that applies the event itself (reads, decides,
     * saves through the {@link Outbox}), or a {@code decision} that only decides the change ({@link Outbox.Change},
     * or null for none) and leaves storing it to the kit, which stores the decisions of a whole batch in bulk.
     */
    public record Route<E extends ContractEvent>(Class<E> type, Consumer<E> handler, Function<E, Outbox.Change> decision) {
    }

    /** A handler that applies each event of this type itself. */
    public static <E extends ContractEvent> Route<E> on(Class<E> type, Consumer<E> handler) {
        return new Route<>(type, handler, null);
    }

    /**
     * A decision for each event of this type: reads what it needs and returns the change to store (or null), with
     * no other side effect, as it may be decided again when another write changed the aggregate first. In a
     * {@link #dispatchBatches batch consumer} the changes of a batch are stored with one bulk write per collection.
     */
    public static <E extends ContractEvent> Route<E> storing(Class<E> type, Function<E, Outbox.Change> decision) {
        return new Route<>(type, null, decision);
    }

    /** A consumer that hands each event to the route for its type. */
    public Consumer<Message<byte[]>> dispatch(Route<?>... routes) {
        Map<EventType, Route<?>> byType = routes(routes);
        return message -> {
            Event event = read(byType, message.getHeaders()::get, message.getPayload());
            if (event != null) {
                event.context().run(() -> apply(event));
                count(event);
            }
        };
    }

    /**
     * A consumer of batches (a binding with {@code consumer.batch-mode=true}): the events of a batch are handled in
     * the order of the partition; the changes {@link #storing} routes decide are stored together, one bulk write
     * per collection, before any {@link #on} handler runs and before the batch is acknowledged. An event that
     * fails (unreadable, or its handler throws) is reported by its index: the events before it are acknowledged,
     * it is retried with back-off or dead-lettered ({@link DeadLetters}), and the rest of the batch is delivered
     * again after it, where what was already stored changes nothing.
     */
    public Consumer<Message<List<byte[]>>> dispatchBatches(Route<?>... routes) {
        return new BatchConsumer(routes(routes));
    }

    /** A consumer of batches, which can also take a single message (a dead letter being replayed). */
    public final class BatchConsumer implements Consumer<Message<List<byte[]>>> {

        private final Map<EventType, Route<?>> routes;

        BatchConsumer(Map<EventType, Route<?>> routes) {
            this.routes = routes;
        }

        @Override
        public void accept(Message<List<byte[]>> batch) {
            if (batch.getHeaders().get(KafkaHeaders.CONVERSION_FAILURES) instanceof List<?> failures
                    && failures.stream().anyMatch(java.util.Objects::nonNull)) {
                // Never acknowledge records that did not reach the handlers.
                throw new IllegalStateException("Records of a batch could not be converted: give the binding"
                        + " content-type application/octet-stream");
            }
            List<byte[]> payloads = batch.getPayload();
            handleBatch(routes, payloads, EventHeaders.ofBatch(batch.getHeaders(), payloads.size()));
        }

        /** One message, as a batch of one. */
        public void acceptOne(Message<byte[]> message) {
            Map<String, Object> headers = new HashMap<>(message.getHeaders());
            handleBatch(routes, java.util.Collections.singletonList(message.getPayload()), List.of(headers::get));
        }
    }

    private Map<EventType, Route<?>> routes(Route<?>... routes) {
        Map<EventType, Route<?>> byType = new LinkedHashMap<>();
        for (Route<?> route : routes) {
            if ((route.handler() == null) == (route.decision() == null)) {
                throw new IllegalArgumentException("A route has either a handler or a decision");
            }
            if (route.decision() != null && outbox == null) {
                throw new IllegalStateException("Storing routes need the outbox (a MongoTemplate)");
            }
            byType.put(EventType.of(route.type()), route);
        }
        return byType;
    }

    /** An event read from a record, with its route and trace context. */
    private record Event(int index, Route<?> route, ContractEvent event, TraceContext context) {
    }

    /** A decided change waiting for the batch's bulk write. */
    private record Decided(Event event, Outbox.Change change) {
    }

    private void handleBatch(Map<EventType, Route<?>> routes, List<byte[]> payloads, List<Function<String, Object>> headers) {
        List<Decided> decided = new ArrayList<>();
        Set<Object> aggregates = new HashSet<>();
        for (int i = 0; i < payloads.size(); i++) {
            Event event;
            try {
                event = read(routes, headers.get(i), payloads.get(i), i);
                if (event == null) {
                    continue;
                }
                if (event.route().decision() == null) {
                    // A handler may read what earlier events of the batch changed: store those first.
                    store(decided, aggregates);
                    event.context().run(() -> apply(event));
                    count(event);
                    continue;
                }
                Outbox.Change change = decide(event);
                if (change != null && !aggregates.add(outbox.identity(change.aggregate()))) {
                    // Decided on state an earlier change in the batch changes: store that one, then decide again.
                    store(decided, aggregates);
                    change = decide(event);
                    if (change != null) {
                        aggregates.add(outbox.identity(change.aggregate()));
                    }
                }
                if (change == null) {
                    count(event);
                } else {
                    decided.add(new Decided(event, change));
                }
            } catch (RuntimeException failure) {
                throw failed(decided, aggregates, failure, i);
            }
        }
        try {
            store(decided, aggregates);
        } catch (IndexedFailure failure) {
            throw new BatchListenerFailedException(describe(failure.getCause()), failure.getCause(), failure.index);
        }
    }

    /** Stores what was decided before the failed event, so that what is acknowledged before it has its effect. */
    private RuntimeException failed(List<Decided> decided, Set<Object> aggregates, RuntimeException failure, int index) {
        if (failure instanceof IndexedFailure earlier) {
            return new BatchListenerFailedException(describe(earlier.getCause()), earlier.getCause(), earlier.index);
        }
        try {
            store(decided, aggregates);
        } catch (IndexedFailure earlier) {
            return new BatchListenerFailedException(describe(earlier.getCause()), earlier.getCause(), earlier.index);
        }
        return new BatchListenerFailedException(describe(failure), failure, index);
    }

    private static String describe(Throwable failure) {
        return "Event handling failed (" + failure.getClass().getSimpleName() + ")";
    }

    /** A failure while storing what was decided, for the event at {@code index} of the batch. */
    private static final class IndexedFailure extends RuntimeException {

        private final int index;

        IndexedFailure(int index, RuntimeException cause) {
            super(cause);
            this.index = index;
        }
    }

    private void store(List<Decided> decided, Set<Object> aggregates) {
        if (decided.isEmpty()) {
            aggregates.clear();
            return;
        }
        Set<Outbox.Change> again = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        try {
            again.addAll(outbox.saveAll(decided.stream().map(Decided::change).toList()));
        } catch (RuntimeException failure) {
            throw new IndexedFailure(decided.getFirst().event().index(), failure);
        }
        for (Decided each : decided) {
            if (again.contains(each.change())) {
                // Another write changed the aggregate first: decide again on what is stored now, one by one.
                try {
                    each.event().context().run(() -> apply(each.event()));
                } catch (RuntimeException failure) {
                    throw new IndexedFailure(each.event().index(), failure);
                }
            }
            count(each.event());
        }
        decided.clear();
        aggregates.clear();
    }

    private Outbox.Change decide(Event event) {
        return event.context().run(() -> decision(event.route(), event.event()));
    }

    @SuppressWarnings("unchecked")
    private static <E extends ContractEvent> Outbox.Change decision(Route<E> route, ContractEvent event) {
        return route.decision().apply((E) event);
    }

    private Event read(Map<EventType, Route<?>> routes, Function<String, Object> headers, byte[] payload) {
        return read(routes, headers, payload, -1);
    }

    private Event read(Map<EventType, Route<?>> routes, Function<String, Object> headers, byte[] payload, int index) {
        String ceType = EventHeaders.header(headers, CloudEventHeaders.TYPE)
                .orElseThrow(() -> new PoisonEventException("Record without a " + CloudEventHeaders.TYPE + " header"));
        Optional<EventType> known = EventType.ofType(ceType);
        if (known.isEmpty() || !routes.containsKey(known.get())) {
            log.debug("Skipping event type {} (no handler here)", ceType);
            return null;
        }
        EventType type = known.get();
        ContractEvent event = json.read(type, payload);
        String ceId = EventHeaders.header(headers, CloudEventHeaders.ID).orElse(null);
        if (ceId == null || !ceId.equals(event.eventId().toString())) {
            throw new PoisonEventException(type.type() + " with a " + CloudEventHeaders.ID
                    + " header that does not match its payload");
        }
        TraceContext context = TraceContext.continuing(EventHeaders.header(headers, CloudEventHeaders.CORRELATION_ID).orElse(null),
                EventHeaders.header(headers, CloudEventHeaders.TRACEPARENT).orElse(null), event.eventId());
        return new Event(index, routes.get(type), event, context);
    }

    private void count(Event event) {
        String type = EventType.of(event.event()).type();
        handledCounters.computeIfAbsent(type,
                t -> Counter.builder("care.events.handled").tag("type", t).register(meters)).increment();
    }

    /** Applies one event: its handler, or its decision saved on its own, again after a conflicting write. */
    @SuppressWarnings("unchecked")
    private <E extends ContractEvent> void apply(Event event) {
        Route<E> route = (Route<E>) event.route();
        for (int attempt = 1;; attempt++) {
            try {
                if (route.handler() != null) {
                    route.handler().accept((E) event.event());
                } else {
                    Outbox.Change change = route.decision().apply((E) event.event());
                    if (change != null) {
                        outbox.save(change.aggregate(), change.events());
                    }
                }
                return;
            } catch (OptimisticLockingFailureException conflict) {
                // Another delivery or request changed the aggregate first: read it again and decide again.
                if (attempt >= CONFLICT_RETRIES) {
                    throw conflict;
                }
            }
        }
    }
}
