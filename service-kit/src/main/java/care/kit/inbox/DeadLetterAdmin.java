package care.kit.inbox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import care.contracts.CloudEventHeaders;
import care.kit.problem.ProblemException;

/**
 * Lists the dead letters of this service's consumer group and replays one: the event is handed to the
 * service's own consumer of the topic it came from, as if delivered again. A replayed event is handled like
 * any other: if it had in fact been handled, nothing changes. Replays are recorded (who, when) in the
 * service's database.
 */
public class DeadLetterAdmin {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterAdmin.class);

    /** Problem type of a replay that could not be applied. */
    public static final String REPLAY_FAILED = "replay-failed";
    static final String REPLAYS = "dead_letter_replays";
    static final String REPLAY_HEADER = "care_replay_of";
    private static final String DLT_HEADER_PREFIX = KafkaHeaders.PREFIX + "dlt-";

    private final Map<String, Object> clientProperties;
    private final String group;
    private final MongoTemplate mongo;
    private final Clock clock;
    private final Function<String, Optional<Consumer<Message<byte[]>>>> consumers;

    /**
     * @param consumers this service's consumer of a topic, for its consumer group
     */
    public DeadLetterAdmin(Map<String, Object> clientProperties, String group, MongoTemplate mongo, Clock clock,
            Function<String, Optional<Consumer<Message<byte[]>>>> consumers) {
        this.clientProperties = Map.copyOf(clientProperties);
        this.group = group;
        this.mongo = mongo;
        this.clock = clock;
        this.consumers = consumers;
    }

    /** The dead-letter topics of this service's consumer group. */
    public List<String> topics() {
        try (Admin admin = Admin.create(clientProperties)) {
            return admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
                    .filter(name -> name.endsWith("." + group + DeadLetters.SUFFIX)).sorted().toList();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot list dead-letter topics", e);
        }
    }

    /** The oldest {@code limit} dead letters across this service's dead-letter topics. */
    public List<DeadLetter> list(int limit) {
        List<DeadLetter> letters = new ArrayList<>();
        Map<String, Instant> replays = new HashMap<>();
        mongo.getCollection(REPLAYS).find()
                .forEach(document -> replays.put(document.getString("_id"), document.getDate("replayedAt").toInstant()));
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            for (String topic : topics()) {
                for (ConsumerRecord<byte[], byte[]> record : readAll(consumer, topic, limit)) {
                    letters.add(view(record, replays.get(id(record))));
                }
            }
        }
        return letters.stream().sorted(Comparator.comparing(DeadLetter::deadLetteredAt)).limit(limit).toList();
    }

    /**
     * Hands the dead letter, unchanged, to this service's own consumer of the topic it came from, here and now,
     * as the binding would have. Nothing is written to Kafka, so a service needs no right to write to the topics
     * of other services. An event that had in fact been applied changes nothing (the consumers are idempotent).
     *
     * @return the letter as it is after the replay, or empty when there is no such dead letter
     * @throws ProblemException 409 {@code replay-failed} when the event still cannot be applied (it stays in the
     *                          dead letters, the replay is not recorded)
     */
    public Optional<DeadLetter> replay(String topic, int partition, long offset, String operator) {
        if (!topic.endsWith("." + group + DeadLetters.SUFFIX)) {
            return Optional.empty();
        }
        ConsumerRecord<byte[], byte[]> record;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            record = readOne(consumer, new TopicPartition(topic, partition), offset).orElse(null);
        }
        if (record == null) {
            return Optional.empty();
        }
        String originalTopic = text(record, KafkaHeaders.DLT_ORIGINAL_TOPIC).orElse(null);
        if (originalTopic == null) {
            return Optional.empty();
        }
        Consumer<Message<byte[]>> consumer = consumers.apply(originalTopic).orElseThrow(
                () -> ProblemException.conflict(REPLAY_FAILED, "This service has no consumer of " + originalTopic
                        + " in this version, so the dead letter cannot be replayed here."));
        MessageBuilder<byte[]> message = MessageBuilder.withPayload(record.value() == null ? new byte[0] : record.value());
        for (Header header : record.headers()) {
            if (!header.key().startsWith(DLT_HEADER_PREFIX)) {
                message.setHeader(header.key(), header.value());
            }
        }
        message.setHeader(KafkaHeaders.RECEIVED_TOPIC, originalTopic);
        message.setHeader(KafkaHeaders.RECEIVED_KEY, record.key());
        message.setHeader(REPLAY_HEADER, id(record));
        try {
            consumer.accept(message.build());
        } catch (RuntimeException failure) {
            Exception cause = DeadLetters.unwrap(failure);
            log.warn("Replay of dead letter {} ({} {}) by {} failed again with {}", id(record),
                    text(record, CloudEventHeaders.TYPE).orElse("?"), text(record, CloudEventHeaders.ID).orElse("?"),
                    operator, cause.getClass().getSimpleName());
            throw ProblemException.conflict(REPLAY_FAILED, "The event still cannot be applied ("
                    + cause.getClass().getSimpleName() + "); it stays in the dead letters. Fix the cause and replay it again.");
        }
        Instant now = clock.instant();
        mongo.getCollection(REPLAYS).replaceOne(Filters.eq("_id", id(record)),
                new Document("_id", id(record)).append("replayedAt", Date.from(now)).append("by", operator),
                new ReplaceOptions().upsert(true));
        log.info("Dead letter {} ({} {}) replayed by {}", id(record), text(record, CloudEventHeaders.TYPE).orElse("?"),
                text(record, CloudEventHeaders.ID).orElse("?"), operator);
        return Optional.of(view(record, now));
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(KafkaConsumer<byte[], byte[]> consumer, String topic,
            int limit) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (records.size() < limit && !caughtUp(consumer, ends) && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }

    private static Optional<ConsumerRecord<byte[], byte[]>> readOne(KafkaConsumer<byte[], byte[]> consumer,
            TopicPartition partition, long offset) {
        consumer.assign(List.of(partition));
        long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(10)).getOrDefault(partition, 0L);
        if (offset < 0 || offset >= end) {
            return Optional.empty();
        }
        consumer.seek(partition, offset);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() == offset) {
                    return Optional.of(record);
                }
                if (record.offset() > offset) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static boolean caughtUp(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    private static DeadLetter view(ConsumerRecord<byte[], byte[]> record, Instant replayedAt) {
        String error = text(record, KafkaHeaders.DLT_EXCEPTION_FQCN).orElse("unknown");
        return new DeadLetter(id(record), text(record, KafkaHeaders.DLT_ORIGINAL_TOPIC).orElse(null),
                text(record, CloudEventHeaders.TYPE).orElse(null), text(record, CloudEventHeaders.ID).orElse(null),
                record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                error.substring(error.lastIndexOf('.') + 1), Instant.ofEpochMilli(record.timestamp()), replayedAt);
    }

    static String id(ConsumerRecord<?, ?> record) {
        return record.topic() + ":" + record.partition() + ":" + record.offset();
    }

    private static Optional<String> text(ConsumerRecord<?, ?> record, String header) {
        Header value = record.headers().lastHeader(header);
        return value == null ? Optional.empty() : Optional.of(new String(value.value(), StandardCharsets.UTF_8));
    }
}
