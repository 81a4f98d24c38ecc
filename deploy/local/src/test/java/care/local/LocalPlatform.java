package care.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The platform as `./dev-stack up` runs it, for system tests and benchmarks: the packaged gateway,
 * services and (when asked for) web app as processes, a Kafka broker process and the MongoDB-wire store,
 * on free ports in a temporary folder. Each application gets a free public and a free management port and
 * binds both to the loopback address, as the launcher does. Skips (assumption) when the applications are
 * not packaged yet.
 */
final class LocalPlatform {

    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The system tests' settings: fast start, small heap. */
    static final List<String> FAST_START_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m");
    /** For benchmarks: the JIT's full optimisation after warm-up, the same heap. */
    static final List<String> THROUGHPUT_JVM = List.of("-XX:+UseSerialGC", "-Xmx256m");

    private final List<ChildProcess> processes = new ArrayList<>();
    private List<String> jvmOptions = FAST_START_JVM;
    private final Path state;
    /** The running process of each application, and what started it, for the fault suites' kills and restarts. */
    private final Map<String, ChildProcess> running = new java.util.HashMap<>();
    private final Map<String, Map<String, String>> environments = new java.util.HashMap<>();
    private String java;
    private String storeOptions = "";
    private MongoStore mongo;
    KafkaBroker kafka;
    String gateway;
    /** The started applications by module name, with their public and management ports. */
    final Map<String, ServiceApp> apps = new java.util.LinkedHashMap<>();

    LocalPlatform(Path state) {
        this.state = state;
    }

    /** Runs the applications with these JVM options instead of {@link #FAST_START_JVM}. */
    LocalPlatform withJvmOptions(List<String> options) {
        this.jvmOptions = List.copyOf(options);
        return this;
    }

    /** Starts gateway, intake and scheduling. */
    LocalPlatform start() throws Exception {
        return start(List.of("gateway", "intake-service", "scheduling-service"), Map.of());
    }

