package care.kit.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.AppInfoParser;
import org.bson.Document;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.MongoTemplate;

import care.contracts.EventType;
import care.contracts.Topics;
import care.contracts.intake.ConsentRecorded;
import care.kit.outbox.Outbox;
import care.kit.outbox.OutboxProperties;
import care.kit.outbox.OutboxRelay;
import care.kit.test.ServiceIntegrationTest;
import care.kit.test.TestInfrastructure;

/**
 * Throughput of the event backbone against plain Kafka, in one run on the same embedded broker and store:
 * <ol>
 * <li>raw Kafka: kafka-clients producer to consumer, 300-byte records, {@code acks=all}, {@code linger.ms=5},
 * idempotent producer, on a fresh topic with two partitions;</li>
 * <li>the platform pipeline: {@link Outbox#save} from four threads, the application's running
 * {@link OutboxRelay}, Kafka, the idempotent {@code intakeEvents} consumer and its effect, a
 * {@link ConsentReceipt} in MongoDB, as a burst (all events saved as fast as the writers go): its throughput and
 * its ratio to raw Kafka's;</li>
 * <li>the same pipeline at a steady offered rate, open loop (event i is due at start + i / rate, whether or not the
 * writers keep up): latency percentiles from the due time to the effect stored.</li>
 * </ol>
 * Prints a table and writes it to {@code target/benchmark/event-backbone.txt}. Tagged {@code benchmark}:
 * the normal build skips it; run it with
 *
 * <pre>
 * ./mvnw -o -B -Pbenchmark -pl service-kit -am test
 * </pre>
 *
 * Sizes: {@code -Dbench.raw.records} (default 200000), {@code -Dbench.pipeline.events} (default 5000),
 * {@code -Dbench.steady.rate} (events/s, default 1000) for {@code -Dbench.steady.seconds} (default 10);
 * {@code -Dbench.timeout.seconds} bounds each measured phase (default 60). It fails when a record or an
 * effect is lost or duplicated.
 */
@org.junit.jupiter.api.Tag("integration")
@ServiceIntegrationTest
@Tag("benchmark")
class EventBackboneBenchmark {

    private static final int RAW_RECORDS = Integer.getInteger("bench.raw.records", 200_000);
    private static final int PIPELINE_EVENTS = Integer.getInteger("bench.pipeline.events", 5_000);
    private static final int STEADY_RATE = Integer.getInteger("bench.steady.rate", 1_000);
    private static final int STEADY_SECONDS = Integer.getInteger("bench.steady.seconds", 10);
    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(Integer.getInteger("bench.timeout.seconds", 60));
    private static final int RECORD_BYTES = 300;
    private static final int RAW_PARTITIONS = 2;
    private static final int WRITERS = 4;
    private static final String CONSENT_TYPE = EventType.of(ConsentRecorded.class).type();

    @Autowired
    MongoTemplate mongo;
    @Autowired
    Outbox outbox;
    @Autowired
    OutboxRelay relay;
    @Autowired
    OutboxProperties outboxProperties;
    @Autowired
    MeterRegistry meters;
    @Autowired
    Environment environment;

    /** The aggregate whose change causes each benchmark event: one document per consent. */
    @org.springframework.data.mongodb.core.mapping.Document("bench_consent_sources")
    static final class ConsentSource {

        @Id
        String id;
        @Version
        Long version;
        String patientId;
        String consentId;

        ConsentSource() {
        }

        ConsentSource(String id, String patientId, String consentId) {
            this.id = id;
            this.patientId = patientId;
            this.consentId = consentId;
        }
    }

