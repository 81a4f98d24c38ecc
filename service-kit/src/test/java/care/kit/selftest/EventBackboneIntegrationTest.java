package care.kit.selftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.mongodb.client.model.Filters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import care.contracts.CloudEventHeaders;
import care.contracts.Topics;
import care.contracts.intake.ConsentRecorded;
import care.contracts.intake.EligibilityApproved;
import care.contracts.session.SessionCompleted;
import care.kit.events.EventJson;
import care.kit.events.TraceContext;
import care.kit.inbox.DeadLetters;
import care.kit.outbox.Outbox;
import care.kit.outbox.OutboxProperties;
import care.kit.outbox.OutboxRelay;
import care.kit.security.Role;
import care.kit.test.Api;
import care.kit.test.ServiceIntegrationTest;
import care.kit.test.TestEvents;
import care.kit.test.TestInfrastructure;
import care.kit.test.TestIssuer;
import care.kit.test.TopicRecorder;
import care.kit.test.TopicRecorder.Received;
import tools.jackson.databind.JsonNode;

/**
 * The event backbone end to end on the real broker and store: outbox, relay, idempotent consumers,
 * retries and dead letters, as a service built on service-kit gets them.
 */
@org.junit.jupiter.api.Tag("integration")
@ServiceIntegrationTest
class EventBackboneIntegrationTest {

    private static final String DEAD_LETTERS = DeadLetters.topicFor(Topics.INTAKE_EVENTS, "kit-test");
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static TopicRecorder recorder;
    private static TestEvents events;

    @Autowired
    MongoTemplate mongo;
    @Autowired
    Outbox outbox;
    @Autowired
    OutboxRelay relay;
    @Autowired
    MeterRegistry meters;
    @Autowired
    @Qualifier("intakeEvents")
    Consumer<Message<List<byte[]>>> intakeEvents;
    @LocalServerPort
    int port;
    @LocalManagementPort
    int managementPort;

    @BeforeAll
    static void startRecording() {
        recorder = new TopicRecorder(List.of(Topics.SCHEDULING_EVENTS, DEAD_LETTERS));
        events = new TestEvents();
    }

    @AfterAll
    static void everyEventTheApplicationPublishedMatchesItsSchema() throws InterruptedException {
        recorder.close();
        events.close();
        List<Received> published = recorder.matching(record -> record.topic().equals(Topics.SCHEDULING_EVENTS));
        assertThat(published).isNotEmpty();
        recorder.assertEveryEventMatchesItsSchema(Topics.SCHEDULING_EVENTS);
    }

    @Test
    void eventStoredBeforeACrashIsPublishedByTheNextRelay() {
        relay.stop();
        UUID consultation = UUID.randomUUID();
        String patient;
        try {
            patient = api().post("/api/kit/plans/" + consultation, TestIssuer.get().token("c", Role.CLINICIAN), "")
                    .body();
            Document stored = mongo.getCollection("plans").find(Filters.eq("_id", consultation.toString())).first();
            assertThat(stored.getList(Outbox.PENDING, Document.class)).hasSize(1);
            assertThat(stored.get(Outbox.PENDING_SINCE)).isNotNull();
            sleep(Duration.ofMillis(700));
            assertThat(recorder.matching(plansFor(consultation))).as("nothing published while no relay runs").isEmpty();

            // A new process: a fresh relay with its own producer, on the same database.
            try (KafkaProducer<String, byte[]> producer = producer()) {
                OutboxRelay restarted = new OutboxRelay(mongo, producer, new OutboxProperties(true,
                        Duration.ofMillis(100), 50, Duration.ofSeconds(5), Duration.ofSeconds(10), null), "restarted",
                        Clock.systemUTC(), new SimpleMeterRegistry());
                restarted.start();
                try {
                    List<Received> published = recorder.await(plansFor(consultation), 1, WAIT);
                    assertThat(published.getFirst().key()).isEqualTo(patient);
                    await().atMost(WAIT).until(() -> mongo.getCollection("plans")
                            .find(Filters.eq("_id", consultation.toString())).first().get(Outbox.PENDING_SINCE) == null);
                    assertThat(mongo.getCollection("plans").find(Filters.eq("_id", consultation.toString())).first()
                            .getList(Outbox.PENDING, Document.class)).isEmpty();
                } finally {
                    restarted.stop();
                }
            }
        } finally {
            relay.start();
        }
    }

