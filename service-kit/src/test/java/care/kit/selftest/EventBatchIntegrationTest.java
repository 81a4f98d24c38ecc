package care.kit.selftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import com.mongodb.client.model.Filters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import care.contracts.CloudEventHeaders;
import care.contracts.ContractEvent;
import care.contracts.intake.ConsentRecorded;
import care.contracts.session.SessionCompleted;
import care.kit.events.EventJson;
import care.kit.events.PoisonEventException;
import care.kit.inbox.EventConsumers;
import care.kit.outbox.Outbox;
import care.kit.outbox.OutboxProperties;
import care.kit.outbox.OutboxRelay;
import care.kit.test.ServiceIntegrationTest;

/**
 * Batches as the binding in batch mode delivers them, on the embedded store: decisions stored in bulk, in the order of
 * the partition, once per event however often the batch comes again; a failing event reported by its index with
 * everything before it stored. And a relay round in which the broker refuses one send.
 */
@org.junit.jupiter.api.Tag("integration")
@ServiceIntegrationTest
class EventBatchIntegrationTest {

    private static final EventJson JSON = new EventJson();
    /** The session number whose decision fails, in these tests. */
    private static final int FAILING_SESSION = 8;

    @Autowired
    EventConsumers consumers;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    Outbox outbox;

    /** A storing route: each completed session appended to the patient's journey (read, then changed). */
    private Consumer<Message<List<byte[]>>> journeys() {
        return consumers.dispatchBatches(EventConsumers.storing(SessionCompleted.class, completed -> {
            Journey journey = mongo.findById(completed.patientId().toString(), Journey.class);
            if (journey == null) {
                journey = new Journey(completed.patientId().toString());
            }
            if (completed.sessionNumber() == FAILING_SESSION) {
                throw new IllegalStateException("a failing decision for a test");
            }
            journey.completedSessions.add(completed.sessionNumber());
            return Outbox.Change.of(journey, List.of());
        }));
    }

    @Test
    void aBatchIsStoredInItsOrderAndARedeliveredBatchChangesNothing() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        // The same journey changed several times in one batch, interleaved with another patient's.
        List<SessionCompleted> sessions = List.of(session(first, 1), session(second, 1), session(first, 2),
                session(first, 3), session(second, 2), session(first, 4));
        Consumer<Message<List<byte[]>>> consumer = journeys();

        consumer.accept(batch(sessions));
        assertThat(journey(first).completedSessions).containsExactly(1, 2, 3, 4);
        assertThat(journey(second).completedSessions).containsExactly(1, 2);
        Document stored = mongo.getCollection("journeys").find(Filters.eq("_id", first.toString())).first();
        long version = stored.getLong("version");

