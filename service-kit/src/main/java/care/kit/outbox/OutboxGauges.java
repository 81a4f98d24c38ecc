package care.kit.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The relay's gauges: {@code care.outbox.pending} (events stored and not yet acknowledged by Kafka) and
 * {@code care.outbox.oldest.age} (seconds the oldest of them has waited), counted in the store at most once a second.
 */
final class OutboxGauges {

    private final MongoTemplate mongo;
    private final Clock clock;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestAgeMillis = new AtomicLong();
    private volatile long updatedAt;

    OutboxGauges(MongoTemplate mongo, Clock clock, MeterRegistry meters) {
        this.mongo = mongo;
        this.clock = clock;
        Gauge.builder("care.outbox.pending", pending, AtomicLong::get)
                .description("Events stored in the outbox and not yet acknowledged by Kafka").register(meters);
        Gauge.builder("care.outbox.oldest.age", oldestAgeMillis, value -> value.get() / 1000.0)
                .baseUnit("seconds").description("Age of the oldest event waiting in the outbox").register(meters);
    }

    /** Counts the pending events and the oldest marker in these collections, unless counted in the last second. */
    void update(Supplier<List<String>> collections) {
        if (System.nanoTime() - updatedAt < Duration.ofSeconds(1).toNanos()) {
            return;
        }
        updatedAt = System.nanoTime();
        long count = 0;
        Instant oldest = null;
        for (String collection : collections.get()) {
            // Reads only the aggregates with pending events (found by the outboxSince index) and only the fields needed.
            for (Document document : mongo.getCollection(collection).find(Filters.exists(Outbox.PENDING_SINCE))
                    .projection(Projections.include(Outbox.PENDING + "." + OutboxMessage.EVENT_ID,
                            Outbox.PENDING_SINCE))) {
                count += document.getList(Outbox.PENDING, Document.class, List.of()).size();
                Date since = document.getDate(Outbox.PENDING_SINCE);
                if (since != null && (oldest == null || since.toInstant().isBefore(oldest))) {
                    oldest = since.toInstant();
                }
            }
        }
        pending.set(count);
        oldestAgeMillis.set(oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis()));
    }
}
