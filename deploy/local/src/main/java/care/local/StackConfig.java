package care.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The local stack's settings: where its state lives (data, logs, pid files under the state folder), the address
 * the applications listen on and the host they are reached and shown at, which infrastructure is external
 * ({@code KAFKA_BOOTSTRAP_SERVERS}, {@code MONGODB_URI}), the ports that must be free, the environment the
 * applications get and the command that runs one.
 */
final class StackConfig {

    /** Marks an application's command line, so that a left-over process is recognised as the launcher's. */
    static final String MARKER = "-Dcare.dev-stack=";

    private final Path root;
    private final Path stateDir;
    private final Map<String, String> environment;
    private final String bindAddress;
    /** Where the launcher reaches the applications, and the host it prints for people. */
    private final String host;
    private final String displayHost;

    StackConfig(Path root, Path stateDir, Map<String, String> environment) {
        this.root = root.toAbsolutePath().normalize();
        this.stateDir = stateDir.toAbsolutePath().normalize();
        this.environment = environment;
        this.bindAddress = LocalNetwork.bindAddress(environment);
        this.host = LocalNetwork.connectHost(bindAddress);
        this.displayHost = LocalNetwork.displayHost(bindAddress);
    }

    Path root() {
        return root;
    }

    Path stateDir() {
        return stateDir;
    }

    Path dataDir() {
        return stateDir.resolve("data");
    }

    Path logsDir() {
        return stateDir.resolve("logs");
    }

    Path pidsDir() {
        return stateDir.resolve("pids");
    }

    Map<String, String> environment() {
        return environment;
    }

    String bindAddress() {
        return bindAddress;
    }

    String host() {
        return host;
    }

    String displayHost() {
        return displayHost;
    }

    /** The external Kafka's bootstrap servers, or null to run a broker. */
    String externalKafka() {
        return blankToNull(environment.get("KAFKA_BOOTSTRAP_SERVERS"));
    }

    /** The external MongoDB's connection string, or null to run the store. */
    String externalMongo() {
        return blankToNull(environment.get("MONGODB_URI"));
    }

    /** Every port the stack is about to listen on, with the address it binds to. */
    Map<Integer, String> ports() {
        Map<Integer, String> ports = new LinkedHashMap<>();
        for (ServiceApp app : DevStack.APPS) {
            ports.put(app.port(), bindAddress);
            ports.put(app.managementPort(), bindAddress);
        }
        ports.put(MessageStandIns.SMTP_PORT, LocalNetwork.LOOPBACK);
        ports.put(MessageStandIns.HTTP_PORT, LocalNetwork.LOOPBACK);
        if (externalKafka() == null) {
            ports.put(KafkaBroker.PORT, LocalNetwork.LOOPBACK);
            ports.put(KafkaBroker.CONTROLLER_PORT, LocalNetwork.LOOPBACK);
        }
        if (externalMongo() == null) {
            ports.put(MongoStore.PORT, LocalNetwork.LOOPBACK);
        }
        return ports;
    }

    /** What every application gets: the infrastructure, the development signing key and {@link #addresses()}. */
    Map<String, String> serviceEnvironment(String kafkaServers, String mongoUri) {
        Map<String, String> serviceEnvironment = new LinkedHashMap<>();
        serviceEnvironment.put("KAFKA_BOOTSTRAP_SERVERS", kafkaServers);
        serviceEnvironment.put("MONGODB_URI", mongoUri);
        serviceEnvironment.put("CARE_DEV_KEY_FILE", stateDir.resolve("dev-identity").resolve("signing-key.json")
                .toString());
        serviceEnvironment.putAll(addresses());
        return serviceEnvironment;
    }

    /**
     * Where the gateway finds the services and the services the gateway's development keys, on the address they
     * listen on; the developer's own settings of these variables win.
     */
    Map<String, String> addresses() {
        Map<String, String> addresses = new LinkedHashMap<>();
        for (ServiceApp app : DevStack.APPS) {
            if (app.name().endsWith("-service")) {
                String variable = app.name().substring(0, app.name().length() - "-service".length())
                        .toUpperCase(Locale.ROOT) + "_SERVICE_URL";
                addresses.put(variable, app.url(host));
            }
        }
        addresses.put("CARE_JWT_JWK_SET_URI", gateway().url(host) + "/dev/jwks");
        // The gateway routes pages to the web app, which calls the API through the gateway.
        addresses.put("WEB_URL", app("web").url(host));
        addresses.put("CARE_GATEWAY_URL", gateway().url(host));
        addresses.keySet().removeIf(variable -> blankToNull(environment.get(variable)) != null);
        return addresses;
    }

    static ServiceApp gateway() {
        return app("gateway");
    }

    static ServiceApp app(String name) {
        return DevStack.APPS.stream().filter(app -> app.name().equals(name)).findFirst().orElseThrow();
    }

    /** The command that runs an application's jar, marked with its name, in little memory. */
    static List<String> serviceCommand(String java, String name, Path jar, List<String> cacheOptions) {
        List<String> command = new ArrayList<>(List.of(java, MARKER + name, "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Xss512k", "-Xms32m", "-Xmx256m", "-XX:MaxMetaspaceSize=192m",
                "-XX:ReservedCodeCacheSize=64m"));
        command.addAll(cacheOptions);
        command.addAll(List.of("-Dspring.profiles.active=local", "-jar", jar.toString()));
        return command;
    }

    /** A path for printing: relative to the checkout when inside it. */
    String display(Path path) {
        return path.startsWith(root) ? root.relativize(path).toString() : path.toString();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