    @Test
    void eventBackboneAgainstRawKafka() throws Exception {
        assertThat(RAW_RECORDS).as("bench.raw.records").isPositive();
        assertThat(PIPELINE_EVENTS).as("bench.pipeline.events").isPositive();
        assertThat(relay.isRunning()).as("the application's outbox relay runs").isTrue();
        String bootstrap = TestInfrastructure.endpoints().kafkaBootstrapServers();

        int rawWarmUp = Math.max(1, Math.min(20_000, RAW_RECORDS / 10));
        int pipelineWarmUp = Math.max(1, Math.min(250, PIPELINE_EVENTS / 10));

        // Warm-ups (JIT, connections, topic metadata, the binding's partition assignment): not reported.
        runRaw(bootstrap, rawWarmUp);
        runPipeline(pipelineWarmUp, 0);

        RawResult raw = runRaw(bootstrap, RAW_RECORDS);
        PipelineResult pipeline = runPipeline(PIPELINE_EVENTS, 0);
        PipelineResult steady = runPipeline(STEADY_RATE * STEADY_SECONDS, STEADY_RATE);

        String report = report(bootstrap, rawWarmUp, pipelineWarmUp, raw, pipeline, steady);
        System.out.println(report);
        Path file = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target", "benchmark",
                "event-backbone.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, report, StandardCharsets.UTF_8);
        System.out.println("Written to " + file.toAbsolutePath());
    }

    // ---------------------------------------------------------------------------------------------------
    // Raw Kafka
    // ---------------------------------------------------------------------------------------------------

    record RawResult(int records, String topic, long producerNanos, long endToEndNanos) {

        double producerRate() {
            return records * 1e9 / producerNanos;
        }

        double endToEndRate() {
            return records * 1e9 / endToEndNanos;
        }
    }

