package care.local;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./dev-stack up}: the whole platform on one machine. Starts the MongoDB-wire store (persisted
 * in the data folder) and the message stand-ins (an SMTP server and the SMS/push provider, see
 * {@link MessageStandIns}) inside this process, a real Kafka broker as a child process, then the five
 * services, the gateway and the web app; waits until each reports UP, prints where everything is and a curl that
 * calls the API, and on Ctrl-C stops everything it started.
 * <p>
 * Each application has a public port (its API and the probes {@code /livez}, {@code /readyz}) and a
 * management port (the actuator: health, info, Prometheus). Everything listens on the loopback interface
 * only; {@code CARE_BIND_ADDRESS} binds the gateway and the services elsewhere (with a loud warning), see
 * {@link LocalNetwork}. {@code KAFKA_BOOTSTRAP_SERVERS} and {@code MONGODB_URI} point it at external
 * infrastructure instead.
 */
public final class DevStack {

    static final List<ServiceApp> APPS = List.of(
            new ServiceApp("intake-service", 8081, 9081, "intake-service"),
            new ServiceApp("scheduling-service", 8082, 9082, "scheduling-service"),
            new ServiceApp("session-service", 8083, 9083, "session-service"),
            new ServiceApp("integration-service", 8084, 9084, "integration-service"),
            new ServiceApp("notification-service", 8085, 9085, "notification-service"),
            new ServiceApp("gateway", 8080, 9080, "gateway"),
            new ServiceApp("web", 8086, 9086, "web"));
    /** The services whose OpenAPI documents the gateway serves at {@code /v3/api-docs/<name>}. */
    static final String API_DOC_NAMES = "intake|scheduling|session|integration|notification";

    private static final Duration STARTUP_LIMIT = Duration.ofMinutes(4);
    private static final String MARKER = "-Dcare.dev-stack=";

    private final Path root;
    private final Path stateDir;
    private final Path dataDir;
    private final Path logsDir;
    private final Path pidsDir;
    private final Map<String, String> environment;
    private final String bindAddress;
    /** Where the launcher reaches the applications, and the host it prints for people. */
    private final String host;
    private final String displayHost;
    private final PrintStream out;
    private final long startedAt = System.nanoTime();
    private final List<ChildProcess> children = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private MongoStore mongo;
    private KafkaBroker kafka;
    private MessageStandIns messages;

