package care.kit.test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import care.contracts.ContractEvent;
import care.contracts.CloudEventHeaders;
import care.contracts.EventType;
import care.kit.events.EventJson;

/**
 * Publishes events to the test broker the way another service's outbox relay would: CloudEvents headers,
 * subject (patient id) as key, the record's JSON as value. Also publishes raw records, for malformed input.
 */
public final class TestEvents implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final EventJson json = new EventJson();

    public TestEvents() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.endpoints().kafkaBootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 2), new StringSerializer(), new ByteArraySerializer());
    }

    /** Publishes the event and waits for the broker's acknowledgement. */
    public void publish(ContractEvent event) {
        publish(event, Map.of());
    }

    /** Publishes the event with extra headers (tracing, say) and waits for the acknowledgement. */
    public void publish(ContractEvent event, Map<String, String> extraHeaders) {
        EventType type = EventType.of(event);
        Map<String, String> headers = new java.util.LinkedHashMap<>(CloudEventHeaders.of(event));
        headers.putAll(extraHeaders);
        publishRaw(type.topic(), event.subject().toString(), headers,
                json.write(event).getBytes(StandardCharsets.UTF_8));
    }

    public void publishRaw(String topic, String key, Map<String, String> headers, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, header) -> record.headers()
                .add(new RecordHeader(name, header.getBytes(StandardCharsets.UTF_8))));
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Test event not acknowledged", e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
