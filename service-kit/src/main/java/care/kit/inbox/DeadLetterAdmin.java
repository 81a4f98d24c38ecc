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

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.support.KafkaHeaders;

import care.contracts.CloudEventHeaders;

/**
 * Lists the dead letters of this service's consumer group and replays one to the topic it came from.
 * A replayed event is handled like any other: if it had in fact been handled, nothing changes. Replays
 * are recorded (who, when) in the service's database.
 */
public class DeadLetterAdmin {

    static final String REPLAYS = "dead_letter_replays";
    static final String REPLAY_HEADER = "care_replay_of";
    private static final String DLT_HEADER_PREFIX = KafkaHeaders.PREFIX + "dlt-";

    private final Map<String, Object> clientProperties;
    private final String group;
    private final MongoTemplate mongo;
    private final Clock clock;

    public DeadLetterAdmin(Map<String, Object> clientProperties, String group, MongoTemplate mongo, Clock clock) {
        this.clientProperties = Map.copyOf(clientProperties);
        this.group = group;
        this.mongo = mongo;
        this.clock = clock;
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
     * Publishes the dead letter again, unchanged, to the topic it came from.
     *
     * @return the letter as it was before the replay, or empty when there is no such dead letter
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
        ProducerRecord<byte[], byte[]> again = new ProducerRecord<>(originalTopic, record.key(), record.value());
        for (Header header : record.headers()) {
            if (!header.key().startsWith(DLT_HEADER_PREFIX) && !header.key().equals(REPLAY_HEADER)) {
                again.headers().add(header);
            }
        }
        again.headers().add(new RecordHeader(REPLAY_HEADER, id(record).getBytes(StandardCharsets.UTF_8)));
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(again).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Replay was not acknowledged by Kafka", e);
        }
        Instant now = clock.instant();
        mongo.getCollection(REPLAYS).replaceOne(Filters.eq("_id", id(record)),
                new Document("_id", id(record)).append("replayedAt", Date.from(now)).append("by", operator),
                new ReplaceOptions().upsert(true));
        return Optional.of(view(record, null));
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