        // The whole batch again, and again in part: nothing changes.
        consumer.accept(batch(sessions));
        consumer.accept(batch(sessions.subList(2, 6)));
        assertThat(journey(first).completedSessions).containsExactly(1, 2, 3, 4);
        assertThat(journey(second).completedSessions).containsExactly(1, 2);
        assertThat(mongo.getCollection("journeys").find(Filters.eq("_id", first.toString())).first().getLong("version"))
                .isEqualTo(version);
    }

    @Test
    void aPoisonEventIsReportedByItsIndexWithEverythingBeforeItStored() {
        UUID patient = UUID.randomUUID();
        SessionCompleted before = session(patient, 1);
        SessionCompleted after = session(patient, 2);
        Message<List<byte[]>> batch = batch(List.of(before, after));
        List<byte[]> payloads = new ArrayList<>(batch.getPayload());
        payloads.add(1, "{\"eventId\": \"not a uuid\"".getBytes(StandardCharsets.UTF_8));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> headers = new ArrayList<>(
                (List<Map<String, Object>>) batch.getHeaders().get(KafkaHeaders.BATCH_CONVERTED_HEADERS));
        headers.add(1, Map.of(CloudEventHeaders.TYPE, "care.session.SessionCompleted.v1".getBytes(StandardCharsets.UTF_8),
                CloudEventHeaders.ID, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8)));
        Message<List<byte[]>> withPoison = MessageBuilder.withPayload(payloads)
                .setHeader(KafkaHeaders.BATCH_CONVERTED_HEADERS, headers).build();

        assertThatThrownBy(() -> journeys().accept(withPoison)).isInstanceOfSatisfying(BatchListenerFailedException.class,
                failure -> {
                    assertThat(failure.getIndex()).isEqualTo(1);
                    assertThat(failure.getCause()).isInstanceOf(PoisonEventException.class);
                });
        // What comes before it is acknowledged with it, so it must be stored; what comes after is delivered again.
        assertThat(journey(patient).completedSessions).containsExactly(1);
        journeys().accept(batch(List.of(after)));
        assertThat(journey(patient).completedSessions).containsExactly(1, 2);
    }

    @Test
    void aFailingDecisionIsReportedByItsIndexAndTheBatchResumesAfterIt() {
        UUID patient = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        List<SessionCompleted> sessions = List.of(session(patient, 1), session(other, 1), session(patient, FAILING_SESSION),
                session(patient, 3));
        assertThatThrownBy(() -> journeys().accept(batch(sessions))).isInstanceOfSatisfying(
                BatchListenerFailedException.class, failure -> assertThat(failure.getIndex()).isEqualTo(2));
        assertThat(journey(patient).completedSessions).containsExactly(1);
        assertThat(journey(other).completedSessions).containsExactly(1);

        // Redelivered from the failed one on (as the error handler does), after it was dead-lettered: the rest.
        journeys().accept(batch(sessions.subList(3, 4)));
        assertThat(journey(patient).completedSessions).containsExactly(1, 3);
    }

    @Test
    void aRelayRoundMarksPublishedOnlyWhatTheBrokerAcknowledged() {
        // The application's relay is stopped meanwhile: only this test's relay publishes, one round (publishRound
        // needs no lease).
        stopApplicationRelayDuring(this::roundWithARefusedSend);
    }

    private void roundWithARefusedSend() {
        UUID patient = UUID.randomUUID();
        List<String> ids = new ArrayList<>();
        List<String> eventIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ConsentReceipt source = new ConsentReceipt("relay-test-" + UUID.randomUUID());
            ConsentRecorded consent = new ConsentRecorded(UUID.randomUUID(), patient, Instant.now(), UUID.randomUUID(),
                    ConsentRecorded.Scope.TREATMENT, ConsentRecorded.Status.ACTIVE, "1.0");
            outbox.save(source, List.of(consent));
            ids.add(source.id);
            eventIds.add(consent.eventId().toString());
            sleep(Duration.ofMillis(5)); // distinct creation times: the relay's order
        }
        String refused = eventIds.get(1);
        // A broker that answers only when told (flush waits for nothing here).
        MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
                new ByteArraySerializer()) {
            @Override
            public synchronized void flush() {
            }
        };
        OutboxRelay relay = new OutboxRelay(mongo, producer, new OutboxProperties(true, Duration.ofMillis(100), 1000,
                Duration.ofSeconds(5), Duration.ofSeconds(5), null), "failing-send", Clock.systemUTC(),
                new SimpleMeterRegistry());
        java.util.concurrent.atomic.AtomicBoolean roundOver = new java.util.concurrent.atomic.AtomicBoolean();
        Thread broker = Thread.ofPlatform().start(() -> {
            // Acknowledges every send in order, except the one of the second event, which it refuses.
            int answered = 0;
            while (!roundOver.get()) {
                List<org.apache.kafka.clients.producer.ProducerRecord<String, byte[]>> sent = producer.history();
                while (answered < sent.size()) {
                    String value = new String(sent.get(answered).value(), StandardCharsets.UTF_8);
                    if (value.contains(refused)) {
                        producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("refused for a test"));
                    } else {
                        producer.completeNext();
                    }
                    answered++;
                }
                sleep(Duration.ofMillis(5));
            }
        });
        try {
            assertThatThrownBy(relay::publishRound).isInstanceOf(IllegalStateException.class);
        } finally {
            roundOver.set(true);
        }
        join(broker);
        // Only the acknowledged one is gone from the outbox; the refused one stays pending, and so does the one after
        // it: it is published again after the refused one, in order.
        assertThat(pending(ids.get(0))).isEmpty();
        assertThat(pending(ids.get(1))).hasSize(1);
        assertThat(pending(ids.get(2))).hasSize(1);
    }

    @Autowired
    OutboxRelay applicationRelay;

    private void stopApplicationRelayDuring(Runnable work) {
        applicationRelay.stop();
        try {
            work.run();
        } finally {
            applicationRelay.start();
        }
    }

    private List<Document> pending(String id) {
        return mongo.getCollection("consent_receipts").find(Filters.eq("_id", id)).first()
                .getList(Outbox.PENDING, Document.class, List.of());
    }

    private Journey journey(UUID patient) {
        return mongo.findById(patient.toString(), Journey.class);
    }

    static Message<List<byte[]>> batch(List<? extends ContractEvent> events) {
        List<byte[]> payloads = new ArrayList<>();
        List<Map<String, Object>> headers = new ArrayList<>();
        for (ContractEvent event : events) {
            payloads.add(JSON.write(event).getBytes(StandardCharsets.UTF_8));
            Map<String, Object> each = new HashMap<>();
            CloudEventHeaders.of(event).forEach((name, value) -> each.put(name, value.getBytes(StandardCharsets.UTF_8)));
            headers.add(each);
        }
        return MessageBuilder.withPayload(payloads).setHeader(KafkaHeaders.BATCH_CONVERTED_HEADERS, headers).build();
    }

    private static SessionCompleted session(UUID patient, int number) {
        return new SessionCompleted(UUID.randomUUID(), patient, Instant.now(), UUID.randomUUID(), UUID.randomUUID(),
                UUID.randomUUID(), number, UUID.randomUUID(), 130);
    }

    private static void join(Thread thread) {
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
