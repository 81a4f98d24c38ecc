package care.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single Apache Kafka broker in KRaft combined mode (broker and controller in one process), run
 * from the Maven Central jars on the launcher's own class path. Its log directory lives in the data
 * folder, so topics and offsets survive restarts. Both listeners (clients and controller) are on the
 * loopback interface only: the broker has no authentication and exists for local mode alone.
 */
final class KafkaBroker {

    static final int PORT = 9092;
    static final int CONTROLLER_PORT = 9093;

    private final Path dataDir;
    private final ChildProcess process;
    private final int port;
    private final int controllerPort;

    KafkaBroker(Path dataDir, ChildProcess process, int port, int controllerPort) {
        this.dataDir = dataDir;
        this.process = process;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    String bootstrapServers() {
        return "localhost:" + port;
    }

    int port() {
        return port;
    }

    int controllerPort() {
        return controllerPort;
    }

    ChildProcess process() {
        return process;
    }

    void start(String java, String classPath, Path workingDir) throws IOException, InterruptedException {
        Path logDir = dataDir.resolve("kafka");
        Files.createDirectories(logDir);
        Path config = dataDir.resolve("kafka-server.properties");
        writeConfig(config, logDir);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            int formatted = ChildProcess.runToCompletion(List.of(java, "-cp", classPath, "kafka.tools.StorageTool",
                    "format", "--cluster-id", Uuid.randomUuid().toString(), "--config", config.toString()),
                    process.logFile(), Duration.ofMinutes(1));
            if (formatted != 0) {
                throw new IllegalStateException("Formatting Kafka storage failed; see " + process.logFile());
            }
        }
        List<String> command = new ArrayList<>(List.of(java, "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Dcare.dev-stack=kafka", "-cp", classPath, "kafka.Kafka",
                config.toString()));
        process.start(command, Map.of(), workingDir);
    }

    /** True once the broker answers a metadata request. */
    boolean isReady() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
        try (Admin admin = Admin.create(properties)) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception notYet) {
            if (notYet instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    private void writeConfig(Path config, Path logDir) throws IOException {
        String properties = String.join("\n",
                "# Written by the local launcher on every start; edits are overwritten.",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@" + LocalNetwork.LOOPBACK + ":" + controllerPort,
                "listeners=PLAINTEXT://" + LocalNetwork.LOOPBACK + ":" + port + ",CONTROLLER://" + LocalNetwork.LOOPBACK
                        + ":" + controllerPort,
                "advertised.listeners=PLAINTEXT://" + LocalNetwork.LOOPBACK + ":" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + logDir.toAbsolutePath(),
                "num.partitions=3",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "");
        Files.writeString(config, properties, StandardCharsets.UTF_8);
    }
}