    /**
     * Starts these applications (module names) with this extra environment, as `./dev-stack up` passes
     * its environment on, for example {@code SPRING_APPLICATION_JSON} with shorter durations.
     */
    LocalPlatform start(List<String> modules, Map<String, String> extraEnvironment) throws Exception {
        for (String module : modules) {
            assumeTrue(Files.isRegularFile(ROOT.resolve(module).resolve("target").resolve(module + ".jar")),
                    module + " is not packaged yet (run ./mvnw verify)");
        }
        java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        mongo = new MongoStore(state.resolve("mongo").resolve("store.mv"), MongoStoreTest.freePort());
        String mongoUri = mongo.start() + storeOptions;
        kafka = new KafkaBroker(state.resolve("data"), child("kafka"), MongoStoreTest.freePort(), MongoStoreTest.freePort());
        kafka.start(java, System.getProperty("java.class.path"), state);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!kafka.isReady()) {
            assertThat(System.nanoTime()).as("Kafka ready in 60 s").isLessThan(deadline);
            Thread.sleep(250);
        }
        for (String module : modules) {
            apps.put(module, new ServiceApp(module, MongoStoreTest.freePort(), MongoStoreTest.freePort(), module));
        }
        gateway = "http://localhost:" + apps.get("gateway").port();
        Map<String, String> environment = new java.util.HashMap<>(extraEnvironment);
        environment.putAll(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "MONGODB_URI", mongoUri,
                "CARE_JWT_JWK_SET_URI", gateway + "/dev/jwks", "CARE_DEV_KEY_FILE",
                state.resolve("signing-key.json").toString()));
        if (apps.containsKey("web")) {
            // The gateway routes pages to the web app, which calls the API through the gateway.
            environment.put("WEB_URL", "http://localhost:" + apps.get("web").port());
            environment.put("CARE_GATEWAY_URL", gateway);
        }
        for (String module : modules) {
            if (module.endsWith("-service")) {
                String name = module.substring(0, module.length() - "-service".length()).toUpperCase();
                environment.put(name + "_SERVICE_URL", "http://localhost:" + apps.get(module).port());
            }
        }
        for (ServiceApp app : apps.values()) {
            Map<String, String> appEnvironment = new java.util.HashMap<>(environment);
            // The gateway's local profile refuses development tokens on any other address.
            appEnvironment.putAll(LocalNetwork.applicationEnvironment(app, LocalNetwork.LOOPBACK));
            environments.put(app.module(), appEnvironment);
            launch(app, child(app.module()));
        }
        for (ServiceApp app : apps.values()) {
            deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (!app.isUp(LocalNetwork.LOOPBACK)) {
                assertThat(System.nanoTime()).as("%s on %d UP in 180 s; logs: %s", app.name(), app.port(),
                        processes.stream().map(p -> p.name() + ": " + p.logTail(15)).toList()).isLessThan(deadline);
                Thread.sleep(500);
            }
        }
        return this;
    }

    /** The management server (actuator) of this application, e.g. {@code http://127.0.0.1:41234}. */
    String managementUrl(String module) {
        return apps.get(module).managementUrl(LocalNetwork.LOOPBACK);
    }

    /** Every port the platform listens on, by what listens there: applications, management, Kafka, the store. */
    Map<String, Integer> ports() {
        Map<String, Integer> ports = new java.util.LinkedHashMap<>();
        apps.values().forEach(app -> {
            ports.put(app.name(), app.port());
            ports.put(app.name() + " management", app.managementPort());
        });
        ports.put("kafka", kafka.port());
        ports.put("kafka controller", kafka.controllerPort());
        ports.put("store", mongo.port());
        return ports;
    }

    void stop() throws InterruptedException {
        processes.forEach(ChildProcess::requestStop);
        for (ChildProcess process : processes) {
            process.awaitStop(Duration.ofSeconds(30));
        }
        if (mongo != null) {
            mongo.stop();
        }
    }

    private ChildProcess child(String name) {
        ChildProcess process = new ChildProcess(name, state.resolve("logs"), state.resolve("pids"));
        processes.add(process);
        return process;
    }

    private void launch(ServiceApp app, ChildProcess process) throws Exception {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dspring.profiles.active=local", "-jar", app.jar(ROOT).toString()));
        process.start(command, environments.get(app.module()), state);
        running.put(app.module(), process);
    }

    /**
     * Connection-string options the services get with the store's address (before {@link #start}), e.g.
     * {@code /?serverSelectionTimeoutMS=2000} so that a stopped store fails requests quickly.
     */
    LocalPlatform storeOptions(String options) {
        this.storeOptions = options;
        return this;
    }

    // ---- faults: what the fault suites do to the running platform ------------------------------------------

    /** Kills the application at once (SIGKILL, as {@code kill -9}): no shutdown hooks, nothing flushed. */
    void kill(String module) throws InterruptedException {
        ChildProcess process = running.get(module);
        process.awaitStop(Duration.ZERO);
        assertThat(process.isAlive()).as("%s killed", module).isFalse();
    }

    /** Starts the application again on the same ports with the same environment and waits until it is ready. */
    void restart(String module) throws Exception {
        ServiceApp app = apps.get(module);
        launch(app, child(module + "-" + (processes.size() + 1)));
        awaitUp(app, Duration.ofSeconds(180));
    }

    /** Whether the application's process is running. */
    boolean isAlive(String module) {
        return running.get(module).isAlive();
    }

    /** Whether the application answers {@code /readyz} with UP. */
    boolean isReady(String module) {
        return apps.get(module).isUp(LocalNetwork.LOOPBACK);
    }

    /** Stops the Kafka broker (as a service manager would: a normal stop); its data folder and ports stay. */
    void stopBroker() throws InterruptedException {
        kafka.process().requestStop();
        kafka.process().awaitStop(Duration.ofSeconds(30));
    }

    /** Starts the broker again on the same data folder and ports and waits until it answers. */
    void startBroker() throws Exception {
        kafka.start(java, System.getProperty("java.class.path"), state);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!kafka.isReady()) {
            assertThat(System.nanoTime()).as("Kafka ready again in 60 s").isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    /** Stops the store: the services' connections are refused until {@link #startStore()}. */
    void stopStore() {
        mongo.stop();
    }

    /** Starts the store again on the same file and port. */
    void startStore() throws java.io.IOException {
        mongo.start();
    }

    private void awaitUp(ServiceApp app, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!app.isUp(LocalNetwork.LOOPBACK)) {
            assertThat(System.nanoTime()).as("%s on %d UP in %s s; log: %s", app.name(), app.port(), limit.toSeconds(),
                    running.get(app.module()).logTail(15)).isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    String token(String body) throws Exception {
        return field(expect(200, send("POST", gateway + "/dev/tokens", null, body)), "access_token");
    }

    static String everyDay(String start, String end) {
        List<String> windows = new ArrayList<>();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")) {
            windows.add("{\"day\":\"" + day + "\",\"start\":\"" + start + "\",\"end\":\"" + end + "\"}");
        }
        return String.join(",", windows);
    }

    static HttpResponse<String> send(String method, String url, String token, String body) throws Exception {
        return send(method, url, token, body, Map.of());
    }

    /** Sends with these extra headers, e.g. {@code Idempotency-Key}. */
    static HttpResponse<String> send(String method, String url, String token, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        headers.forEach(request::header);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> expect(int status, HttpResponse<String> response) {
        assertThat(response.statusCode()).as("%s %s", response.request().uri(), response.body()).isEqualTo(status);
        return response;
    }

    static HttpResponse<String> awaitStatus(String url, String token, int status, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> response = send("GET", url, token, null);
        while (response.statusCode() != status && System.nanoTime() < deadline) {
            Thread.sleep(250);
            response = send("GET", url, token, null);
        }
        return expect(status, response);
    }

    static String field(HttpResponse<String> response, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(response.body());
        assertThat(matcher.find()).as("%s in %s", name, response.body()).isTrue();
        return matcher.group(1);
    }

    List<ConsumerRecord<byte[], byte[]>> read(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers(), "group.id", "system-test-" + UUID.randomUUID(), "auto.offset.reset", "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(records::add);
                if (!records.isEmpty() && consumer.assignment().stream()
                        .allMatch(partition -> consumer.position(partition) >= consumer.endOffsets(List.of(partition))
                                .get(partition))) {
                    break;
                }
            }
            return records;
        }
    }

    List<ConsumerRecord<byte[], byte[]>> events(String topic, String patientId, String type) {
        return read(topic).stream().filter(record -> record.key() != null && patientId.equals(new String(record.key()))
                && record.headers().lastHeader("ce_type") != null
                && type.equals(new String(record.headers().lastHeader("ce_type").value()))).toList();
    }
}