    private RawResult runRaw(String bootstrap, int records) throws Exception {
        String topic = "bench.raw." + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, RAW_PARTITIONS, (short) 1))).all()
                    .get(PHASE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < RAW_PARTITIONS; p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos();

        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.CLIENT_ID_CONFIG, "bench-raw-consumer"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        partitions.forEach(consumer::position); // resolves the start offsets before the clock starts

        BitSet seen = new BitSet(records);
        AtomicInteger consumed = new AtomicInteger();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger malformed = new AtomicInteger();
        AtomicLong lastConsumedAt = new AtomicLong();
        AtomicReference<Throwable> consumerFailure = new AtomicReference<>();
        CountDownLatch allConsumed = new CountDownLatch(1);
        Thread reader = Thread.ofPlatform().name("bench-raw-consumer").start(() -> {
            try (consumer) {
                while (consumed.get() < records && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        byte[] value = record.value();
                        if (value == null || value.length != RECORD_BYTES) {
                            malformed.incrementAndGet();
                            continue;
                        }
                        int sequence = ByteBuffer.wrap(value).getInt();
                        if (sequence < 0 || sequence >= records) {
                            malformed.incrementAndGet();
                        } else if (seen.get(sequence)) {
                            duplicates.incrementAndGet();
                        } else {
                            seen.set(sequence);
                        }
                        if (consumed.incrementAndGet() == records) {
                            lastConsumedAt.set(System.nanoTime());
                        }
                    }
                }
            } catch (Throwable e) {
                consumerFailure.set(e);
            } finally {
                allConsumed.countDown();
            }
        });

        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-raw-producer");
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) PHASE_TIMEOUT.toMillis());

        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        AtomicLong lastAckAt = new AtomicLong();
        CountDownLatch allCompleted = new CountDownLatch(records);
        long firstSendAt;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.partitionsFor(topic); // metadata before the clock starts
            byte[] filler = new byte[RECORD_BYTES];
            ThreadLocalRandom.current().nextBytes(filler);
            firstSendAt = System.nanoTime();
            for (int i = 0; i < records; i++) {
                byte[] value = filler.clone();
                ByteBuffer.wrap(value).putInt(i);
                producer.send(new ProducerRecord<>(topic, value), (metadata, exception) -> {
                    if (exception == null) {
                        if (acknowledged.incrementAndGet() == records) {
                            lastAckAt.set(System.nanoTime());
                        }
                    } else {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, exception);
                    }
                    allCompleted.countDown();
                });
            }
            boolean completed = allCompleted.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(completed).as("raw Kafka: all %d sends completed in time (acked %d, failed %d)", records,
                    acknowledged.get(), failed.get()).isTrue();
        }
        allConsumed.await(Math.max(1, deadline - System.nanoTime()) + TimeUnit.SECONDS.toNanos(2), TimeUnit.NANOSECONDS);
        reader.join(Duration.ofSeconds(5));

        assertThat(firstFailure.get()).as("raw Kafka: send failure").isNull();
        assertThat(acknowledged.get()).as("raw Kafka: records acknowledged").isEqualTo(records);
        assertThat(consumerFailure.get()).as("raw Kafka: consumer failure").isNull();
        assertThat(malformed.get()).as("raw Kafka: malformed records").isZero();
        assertThat(duplicates.get()).as("raw Kafka: duplicate records").isZero();
        assertThat(consumed.get()).as("raw Kafka: records consumed before the timeout").isEqualTo(records);
        assertThat(seen.cardinality()).as("raw Kafka: distinct records consumed").isEqualTo(records);
        return new RawResult(records, topic, lastAckAt.get() - firstSendAt, lastConsumedAt.get() - firstSendAt);
    }

    // ---------------------------------------------------------------------------------------------------
    // The platform pipeline
    // ---------------------------------------------------------------------------------------------------

    record PipelineResult(int events, int offeredRate, Instant firstSave, Instant lastEffect, long[] latenciesMillis,
            long savesDoneNanos, long publishedNanos, long handledNanos, long maxBacklog, long maxConsumerLag) {

        double rate() {
            return events * 1000.0 / Duration.between(firstSave, lastEffect).toMillis();
        }

        long percentile(double quantile) {
            int rank = (int) Math.ceil(quantile * latenciesMillis.length);
            return latenciesMillis[Math.max(0, Math.min(latenciesMillis.length, rank) - 1)];
        }
    }

    /**
     * Saves {@code events} aggregates, each with one event, and waits for every effect. With {@code rate} 0 all at
     * once (a burst, as fast as the writers go); otherwise open loop at {@code rate} events per second: event i is
     * due at start + i / rate, its occurredAt is that due time, and a writer that falls behind does not shift the
     * schedule, so the latency (effect stored - due time) includes any time spent waiting to be written.
     */
    private PipelineResult runPipeline(int events, int rate) throws Exception {
        UUID[] eventIds = new UUID[events];
        UUID[] patients = new UUID[events];
        UUID[] consents = new UUID[events];
        String[] sources = new String[events];
        Instant[] occurredAt = new Instant[events];
        for (int i = 0; i < events; i++) {
            eventIds[i] = UUID.randomUUID();
            patients[i] = UUID.randomUUID();
            consents[i] = UUID.randomUUID();
            sources[i] = UUID.randomUUID().toString();
        }
        long publishedBefore = relay.publishedCount();
        double handledBefore = handled();
        long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos()
                + (rate > 0 ? TimeUnit.SECONDS.toNanos(events / rate) : 0);

        AtomicInteger next = new AtomicInteger();
        AtomicInteger saved = new AtomicInteger();
        long[] scheduleStartNanos = new long[1];
        Instant[] scheduleStartWall = new Instant[1];
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS, Thread.ofPlatform().name("bench-writer-", 0)
                .factory());
        List<Future<?>> writing = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            writing.add(writers.submit(() -> {
                go.await();
                for (int i = next.getAndIncrement(); i < events; i = next.getAndIncrement()) {
                    // Stored times have millisecond precision: occurredAt gets the same, so latencies compare like with like.
                    Instant now;
                    if (rate > 0) {
                        long due = scheduleStartNanos[0] + (long) (i * 1e9 / rate);
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                        now = scheduleStartWall[0].plusNanos(due - scheduleStartNanos[0]).truncatedTo(ChronoUnit.MILLIS);
                    } else {
                        now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                    }
                    occurredAt[i] = now;
                    ConsentRecorded consent = new ConsentRecorded(eventIds[i], patients[i], now, consents[i],
                            ConsentRecorded.Scope.TREATMENT, ConsentRecorded.Status.ACTIVE, "1.0");
                    outbox.save(new ConsentSource(sources[i], patients[i].toString(), consents[i].toString()),
                            List.of(consent));
                    saved.incrementAndGet();
                }
                return null;
            }));
        }

        long start = System.nanoTime();
        scheduleStartNanos[0] = start;
        scheduleStartWall[0] = Instant.now();
        go.countDown();
        // Samples progress in memory (no extra load on the store): backlog and milestones.
        long savesDone = -1;
        long publishedAll = -1;
        long handledAll = -1;
        long maxBacklog = 0;
        long maxLag = 0;
        while (System.nanoTime() < deadline) {
            long now = System.nanoTime();
            long savedNow = saved.get();
            long published = relay.publishedCount() - publishedBefore;
            long handled = (long) (handled() - handledBefore);
            maxBacklog = Math.max(maxBacklog, savedNow - published);
            maxLag = Math.max(maxLag, published - handled);
            if (savesDone < 0 && savedNow >= events) {
                savesDone = now - start;
            }
            if (publishedAll < 0 && published >= events) {
                publishedAll = now - start;
            }
            if (handledAll < 0 && handled >= events) {
                handledAll = now - start;
            }
            if (savesDone >= 0 && publishedAll >= 0 && handledAll >= 0) {
                break;
            }
            Thread.sleep(2);
        }
        writers.shutdown();
        if (!writers.awaitTermination(5, TimeUnit.SECONDS)) {
            writers.shutdownNow();
        }
        for (Future<?> writer : writing) {
            writer.get(1, TimeUnit.SECONDS); // surfaces a failed save
        }
        assertThat(saved.get()).as("pipeline: aggregates saved").isEqualTo(events);
        assertThat(relay.publishedCount() - publishedBefore)
                .as("pipeline: events the relay published before the timeout").isEqualTo(events);
        assertThat((long) (handled() - handledBefore)).as("pipeline: events handled before the timeout")
                .isEqualTo(events);

        Map<String, Instant> handledAt = new HashMap<>();
        int runReceipts = 0;
        Set<String> runConsents = new HashSet<>();
        for (UUID consent : consents) {
            runConsents.add(consent.toString());
        }
        for (Document receipt : mongo.getCollection("consent_receipts").find()
                .projection(Projections.include("handledAt"))) {
            String id = receipt.getString("_id");
            if (runConsents.contains(id)) {
                runReceipts++;
                Instant previous = handledAt.put(id, receipt.getDate("handledAt") == null ? null
                        : receipt.getDate("handledAt").toInstant());
                assertThat(previous).as("pipeline: duplicate receipt %s", id).isNull();
            }
        }
        assertThat(runReceipts).as("pipeline: effects (receipts) stored").isEqualTo(events);
        long[] latencies = new long[events];
        Instant firstSave = Arrays.stream(occurredAt).min(Instant::compareTo).orElseThrow();
        Instant lastEffect = Instant.MIN;
        for (int i = 0; i < events; i++) {
            Instant effect = handledAt.get(consents[i].toString());
            assertThat(effect).as("pipeline: receipt of consent %s with handledAt", consents[i]).isNotNull();
            latencies[i] = Duration.between(occurredAt[i], effect).toMillis();
            lastEffect = effect.isAfter(lastEffect) ? effect : lastEffect;
        }
        Arrays.sort(latencies);
        assertThat(latencies[0]).as("pipeline: no effect before its event").isNotNegative();
        assertThat(mongo.getCollection("bench_consent_sources").countDocuments(Filters.exists(Outbox.PENDING_SINCE)))
                .as("pipeline: aggregates with events still pending").isZero();
        // No duplicate deliveries either: a redelivered event would be counted as handled again.
        assertThat((long) (handled() - handledBefore)).as("pipeline: deliveries handled (no duplicates)")
                .isEqualTo(events);
        return new PipelineResult(events, rate, firstSave, lastEffect, latencies, savesDone, publishedAll, handledAll,
                maxBacklog, maxLag);
    }

    private double handled() {
        Counter counter = meters.find("care.events.handled").tag("type", CONSENT_TYPE).counter();
        return counter == null ? 0 : counter.count();
    }

    // ---------------------------------------------------------------------------------------------------
    // Report
    // ---------------------------------------------------------------------------------------------------

    private String report(String bootstrap, int rawWarmUp, int pipelineWarmUp, RawResult raw, PipelineResult pipeline,
            PipelineResult steady) throws Exception {
        int intakePartitions;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            intakePartitions = admin.describeTopics(List.of(Topics.INTAKE_EVENTS)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(Topics.INTAKE_EVENTS).partitions().size();
        }
        Runtime runtime = Runtime.getRuntime();
        double ratio = pipeline.rate() / raw.endToEndRate();
        StringBuilder out = new StringBuilder();
        String rule = "=".repeat(96) + "\n";
        out.append(rule).append("EVENT BACKBONE BENCHMARK  ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append('\n').append(rule);
        out.append("Machine         : ").append(runtime.availableProcessors()).append(" available processors, max heap ")
                .append(runtime.maxMemory() / (1024 * 1024)).append(" MiB, Java ").append(System.getProperty("java.version"))
                .append(" (").append(System.getProperty("java.vm.name")).append(", ")
                .append(System.getProperty("java.vendor")).append("), ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.arch")).append('\n');
        out.append("Infrastructure  : ").append(TestInfrastructure.mode() == TestInfrastructure.Mode.EMBEDDED
                ? "embedded Kafka KRaft broker (1 node) + mongo-java-server (in-memory), in the test JVM"
                : "Testcontainers Kafka + MongoDB").append("; kafka-clients ").append(AppInfoParser.getVersion())
                .append('\n');
        out.append("Pipeline setup  : relay batch size ").append(outboxProperties.batchSize()).append(", poll interval ")
                .append(outboxProperties.pollInterval().toMillis()).append(" ms, linger ")
                .append(outboxProperties.linger().toMillis()).append(" ms; ").append(Topics.INTAKE_EVENTS)
                .append(" has ").append(intakePartitions).append(intakePartitions == 1 ? " partition" : " partitions")
                .append("; intakeEvents consumer concurrency ")
                .append(environment.getProperty("spring.cloud.stream.bindings.intakeEvents-in-0.consumer.concurrency",
                        environment.getProperty("spring.cloud.stream.default.consumer.concurrency", "1")))
                .append(", batch mode ").append(environment.getProperty(
                        "spring.cloud.stream.bindings.intakeEvents-in-0.consumer.batch-mode", "false"))
                .append('\n');
        out.append("Warm-up         : ").append(rawWarmUp).append(" raw records and ").append(pipelineWarmUp)
                .append(" pipeline events before measuring (not reported)\n");
        out.append('\n');
        String row = "| %-58s | %16s | %-8s |%n";
        String line = "+" + "-".repeat(60) + "+" + "-".repeat(18) + "+" + "-".repeat(10) + "+\n";
        out.append(line).append(String.format(row, "Measurement", "Value", "Unit")).append(line);
        out.append(String.format(row, "RAW KAFKA: " + RECORD_BYTES + "-byte records, acks=all, linger.ms=5,", "", ""));
        out.append(String.format(row, "  idempotent producer, " + RAW_PARTITIONS + "-partition fresh topic", "", ""));
        out.append(String.format(row, "  records produced and consumed", String.valueOf(raw.records()), "records"));
        out.append(String.format(row, "  producer throughput (first send -> all acked)", down(raw.producerRate(), 1),
                "msg/s"));
        out.append(String.format(row, "  producer time (first send -> all acked)", down(raw.producerNanos() / 1e6, 1),
                "ms"));
        out.append(String.format(row, "  end-to-end throughput (first send -> last consumed)",
                down(raw.endToEndRate(), 1), "msg/s"));
        out.append(String.format(row, "  total time (first send -> last consumed)", down(raw.endToEndNanos() / 1e6, 1),
                "ms"));
        out.append(line);
        out.append(String.format(row, "PIPELINE: Outbox.save x" + WRITERS + " threads -> relay -> Kafka ->", "", ""));
        out.append(String.format(row, "  intakeEvents (idempotent) -> ConsentReceipt in MongoDB", "", ""));
        out.append(String.format(row, "  events (1 ConsentRecorded per aggregate)", String.valueOf(pipeline.events()),
                "events"));
        out.append(String.format(row, "  throughput (first save -> last effect stored)", down(pipeline.rate(), 1),
                "events/s"));
        out.append(String.format(row, "  total time (first save -> last effect stored)",
                String.valueOf(Duration.between(pipeline.firstSave(), pipeline.lastEffect()).toMillis()), "ms"));
        out.append(String.format(row, "  latency p50 (effect stored - occurredAt)", String.valueOf(pipeline.percentile(0.50)),
                "ms"));
        out.append(String.format(row, "  latency p95", String.valueOf(pipeline.percentile(0.95)), "ms"));
        out.append(String.format(row, "  latency p99", String.valueOf(pipeline.percentile(0.99)), "ms"));
        out.append(String.format(row, "  latency max", String.valueOf(pipeline.latenciesMillis()[pipeline.events() - 1]),
                "ms"));
        out.append(String.format(row, "  all saves done after (from start)", down(pipeline.savesDoneNanos() / 1e6, 1),
                "ms"));
        out.append(String.format(row, "  save rate (" + WRITERS + " writers)",
                down(pipeline.events() * 1e9 / pipeline.savesDoneNanos(), 1), "saves/s"));
        out.append(String.format(row, "  relay had published all after (sampled every ~2 ms)",
                down(pipeline.publishedNanos() / 1e6, 1), "ms"));
        out.append(String.format(row, "  consumer had handled all after (sampled every ~2 ms)",
                down(pipeline.handledNanos() / 1e6, 1), "ms"));
        out.append(String.format(row, "  max outbox backlog (saved, not yet published)", String.valueOf(pipeline.maxBacklog()),
                "events"));
        out.append(String.format(row, "  max consumer lag (published, not yet handled)",
                String.valueOf(pipeline.maxConsumerLag()), "events"));
        out.append(line);
        out.append(String.format(row, "RATIO pipeline throughput / raw end-to-end throughput", down(ratio, 6), ""));
        out.append(String.format(row, "  (as a percentage)", down(ratio * 100, 4), "%"));
        out.append(line);
        out.append(String.format(row, "STEADY: the same pipeline, open loop at an offered rate", "", ""));
        out.append(String.format(row, "  offered rate (event i due at start + i / rate)", String.valueOf(steady.offeredRate()),
                "events/s"));
        out.append(String.format(row, "  events", String.valueOf(steady.events()), "events"));
        out.append(String.format(row, "  achieved (first due -> last effect stored)", down(steady.rate(), 1), "events/s"));
        out.append(String.format(row, "  latency p50 (effect stored - due time)", String.valueOf(steady.percentile(0.50)),
                "ms"));
        out.append(String.format(row, "  latency p95", String.valueOf(steady.percentile(0.95)), "ms"));
        out.append(String.format(row, "  latency p99", String.valueOf(steady.percentile(0.99)), "ms"));
        out.append(String.format(row, "  latency max", String.valueOf(steady.latenciesMillis()[steady.events() - 1]), "ms"));
        out.append(String.format(row, "  max outbox backlog (saved, not yet published)", String.valueOf(steady.maxBacklog()),
                "events"));
        out.append(String.format(row, "  max consumer lag (published, not yet handled)",
                String.valueOf(steady.maxConsumerLag()), "events"));
        out.append(line);
        out.append("Figures are truncated, never rounded up. Latencies have millisecond resolution (stored times are\n")
                .append("BSON dates); occurredAt is the save time under the burst, the due time at the steady rate. Sanity checked: every raw record consumed exactly once;\n")
                .append("every pipeline event published, handled once and its receipt stored once.\n");
        return out.toString();
    }

    private static String down(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.DOWN).toPlainString();
    }
}
