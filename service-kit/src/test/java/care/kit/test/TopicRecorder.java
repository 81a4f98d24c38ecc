package care.kit.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

import care.contracts.CloudEventHeaders;
import care.contracts.EventType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads topics of the test broker from the beginning, in the background, so that a test can wait for
 * records and check what services actually published, including that every event validates against
 * its published JSON Schema.
 */
public final class TopicRecorder implements AutoCloseable {

    /** A record as read from Kafka. */
    public record Received(String topic, int partition, long offset, String key, Map<String, String> headers,
            String value) {

        public String header(String name) {
            return headers.get(name);
        }

        public String type() {
            return headers.get(CloudEventHeaders.TYPE);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile boolean open = true;

    public TopicRecorder(Collection<String> topics) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.endpoints().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "recorder-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1000),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.copyOf(topics));
        reader = Thread.ofPlatform().daemon(true).name("topic-recorder").start(() -> {
            try (consumer) {
                while (open) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        Map<String, String> headers = new java.util.LinkedHashMap<>();
                        for (Header header : record.headers()) {
                            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
                        }
                        received.add(new Received(record.topic(), record.partition(), record.offset(), record.key(),
                                headers, record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8)));
                    }
                }
            }
        });
    }

    public List<Received> all() {
        return List.copyOf(received);
    }

    public List<Received> matching(Predicate<Received> filter) {
        return received.stream().filter(filter).toList();
    }

    /** Waits until at least {@code count} records match, and returns them. */
    public List<Received> await(Predicate<Received> filter, int count, Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(() -> matching(filter).size() >= count);
        return matching(filter);
    }

    /**
     * Asserts that every event recorded so far on these topics carries the CloudEvents headers and that
     * its payload validates against the JSON Schema of its type.
     */
    public void assertEveryEventMatchesItsSchema(String... topics) {
        List<String> problems = new ArrayList<>();
        List<String> checked = List.of(topics);
        for (Received record : received) {
            if (!checked.contains(record.topic())) {
                continue;
            }
            Optional<EventType> type = Optional.ofNullable(record.type()).flatMap(EventType::ofType);
            if (type.isEmpty()) {
                problems.add(record.topic() + "@" + record.offset() + ": unknown type " + record.type());
                continue;
            }
            for (String header : CloudEventHeaders.ALL) {
                if (!record.headers().containsKey(header)) {
                    problems.add(type.get().type() + ": missing header " + header);
                }
            }
            if (!type.get().topic().equals(record.topic())) {
                problems.add(type.get().type() + " published on " + record.topic());
            }
            if (!record.key().equals(record.header(CloudEventHeaders.SUBJECT))) {
                problems.add(type.get().type() + ": key is not the patient id");
            }
            JsonNode payload = JSON.readTree(record.value());
            JsonNode schema = schema(type.get());
            List<Error> errors = SCHEMAS.getSchema(schema).validate(payload);
            errors.forEach(error -> problems.add(type.get().type() + ": " + error.getMessage()));
            // Schemas let consumers tolerate additions; our own producers must send exactly the contract.
            undeclared(schema, payload, "").forEach(field -> problems.add(type.get().type() + ": undeclared " + field));
        }
        assertThat(problems).as("events that break the contract").isEmpty();
    }

    private static List<String> undeclared(JsonNode schema, JsonNode value, String path) {
        List<String> fields = new ArrayList<>();
        if (value.isObject()) {
            JsonNode properties = schema.path("properties");
            for (String name : value.propertyNames()) {
                if (!properties.has(name)) {
                    fields.add(path + name);
                } else {
                    fields.addAll(undeclared(properties.path(name), value.path(name), path + name + "."));
                }
            }
        } else if (value.isArray()) {
            for (JsonNode item : value) {
                fields.addAll(undeclared(schema.path("items"), item, path));
            }
        }
        return fields;
    }

    private static JsonNode schema(EventType type) {
        try (InputStream in = TopicRecorder.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        open = false;
        reader.join(5000);
    }
}
