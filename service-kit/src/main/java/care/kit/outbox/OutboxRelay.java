package care.kit.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateManyModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Publishes pending outbox events to Kafka and removes each only after the broker acknowledged it
 * (idempotent producer, {@code acks=all}, synchronous per round). Events go out in the order they were
 * stored, across all aggregates of the service: a round only publishes events older than the oldest
 * event it did not read, so a patient's events never overtake each other. Only the holder of the
 * {@link OutboxLease} publishes.
 * <p>
 * A crash after publishing and before removing publishes those events again on the next round: delivery
 * is at least once, and consumers de-duplicate on the event id.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final MongoTemplate mongo;
    private final Producer<String, byte[]> producer;
    private final OutboxProperties properties;
    private final OutboxLease lease;
    private final Clock clock;
    private final Semaphore wakeUp = new Semaphore(0);
    private final OutboxGauges gauges;
    private final AtomicLong published = new AtomicLong();
    private volatile Thread worker;
    private volatile boolean running;

    public OutboxRelay(MongoTemplate mongo, Producer<String, byte[]> producer, OutboxProperties properties,
            String instanceId, Clock clock, MeterRegistry meters) {
        this.mongo = mongo;
        this.producer = producer;
        this.properties = properties;
        this.clock = clock;
        this.lease = new OutboxLease(mongo, instanceId, properties.leaseTime(), clock);
        this.gauges = new OutboxGauges(mongo, clock, meters);
    }

    /** Asks for a round soon, without waiting for the poll interval (called after a local write). */
    public void wakeUp() {
        if (wakeUp.availablePermits() == 0) {
            wakeUp.release();
        }
    }

    /** Events this instance has published since it started. */
    public long publishedCount() {
        return published.get();
    }

    @Override
    public boolean isAutoStartup() {
        return properties.enabled();
    }

    @Override
    public void start() {
        running = true;
        worker = Thread.ofPlatform().name("outbox-relay").daemon(true).start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        Thread current = worker;
        if (current != null) {
            current.interrupt();
            try {
                current.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            lease.release();
        } catch (RuntimeException e) {
            log.debug("Outbox lease not released: {}", e.getClass().getSimpleName());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Stops after the message listeners, starts before them.
        return Integer.MAX_VALUE - 1000;
    }

    private void loop() {
        Duration backOff = properties.pollInterval();
        while (running) {
            boolean more = false;
            try {
                if (lease.acquire()) {
                    more = publishRound();
                }
                gauges.update(this::collections);
                backOff = properties.pollInterval();
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("Outbox round failed ({}); retrying in {} ms", e.getClass().getSimpleName(), backOff.toMillis());
                backOff = backOff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10)
                        : backOff.multipliedBy(2);
            }
            if (!more) {
                try {
                    if (wakeUp.tryAcquire(backOff.toMillis(), TimeUnit.MILLISECONDS) && !properties.linger().isZero()) {
                        // Woken by a write: more usually follow; one round publishes them together.
                        Thread.sleep(properties.linger());
                    }
                    wakeUp.drainPermits();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private record Pending(String collection, Object aggregateId, OutboxMessage message) {
    }

    /**
     * Publishes one batch (without the lease: the running relay calls this only while it holds it); true when there
     * may be more right away.
     *
     * @throws IllegalStateException when the broker did not acknowledge an event: the events before it are marked
     *                               published, it and every later one of the round stay pending
     */
    public boolean publishRound() {
        int limit = properties.batchSize();
        List<Pending> candidates = new ArrayList<>();
        Instant watermark = null;
        boolean full = false;
        for (String collection : collections()) {
            List<Document> documents = mongo.getCollection(collection)
                    .find(Filters.exists(Outbox.PENDING_SINCE))
                    .sort(Sorts.ascending(Outbox.PENDING_SINCE))
                    .projection(Projections.include(Outbox.PENDING, Outbox.PENDING_SINCE))
                    .limit(limit + 1)
                    .into(new ArrayList<>());
            if (documents.size() > limit) {
                // Events newer than the oldest unread aggregate's may not go yet: they could overtake it.
                Instant unread = documents.remove(limit).getDate(Outbox.PENDING_SINCE).toInstant();
                watermark = watermark == null || unread.isBefore(watermark) ? unread : watermark;
                full = true;
            }
            for (Document document : documents) {
                List<Document> messages = document.getList(Outbox.PENDING, Document.class, List.of());
                if (messages.isEmpty()) {
                    clearIfEmpty(collection, document.get("_id"));
                }
                for (Document message : messages) {
                    candidates.add(new Pending(collection, document.get("_id"), OutboxMessage.fromDocument(message)));
                }
            }
        }
        Instant limitTime = watermark;
        List<Pending> round = candidates.stream()
                .filter(candidate -> limitTime == null || !candidate.message().createdAt().isAfter(limitTime))
                .sorted(Comparator.comparing((Pending candidate) -> candidate.message().createdAt()))
                .toList();
        if (round.isEmpty()) {
            return false;
        }
        List<Future<RecordMetadata>> sends = new ArrayList<>(round.size());
        for (Pending candidate : round) {
            sends.add(producer.send(record(candidate.message())));
        }
        producer.flush();
        Map<String, Map<Object, List<String>>> acknowledged = new LinkedHashMap<>();
        RuntimeException failure = null;
        long deadline = System.nanoTime() + properties.sendTimeout().toNanos();
        for (int i = 0; i < round.size(); i++) {
            Pending candidate = round.get(i);
            try {
                sends.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged.computeIfAbsent(candidate.collection(), c -> new LinkedHashMap<>())
                        .computeIfAbsent(candidate.aggregateId(), a -> new ArrayList<>())
                        .add(candidate.message().eventId());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = new IllegalStateException("interrupted while publishing");
                break;
            } catch (ExecutionException | TimeoutException e) {
                failure = new IllegalStateException("Kafka did not acknowledge " + candidate.message().type(), e);
                // Later events stay pending: they are published again with this one, in order.
                break;
            }
        }
        acknowledged.forEach((collection, byAggregate) -> {
            // One round trip per collection: remove what was acknowledged from each aggregate (found by its id
            // alone), then, in one multi-document update, clear the marker where nothing is left: each document is
            // checked and changed atomically, so a write that added events in between keeps it.
            List<WriteModel<Document>> writes = new ArrayList<>();
            byAggregate.forEach((id, eventIds) -> writes.add(new UpdateOneModel<>(new Document("_id", id),
                    Updates.pull(Outbox.PENDING, new Document(OutboxMessage.EVENT_ID, new Document("$in", eventIds))))));
            writes.add(new UpdateManyModel<>(new Document("_id", new Document("$in", new ArrayList<>(byAggregate.keySet())))
                    .append(Outbox.PENDING, new Document("$size", 0)), Updates.unset(Outbox.PENDING_SINCE)));
            mongo.getCollection(collection).bulkWrite(writes, new BulkWriteOptions().ordered(true));
            byAggregate.values().forEach(eventIds -> published.addAndGet(eventIds.size()));
        });
        if (failure != null) {
            throw failure;
        }
        return full;
    }

    private void clearIfEmpty(String collection, Object id) {
        mongo.getCollection(collection).updateOne(emptyOutbox(id), Updates.unset(Outbox.PENDING_SINCE));
    }

    private static Document emptyOutbox(Object id) {
        return new Document("_id", id).append(Outbox.PENDING, new Document("$size", 0));
    }

    private static ProducerRecord<String, byte[]> record(OutboxMessage message) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(message.topic(), message.key(),
                message.payload().getBytes(StandardCharsets.UTF_8));
        message.headers().forEach((name, value) -> record.headers()
                .add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
        return record;
    }

    List<String> collections() {
        List<String> names = new ArrayList<>();
        mongo.getCollection(Outbox.REGISTRY).find().forEach(document -> names.add(document.getString("_id")));
        return names;
    }

    /** For tests and operators: the instance that holds the publishing lease, if any. */
    public String leaseHolder() {
        Document state = lease.state();
        return state == null || state.getDate("until").before(Date.from(clock.instant())) ? null
                : state.getString("owner");
    }
}