    DevStack(Path root, Map<String, String> environment, PrintStream out) {
        this.root = root.toAbsolutePath().normalize();
        this.stateDir = this.root.resolve(".dev-stack");
        this.dataDir = stateDir.resolve("data");
        this.logsDir = stateDir.resolve("logs");
        this.pidsDir = stateDir.resolve("pids");
        this.environment = environment;
        this.bindAddress = LocalNetwork.bindAddress(environment);
        this.host = LocalNetwork.connectHost(bindAddress);
        this.displayHost = LocalNetwork.displayHost(bindAddress);
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "up" : args[0];
        Path root = Path.of(System.getProperty("care.root", "."));
        if (!command.equals("up")) {
            System.err.println("usage: dev-stack up");
            System.exit(2);
        }
        Path logs = root.toAbsolutePath().normalize().resolve(".dev-stack").resolve("logs");
        Files.createDirectories(logs);
        // Before anything logs: the store's and the stand-ins' logs go to a file, the console shows progress only.
        System.setProperty("care.launcher.log", logs.resolve("launcher.log").toString());
        System.setProperty("log4j2.configurationFile", "classpath:launcher-log4j2.xml");
        DevStack stack = new DevStack(root, System.getenv(), System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "dev-stack-stop"));
        int code = stack.up();
        if (code != 0) {
            stack.stop();
            System.exit(code);
        }
        stack.stopped.await();
    }

    /** Starts everything and returns 0 once all is UP, or a non-zero code after explaining what failed. */
    int up() throws Exception {
        out.println("Care pathway platform: local stack (state in " + root.relativize(stateDir) + "/)");
        for (ServiceApp app : APPS) {
            if (!Files.isRegularFile(app.jar(root))) {
                out.println("Missing " + root.relativize(app.jar(root)) + ": build first (./dev-stack up does).");
                return 1;
            }
        }
        warnIfOnNetwork();
        stopLeftovers();
        String externalKafka = blankToNull(environment.get("KAFKA_BOOTSTRAP_SERVERS"));
        String externalMongo = blankToNull(environment.get("MONGODB_URI"));
        Map<Integer, String> ports = new LinkedHashMap<>();
        for (ServiceApp app : APPS) {
            ports.put(app.port(), bindAddress);
            ports.put(app.managementPort(), bindAddress);
        }
        ports.put(MessageStandIns.SMTP_PORT, LocalNetwork.LOOPBACK);
        ports.put(MessageStandIns.HTTP_PORT, LocalNetwork.LOOPBACK);
        if (externalKafka == null) {
            ports.put(KafkaBroker.PORT, LocalNetwork.LOOPBACK);
            ports.put(KafkaBroker.CONTROLLER_PORT, LocalNetwork.LOOPBACK);
        }
        if (externalMongo == null) {
            ports.put(MongoStore.PORT, LocalNetwork.LOOPBACK);
        }
        for (var entry : ports.entrySet()) {
            int port = entry.getKey();
            if (!LocalNetwork.isFree(entry.getValue(), port)) {
                out.println("Port " + port + " is already in use. Stop whatever holds it (lsof -i :" + port
                        + ") and run again.");
                return 1;
            }
        }

        String mongoUri = externalMongo;
        if (mongoUri == null) {
            mongo = new MongoStore(dataDir.resolve("mongo").resolve("store.mv"), MongoStore.PORT);
            mongoUri = mongo.start();
            progress("MongoDB-wire store", "UP", mongoUri + "  (data: " + root.relativize(mongo.file()) + ")");
        } else {
            progress("MongoDB", "external", redact(mongoUri));
        }

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String kafkaServers = externalKafka;
        if (kafkaServers == null) {
            kafka = new KafkaBroker(dataDir, new ChildProcess("kafka", logsDir, pidsDir), KafkaBroker.PORT,
                    KafkaBroker.CONTROLLER_PORT);
            children.add(kafka.process());
            kafka.start(java, System.getProperty("java.class.path"), root);
            if (!awaitReady("Kafka broker", kafka.process(), kafka::isReady)) {
                return 1;
            }
            kafkaServers = kafka.bootstrapServers();
            progress("Kafka broker (KRaft)", "UP", kafkaServers);
        } else {
            progress("Kafka", "external", kafkaServers);
        }

        messages = MessageStandIns.local();
        messages.reportTo("http://" + host + ":" + notificationPort() + "/api/notifications/webhooks");
        messages.start();
        progress("Message stand-ins", "UP", "SMTP localhost:" + messages.smtpPort() + ", SMS/push provider "
                + messages.url());

        Map<String, String> serviceEnvironment = new LinkedHashMap<>();
        serviceEnvironment.put("KAFKA_BOOTSTRAP_SERVERS", kafkaServers);
        serviceEnvironment.put("MONGODB_URI", mongoUri);
        serviceEnvironment.put("CARE_DEV_KEY_FILE", stateDir.resolve("dev-identity").resolve("signing-key.json")
                .toString());
        serviceEnvironment.putAll(addresses());
        Map<ServiceApp, ChildProcess> started = new LinkedHashMap<>();
        for (ServiceApp app : APPS) {
            ChildProcess child = new ChildProcess(app.name(), logsDir, pidsDir);
            children.add(child);
            Map<String, String> appEnvironment = new LinkedHashMap<>(serviceEnvironment);
            appEnvironment.putAll(LocalNetwork.applicationEnvironment(app, bindAddress));
            child.start(serviceCommand(java, app), appEnvironment, root);
            started.put(app, child);
        }
        progress("services", "starting", APPS.size() + " applications, logs in " + root.relativize(logsDir) + "/");
        if (!awaitServices(started)) {
            return 1;
        }
        printSummary(mongoUri, kafkaServers);
        watchChildren();
        return 0;
    }

    /**
     * Where the gateway finds the services and the services the gateway's development keys, on the address they
     * listen on; the developer's own settings of these variables win.
     */
    Map<String, String> addresses() {
        Map<String, String> addresses = new LinkedHashMap<>();
        for (ServiceApp app : APPS) {
            if (app.name().endsWith("-service")) {
                String variable = app.name().substring(0, app.name().length() - "-service".length())
                        .toUpperCase(Locale.ROOT) + "_SERVICE_URL";
                addresses.put(variable, app.url(host));
            }
        }
        addresses.put("CARE_JWT_JWK_SET_URI", gateway().url(host) + "/dev/jwks");
        // The gateway routes pages to the web app, which calls the API through the gateway.
        addresses.put("WEB_URL", web().url(host));
        addresses.put("CARE_GATEWAY_URL", gateway().url(host));
        addresses.keySet().removeIf(variable -> blankToNull(environment.get(variable)) != null);
        return addresses;
    }

    /** Says loudly that the applications are reachable from the network, when they are; true when it did. */
    boolean warnIfOnNetwork() {
        if (LocalNetwork.isLoopback(bindAddress)) {
            return false;
        }
        out.println("!!! WARNING: " + LocalNetwork.BIND_ADDRESS + "=" + bindAddress + " is not a loopback address:"
                + " the gateway, the services and their management ports are reachable from the network,"
                + " and local mode's development tokens let anyone become ADMIN. !!!");
        out.flush();
        return true;
    }

    private static ServiceApp gateway() {
        return APPS.stream().filter(app -> app.name().equals("gateway")).findFirst().orElseThrow();
    }

    private static ServiceApp web() {
        return APPS.stream().filter(app -> app.name().equals("web")).findFirst().orElseThrow();
    }

    private static int notificationPort() {
        return APPS.stream().filter(app -> app.name().equals("notification-service")).findFirst().orElseThrow()
                .port();
    }

    private List<String> serviceCommand(String java, ServiceApp app) {
        return List.of(java, MARKER + app.name(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k",
                "-Xms32m", "-Xmx256m", "-XX:MaxMetaspaceSize=192m", "-XX:ReservedCodeCacheSize=64m",
                "-Dspring.profiles.active=local", "-jar", app.jar(root).toString());
    }

    private boolean awaitServices(Map<ServiceApp, ChildProcess> started) throws InterruptedException {
        Map<ServiceApp, ChildProcess> waiting = new LinkedHashMap<>(started);
        long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
        long nextReport = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!waiting.isEmpty()) {
            for (var entry : List.copyOf(waiting.entrySet())) {
                ChildProcess child = entry.getValue();
                if (!child.isAlive()) {
                    failed(entry.getKey().name() + " exited with code " + child.exitCode(), child);
                    return false;
                }
                if (entry.getKey().isUp(host)) {
                    waiting.remove(entry.getKey());
                    progress(entry.getKey().name(), "UP", entry.getKey().url(displayHost)
                            + "  (" + (started.size() - waiting.size()) + "/" + started.size() + ")");
                }
            }
            if (waiting.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                ChildProcess first = waiting.values().iterator().next();
                failed("Not UP after " + STARTUP_LIMIT.toSeconds() + " s: "
                        + String.join(", ", waiting.keySet().stream().map(ServiceApp::name).toList()), first);
                return false;
            }
            if (System.nanoTime() > nextReport) {
                progress("waiting for", "", String.join(", ", waiting.keySet().stream().map(ServiceApp::name).toList()));
                nextReport = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            }
            Thread.sleep(400);
        }
        return true;
    }

    private boolean awaitReady(String what, ChildProcess child, java.util.function.BooleanSupplier ready)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!ready.getAsBoolean()) {
            if (!child.isAlive()) {
                failed(what + " exited with code " + child.exitCode(), child);
                return false;
            }
            if (System.nanoTime() > deadline) {
                failed(what + " not ready after 60 s", child);
                return false;
            }
            Thread.sleep(250);
        }
        return true;
    }

    private void printSummary(String mongoUri, String kafkaServers) {
        double seconds = elapsedSeconds();
        out.println();
        out.printf(Locale.ROOT, "All %d applications are UP after %.1f s.%n%n", APPS.size(), seconds);
        String gateway = gateway().url(displayHost);
        out.println("  Web app (use this)     " + gateway + "/");
        out.println("  Gateway (API)          " + gateway);
        out.println("  API docs (Swagger UI)  " + gateway + "/api-docs");
        out.println("  OpenAPI documents      " + gateway + "/v3/api-docs/{" + API_DOC_NAMES + "}");
        out.println();
        out.printf(Locale.ROOT, "  %-22s %-36s %s%n", "", "public port: API, /livez, /readyz",
                "management port: /actuator/health, /actuator/prometheus");
        for (ServiceApp app : APPS) {
            out.printf(Locale.ROOT, "  %-22s %-36s %s%n", app.name(), app.url(displayHost),
                    app.managementUrl(displayHost));
        }
        out.println();
        out.println("  Kafka                  " + kafkaServers);
        out.println("  MongoDB                " + redact(mongoUri));
        out.println("  Dev messages           " + gateway + "/dev/messages?to=<address>  (SMTP localhost:"
                + MessageStandIns.SMTP_PORT + ", SMS stand-in localhost:" + MessageStandIns.HTTP_PORT + ")");
        out.println();
        out.println("Get a development token and call the API through the gateway:");
        out.println();
        out.println("  TOKEN=$(curl -s -X POST " + gateway + "/dev/tokens -H 'Content-Type: application/json' \\");
        out.println("    -d '{\"subject\":\"dev-clinician\",\"roles\":[\"CLINICIAN\"]}' | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')");
        out.println("  curl -s -H \"Authorization: Bearer $TOKEN\" " + gateway + "/api/intake/caller");
        String token = mintToken();
        if (token != null) {
            out.println();
            out.println("Or, with a token valid for one hour:");
            out.println();
            out.println("  curl -s -H 'Authorization: Bearer " + token + "' " + gateway + "/api/intake/caller");
        }
        out.println();
        if (warnIfOnNetwork()) {
            out.println();
        }
        out.println("Press Ctrl-C to stop everything. Data stays in " + root.relativize(dataDir) + "/ for the next start.");
        out.flush();
    }

    private String mintToken() {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(gateway().url(host) + "/dev/tokens"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"subject\":\"dev-clinician\",\"roles\":[\"CLINICIAN\"]}"))
                            .timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher token = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(response.body());
            return response.statusCode() == 200 && token.find() ? token.group(1) : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** After start-up, a child that dies brings the stack down rather than leaving it half-running. */
    private void watchChildren() {
        Thread watcher = new Thread(() -> {
            while (!stopping) {
                for (ChildProcess child : children) {
                    if (!child.isAlive() && !stopping) {
                        failed(child.name() + " stopped unexpectedly (code " + child.exitCode() + ")", child);
                        stop();
                        Runtime.getRuntime().halt(1);
                    }
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "dev-stack-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Stops the services and the gateway first, then the broker, the message stand-ins and the store. Safe to call twice. */
    synchronized void stop() {
        if (stopping && stopped.getCount() == 0) {
            return;
        }
        stopping = true;
        boolean anything = !children.isEmpty() || mongo != null || messages != null;
        if (anything) {
            out.println();
            out.println("Stopping...");
        }
        List<ChildProcess> services = children.stream().filter(child -> kafka == null || child != kafka.process())
                .toList();
        services.forEach(ChildProcess::requestStop);
        try {
            for (ChildProcess child : services) {
                child.awaitStop(Duration.ofSeconds(20));
            }
            if (kafka != null) {
                kafka.process().requestStop();
                kafka.process().awaitStop(Duration.ofSeconds(30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (messages != null) {
            messages.stop();
        }
        if (mongo != null) {
            mongo.stop();
        }
        if (anything) {
            out.println("Stopped. Data kept in " + root.relativize(dataDir) + "/");
            out.flush();
        }
        children.clear();
        messages = null;
        mongo = null;
        stopped.countDown();
    }

    private void stopLeftovers() throws IOException, InterruptedException {
        if (!Files.isDirectory(pidsDir)) {
            return;
        }
        try (var files = Files.list(pidsDir)) {
            for (Path pidFile : files.toList()) {
                String name = pidFile.getFileName().toString().replace(".pid", "");
                if (ChildProcess.stopLeftover(pidFile, MARKER + name)) {
                    progress(name, "stopped", "left over from an earlier run that did not stop cleanly");
                }
            }
        }
    }

    private void failed(String why, ChildProcess child) {
        out.println();
        out.println("FAILED: " + why + ". Last lines of " + root.relativize(child.logFile()) + ":");
        child.logTail(25).forEach(line -> out.println("  | " + line));
        out.flush();
    }

    private void progress(String what, String state, String detail) {
        out.printf(Locale.ROOT, "  [%5.1fs] %-22s %-9s %s%n", elapsedSeconds(), what, state, detail);
        out.flush();
    }

    private double elapsedSeconds() {
        return (System.nanoTime() - startedAt) / 1e9;
    }

    static boolean isFree(int port) {
        return LocalNetwork.isFree(LocalNetwork.LOOPBACK, port);
    }

    /** A connection string without its password, for printing. */
    static String redact(String uri) {
        return uri.replaceAll("://([^:/@]+):([^@]+)@", "://$1:***@");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