    @Test
    void correlationIdAndTraceFollowTheRequestIntoItsEvents() {
        UUID consultation = UUID.randomUUID();
        var response = api().postWithHeaders("/api/kit/plans/" + consultation, TestIssuer.get().token("c", Role.CLINICIAN),
                Map.of("X-Correlation-Id", "corr-4711",
                        "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        assertThat(response.headers().firstValue("X-Correlation-Id")).hasValue("corr-4711");
        Received published = recorder.await(plansFor(consultation), 1, WAIT).getFirst();
        assertThat(published.header(CloudEventHeaders.CORRELATION_ID)).isEqualTo("corr-4711");
        assertThat(published.header(CloudEventHeaders.TRACEPARENT)).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-")
                .doesNotContain("00f067aa0ba902b7");
    }

    @Test
    void eventsCausedByAnEventCarryItsCorrelationIdAndTrace() {
        EligibilityApproved approved = approval(UUID.randomUUID());
        events.publish(approved, Map.of(CloudEventHeaders.CORRELATION_ID, "corr-chain-1",
                CloudEventHeaders.TRACEPARENT, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
        Received caused = recorder.await(plansFor(approved.consultationId()), 1, WAIT).getFirst();
        assertThat(caused.header(CloudEventHeaders.CORRELATION_ID)).isEqualTo("corr-chain-1");
        assertThat(caused.header(CloudEventHeaders.TRACEPARENT)).startsWith("00-0af7651916cd43dd8448eb211c80319c-")
                .doesNotContain("b7ad6b7169203331");
        assertThat(caused.header(CloudEventHeaders.SOURCE)).isEqualTo("scheduling-service");
        assertThat(caused.key()).isEqualTo(approved.patientId().toString());
    }

    @Test
    void aPatientsEventsArePublishedInTheOrderTheyWereStoredAcrossAggregates() {
        UUID patient = UUID.randomUUID();
        List<UUID> consultations = new ArrayList<>();
        TraceContext.fresh().run(() -> {
            for (int i = 0; i < 6; i++) {
                UUID consultation = UUID.randomUUID();
                consultations.add(consultation);
                Plan plan = new Plan(consultation.toString(), patient.toString());
                outbox.save(plan, List.of(planCreated(patient, consultation)));
            }
        });
        List<Received> published = recorder.await(record -> patient.toString().equals(record.key()), 6, WAIT);
        assertThat(published.stream().map(record -> consultationOf(record)).toList())
                .containsExactlyElementsOf(consultations);
    }

    @Test
    void onlyTheLeaseHolderPublishesAndPendingEventsAreMeasured() {
        Document lease = new Document("_id", "relay").append("owner", "another-instance")
                .append("until", Date.from(Instant.now().plusSeconds(120)));
        mongo.getCollection("outbox_lease").replaceOne(Filters.eq("_id", "relay"), lease,
                new com.mongodb.client.model.ReplaceOptions().upsert(true));
        UUID consultation = UUID.randomUUID();
        try {
            outbox.save(new Plan(consultation.toString(), UUID.randomUUID().toString()),
                    List.of(planCreated(UUID.randomUUID(), consultation)));
            await().atMost(WAIT).until(() -> meters.get("care.outbox.pending").gauge().value() >= 1
                    && meters.get("care.outbox.oldest.age").gauge().value() > 0);
            assertThat(recorder.matching(plansFor(consultation))).isEmpty();
            assertThat(relay.leaseHolder()).isEqualTo("another-instance");
        } finally {
            mongo.getCollection("outbox_lease").deleteOne(Filters.eq("_id", "relay"));
        }
        recorder.await(plansFor(consultation), 1, WAIT);
        await().atMost(WAIT).until(() -> meters.get("care.outbox.pending").gauge().value() == 0);
        assertThat(new Api(managementPort).get("/actuator/prometheus", null).body()).contains("care_outbox_pending", "care_outbox_oldest_age_seconds");
    }

    @Test
    void theSameEventDeliveredTenTimesThreeConcurrentlyHasOneEffectAndOneDownstreamEvent() throws Exception {
        EligibilityApproved approved = approval(UUID.randomUUID());
        double handledBefore = handled("care.intake.EligibilityApproved.v1");
        for (int i = 0; i < 7; i++) {
            events.publish(approved);
        }
        // Delivered again as a batch of one, as the binding in batch mode hands it over.
        Message<List<byte[]>> message = batch(List.of(approved));
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        List<Future<?>> concurrent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            concurrent.add(threads.submit(() -> {
                start.await();
                intakeEvents.accept(message);
                return null;
            }));
        }
        start.countDown();
        for (Future<?> delivery : concurrent) {
            delivery.get();
        }
        threads.shutdown();

        await().atMost(WAIT).until(() -> handled("care.intake.EligibilityApproved.v1") - handledBefore >= 10);
        String planId = UUID.nameUUIDFromBytes(("plan:" + approved.consultationId()).getBytes()).toString();
        Plan plan = mongo.findById(planId, Plan.class);
        assertThat(plan.approvalsApplied).isEqualTo(1);
        assertThat(plan.version).isZero();
        recorder.await(plansFor(approved.consultationId()), 1, WAIT);
        await().atMost(WAIT).until(() -> meters.get("care.outbox.pending").gauge().value() == 0);
        sleep(Duration.ofMillis(500));
        assertThat(recorder.matching(plansFor(approved.consultationId()))).hasSize(1);
    }

    @Test
    void aPropertySetToNullIsRemovedFromTheStoredDocument() {
        Plan plan = new Plan(UUID.randomUUID().toString(), UUID.randomUUID().toString());
        outbox.save(plan, List.of());
        plan.patientId = null;
        plan.approvalsApplied = 2;
        outbox.save(plan, List.of());
        Document stored = mongo.getCollection("plans").find(Filters.eq("_id", plan.id)).first();
        assertThat(stored).doesNotContainKey("patientId").containsEntry("approvalsApplied", 2);
        assertThat(mongo.findById(plan.id, Plan.class).patientId).isNull();
    }

    @Test
    void anAggregateRemembersItsMostRecentHandledEventsOnly() {
        UUID patient = UUID.randomUUID();
        Journey journey = new Journey(patient.toString());
        List<UUID> handledIds = new ArrayList<>();
        for (int i = 0; i < Outbox.HANDLED_MEMORY + 5; i++) {
            UUID eventId = UUID.randomUUID();
            handledIds.add(eventId);
            journey.completedSessions.add(i);
            assertThat(TraceContext.continuing(null, null, eventId).run(() -> outbox.save(journey, List.of())))
                    .isEqualTo(care.kit.outbox.WriteResult.STORED);
        }
        List<String> remembered = mongo.getCollection("journeys").find(Filters.eq("_id", patient.toString())).first()
                .getList(Outbox.HANDLED, String.class);
        assertThat(remembered).hasSize(Outbox.HANDLED_MEMORY)
                .containsExactlyElementsOf(handledIds.subList(5, handledIds.size()).stream().map(UUID::toString).toList());
        UUID recent = handledIds.getLast();
        assertThat(TraceContext.continuing(null, null, recent).run(() -> outbox.save(journey, List.of())))
                .isEqualTo(care.kit.outbox.WriteResult.ALREADY_HANDLED);
    }

    @Test
    void onePoisonEventAmongAThousandIsDeadLetteredAndTheRestHandled() {
        List<ConsentRecorded> consents = new ArrayList<>();
        double deadBefore = deadLettered();
        UUID poisonPatient = UUID.randomUUID();
        for (int i = 0; i < 1000; i++) {
            if (i == 500) {
                events.publishRaw(Topics.INTAKE_EVENTS, poisonPatient.toString(), Map.of(
                        CloudEventHeaders.TYPE, "care.intake.ConsentRecorded.v1",
                        CloudEventHeaders.ID, UUID.randomUUID().toString(),
                        CloudEventHeaders.SUBJECT, poisonPatient.toString()),
                        "{\"eventId\": \"not a uuid\", \"consentId\": ".getBytes(StandardCharsets.UTF_8));
                continue;
            }
            ConsentRecorded consent = new ConsentRecorded(UUID.randomUUID(), UUID.randomUUID(), Instant.now(),
                    UUID.randomUUID(), ConsentRecorded.Scope.TREATMENT, ConsentRecorded.Status.ACTIVE, "1.0");
            consents.add(consent);
            events.publish(consent);
        }
        List<String> ids = consents.stream().map(consent -> consent.consentId().toString()).toList();
        await().atMost(Duration.ofMinutes(2)).until(
                () -> mongo.getCollection("consent_receipts").countDocuments(Filters.in("_id", ids)) == 999);
        Received dead = recorder.await(record -> record.topic().equals(DEAD_LETTERS)
                && poisonPatient.toString().equals(record.key()), 1, WAIT).getFirst();
        assertThat(dead.headers()).containsKeys("kafka_dlt-exception-fqcn", "kafka_dlt-exception-message",
                "kafka_dlt-original-topic", "kafka_dlt-original-offset");
        assertThat(dead.header("kafka_dlt-original-topic")).isEqualTo(Topics.INTAKE_EVENTS);
        assertThat(dead.header("kafka_dlt-exception-fqcn")).isEqualTo("care.kit.events.PoisonEventException");
        assertThat(deadLettered() - deadBefore).isEqualTo(1);
        assertThat(recorder.matching(record -> record.topic().equals(DEAD_LETTERS)
                && poisonPatient.toString().equals(record.key()))).hasSize(1);
    }

    @Test
    void aPatientsEventsAreHandledInOrderAcrossRetries() {
        UUID patient = UUID.randomUUID();
        List<SessionCompleted> sessions = new ArrayList<>();
        for (int number = 1; number <= 5; number++) {
            sessions.add(sessionCompleted(patient, number));
        }
        SelfTestHandlers.FAILURES.put(sessions.get(2).eventId(), new AtomicInteger(2));
        sessions.forEach(events::publish);
        await().atMost(WAIT).until(() -> {
            Journey journey = mongo.findById(patient.toString(), Journey.class);
            return journey != null && journey.completedSessions.size() == 5;
        });
        assertThat(mongo.findById(patient.toString(), Journey.class).completedSessions).containsExactly(1, 2, 3, 4, 5);
        assertThat(SelfTestHandlers.FAILURES.get(sessions.get(2).eventId()).get()).isNegative();
    }

    @Test
    void operatorsListAndReplayDeadLetters() {
        String sessionDeadLetters = DeadLetters.topicFor(Topics.SESSION_EVENTS, "kit-test");
        UUID patient = UUID.randomUUID();
        SessionCompleted failing = sessionCompleted(patient, 1);
        SelfTestHandlers.FAILURES.put(failing.eventId(), new AtomicInteger(1000));
        events.publish(failing);

        String admin = TestIssuer.get().token("ops-1", Role.ADMIN);
        JsonNode letter = await().atMost(WAIT).until(() -> find(Api.json(api().get("/api/kit/admin/dead-letters", admin)),
                failing.eventId().toString()), found -> found != null);
        assertThat(letter.path("originalTopic").asString()).isEqualTo(Topics.SESSION_EVENTS);
        assertThat(letter.path("eventType").asString()).isEqualTo("care.session.SessionCompleted.v1");
        assertThat(letter.path("patientId").asString()).isEqualTo(patient.toString());
        assertThat(letter.path("error").asString()).isEqualTo("IllegalStateException");
        assertThat(letter.path("id").asString()).startsWith(sessionDeadLetters + ":");
        assertThat(api().get("/api/kit/admin/dead-letters", TestIssuer.get().token("c", Role.CLINICIAN)).statusCode())
                .isEqualTo(403);

        String[] id = letter.path("id").asString().split(":");
        String replayPath = "/api/kit/admin/dead-letters/" + id[0] + "/" + id[1] + "/" + id[2] + "/replay";
        long sourceEnd = endOffsets(Topics.SESSION_EVENTS);

        // The cause is not fixed yet: the replay says so and the letter stays, not marked as replayed.
        var refused = api().post(replayPath, admin, "");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(Api.json(refused).path("type").asString()).endsWith("replay-failed");
        assertThat(refused.body()).contains("IllegalStateException").doesNotContain(patient.toString());
        assertThat(mongo.findById(patient.toString(), Journey.class)).isNull();
        assertThat(find(Api.json(api().get("/api/kit/admin/dead-letters", admin)), failing.eventId().toString())
                .path("replayedAt").isNull()).isTrue();

        SelfTestHandlers.FAILURES.remove(failing.eventId());
        var replay = api().post(replayPath, admin, "");
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(Api.json(replay).path("replayedAt").isNull()).isFalse();
        // Applied by the time the answer came, by the service's own consumer: nothing was written to the source
        // topic, which the service's Kafka user may not write to.
        assertThat(mongo.findById(patient.toString(), Journey.class).completedSessions).containsExactly(1);
        assertThat(endOffsets(Topics.SESSION_EVENTS)).isEqualTo(sourceEnd);
        JsonNode replayed = find(Api.json(api().get("/api/kit/admin/dead-letters", admin)), failing.eventId().toString());
        assertThat(replayed.path("replayedAt").isNull()).isFalse();

        // Replaying it again changes nothing: the event is recorded as handled.
        assertThat(api().post(replayPath, admin, "").statusCode()).isEqualTo(200);
        assertThat(mongo.findById(patient.toString(), Journey.class).completedSessions).containsExactly(1);
        assertThat(api().post("/api/kit/admin/dead-letters/" + id[0] + "/" + id[1] + "/999999/replay", admin, "")
                .statusCode()).isEqualTo(404);
    }

    /** A batch as the binder in batch mode hands it to the consumer: the payloads, and each record's headers. */
    static Message<List<byte[]>> batch(List<? extends care.contracts.ContractEvent> contents) {
        List<byte[]> payloads = new ArrayList<>();
        List<Map<String, Object>> headers = new ArrayList<>();
        for (care.contracts.ContractEvent event : contents) {
            payloads.add(new EventJson().write(event).getBytes(StandardCharsets.UTF_8));
            Map<String, Object> each = new java.util.HashMap<>();
            CloudEventHeaders.of(event).forEach((name, value) -> each.put(name, value.getBytes(StandardCharsets.UTF_8)));
            headers.add(each);
        }
        return MessageBuilder.withPayload(payloads)
                .setHeader(org.springframework.kafka.support.KafkaHeaders.BATCH_CONVERTED_HEADERS, headers).build();
    }

    /** The sum of the end offsets of a topic's partitions: how many records were ever written to it. */
    private static long endOffsets(String topic) {
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(
                Map.of("bootstrap.servers", TestInfrastructure.endpoints().kafkaBootstrapServers()),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new org.apache.kafka.common.TopicPartition(topic, info.partition())).toList();
            return consumer.endOffsets(partitions, Duration.ofSeconds(10)).values().stream()
                    .mapToLong(Long::longValue).sum();
        }
    }

    private static JsonNode find(JsonNode letters, String eventId) {
        for (JsonNode letter : letters) {
            if (eventId.equals(letter.path("eventId").asString())) {
                return letter;
            }
        }
        return null;
    }

    private double handled(String type) {
        var counter = meters.find("care.events.handled").tag("type", type).counter();
        return counter == null ? 0 : counter.count();
    }

    private double deadLettered() {
        return meters.find("care.events.dead.lettered").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private Api api() {
        return new Api(port);
    }

    private static java.util.function.Predicate<Received> plansFor(UUID consultation) {
        return record -> record.topic().equals(Topics.SCHEDULING_EVENTS) && record.value() != null
                && record.value().contains("\"consultationId\":\"" + consultation + "\"");
    }

    private static UUID consultationOf(Received record) {
        String value = record.value();
        int start = value.indexOf("\"consultationId\":\"") + "\"consultationId\":\"".length();
        return UUID.fromString(value.substring(start, start + 36));
    }

    private static care.contracts.scheduling.TreatmentPlanCreated planCreated(UUID patient, UUID consultation) {
        return new care.contracts.scheduling.TreatmentPlanCreated(UUID.randomUUID(), patient, Instant.now(),
                UUID.randomUUID(), consultation, UUID.randomUUID(), UUID.randomUUID(), 6);
    }

    private static EligibilityApproved approval(UUID patient) {
        return new EligibilityApproved(UUID.randomUUID(), patient, Instant.now(), UUID.randomUUID(), UUID.randomUUID(),
                UUID.randomUUID(), 6, "1.0", List.of());
    }

    private static SessionCompleted sessionCompleted(UUID patient, int number) {
        return new SessionCompleted(UUID.randomUUID(), patient, Instant.now(), UUID.randomUUID(), UUID.randomUUID(),
                UUID.randomUUID(), number, UUID.randomUUID(), 130);
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", TestInfrastructure.endpoints().kafkaBootstrapServers(),
                "acks", "all", "enable.idempotence", true), new StringSerializer(), new ByteArraySerializer());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
