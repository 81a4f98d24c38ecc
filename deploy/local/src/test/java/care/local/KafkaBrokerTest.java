package care.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real broker process the launcher runs, stops it, and starts it again on the same data. */
@org.junit.jupiter.api.Tag("integration")
class KafkaBrokerTest {

    @TempDir
    Path state;

    @Test
    void formatsOnceAndKeepsTopicsAndRecordsAcrossRestarts() throws Exception {
        int port = MongoStoreTest.freePort();
        int controllerPort = MongoStoreTest.freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");

        KafkaBroker broker = broker(port, controllerPort);
        try {
            broker.start(java, classPath, state);
            awaitReady(broker);
            assertThat(state.resolve("data").resolve("kafka").resolve("meta.properties")).exists();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("care.test.persisted", 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                    broker.bootstrapServers(), "acks", "all"), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("care.test.persisted", "patient-1", "kept")).get(30, TimeUnit.SECONDS);
            }
        } finally {
            broker.process().requestStop();
            broker.process().awaitStop(Duration.ofSeconds(30));
        }
        String metaBefore = Files.readString(state.resolve("data").resolve("kafka").resolve("meta.properties"));

        KafkaBroker restarted = broker(port, controllerPort);
        try {
            restarted.start(java, classPath, state);
            awaitReady(restarted);
            assertThat(Files.readString(state.resolve("data").resolve("kafka").resolve("meta.properties")))
                    .isEqualTo(metaBefore);
            Properties consumer = new Properties();
            consumer.put("bootstrap.servers", restarted.bootstrapServers());
            consumer.put("group.id", "restart-check");
            consumer.put("auto.offset.reset", "earliest");
            try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(consumer, new StringDeserializer(),
                    new StringDeserializer())) {
                reader.subscribe(List.of("care.test.persisted"));
                String value = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (value == null && System.nanoTime() < deadline) {
                    ConsumerRecords<String, String> records = reader.poll(Duration.ofMillis(500));
                    if (!records.isEmpty()) {
                        value = records.iterator().next().value();
                    }
                }
                assertThat(value).isEqualTo("kept");
            }
        } finally {
            restarted.process().requestStop();
            restarted.process().awaitStop(Duration.ofSeconds(30));
        }
        assertThat(restarted.process().isAlive()).isFalse();
    }

    private KafkaBroker broker(int port, int controllerPort) {
        return new KafkaBroker(state.resolve("data"),
                new ChildProcess("kafka", state.resolve("logs"), state.resolve("pids")), port, controllerPort);
    }

    private static void awaitReady(KafkaBroker broker) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!broker.isReady()) {
            assertThat(broker.process().isAlive()).as("broker process alive; log: %s", broker.process().logTail(30))
                    .isTrue();
            assertThat(System.nanoTime()).as("broker ready within 60 s").isLessThan(deadline);
            Thread.sleep(250);
        }
    }
}
