package care.kit.test;

import java.net.InetSocketAddress;
import java.util.Locale;

import de.bwaldvogel.mongo.MongoServer;
import org.springframework.boot.SpringApplication;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

import care.embeddedstore.EmbeddedStore;

/**
 * The Kafka broker and MongoDB store that integration tests run against, started once per test JVM.
 * <p>
 * One switch chooses them: the system property {@code care.test.infrastructure} (or the environment
 * variable {@code CARE_TEST_INFRASTRUCTURE}).
 * <ul>
 * <li>{@code embedded} (default): a real Apache Kafka broker in KRaft mode inside the test JVM and the
 * MongoDB-wire server mongo-java-server in memory ({@link EmbeddedStore}). Needs nothing installed.</li>
 * <li>{@code testcontainers}: real Kafka and real MongoDB in Docker containers. Without Docker the
 * tests are skipped, not failed.</li>
 * </ul>
 */
public final class TestInfrastructure {

    public static final String SWITCH_PROPERTY = "care.test.infrastructure";
    public static final String SWITCH_VARIABLE = "CARE_TEST_INFRASTRUCTURE";

    public enum Mode {
        EMBEDDED, TESTCONTAINERS
    }

    /** Where the running infrastructure listens. */
    public record Endpoints(String kafkaBootstrapServers, String mongoUri) {
    }

    private static Endpoints endpoints;

    private TestInfrastructure() {
    }

    public static Mode mode() {
        String value = System.getProperty(SWITCH_PROPERTY, System.getenv().getOrDefault(SWITCH_VARIABLE, "embedded"));
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "embedded", "" -> Mode.EMBEDDED;
            case "testcontainers", "docker" -> Mode.TESTCONTAINERS;
            default -> throw new IllegalArgumentException(
                    SWITCH_PROPERTY + " must be 'embedded' or 'testcontainers', not '" + value + "'");
        };
    }

    /** Null when the chosen infrastructure can run here, otherwise why it cannot. */
    public static String unavailableReason() {
        if (mode() == Mode.TESTCONTAINERS && !DockerClientFactory.instance().isDockerAvailable()) {
            return "care.test.infrastructure=testcontainers but no Docker engine is available";
        }
        return null;
    }

    public static synchronized Endpoints endpoints() {
        if (endpoints == null) {
            endpoints = mode() == Mode.EMBEDDED ? startEmbedded() : startContainers();
        }
        return endpoints;
    }

    private static Endpoints startEmbedded() {
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 2);
        kafka.afterPropertiesSet();
        MongoServer mongo = new MongoServer(EmbeddedStore.inMemory());
        InetSocketAddress address = mongo.bind();
        // Stopped after every Spring application in this JVM has closed, so none is still writing to them.
        SpringApplication.getShutdownHandlers().add(() -> {
            mongo.shutdownNow();
            kafka.destroy();
        });
        return new Endpoints(kafka.getBrokersAsString(), "mongodb://127.0.0.1:" + address.getPort());
    }

    @SuppressWarnings("resource")
    private static Endpoints startContainers() {
        KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.1");
        MongoDBContainer mongo = new MongoDBContainer("mongo:8.0");
        kafka.start();
        mongo.start();
        SpringApplication.getShutdownHandlers().add(() -> {
            mongo.stop();
            kafka.stop();
        });
        return new Endpoints(kafka.getBootstrapServers(), mongo.getConnectionString());
    }
}
