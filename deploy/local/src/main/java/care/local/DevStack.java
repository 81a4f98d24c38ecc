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
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./dev-stack up}: the whole platform on one machine. Starts the MongoDB-wire store (persisted
 * in the data folder) and the message stand-ins (an SMTP server and the SMS/push provider, see
 * {@link MessageStandIns}) inside this process, a real Kafka broker as a child process, then the five
 * services, the gateway and the web app; waits until each reports UP, prints where everything is and a curl that
 * calls the API, and on Ctrl-C stops everything it started.
 * <p>
 * Once everything is UP, a {@link Supervisor} restarts a service, the gateway, the web app or the broker that
 * exits, with a growing back-off, and reports it on the console. {@code Ctrl-C} or SIGTERM at any moment, start-up
 * included, stops everything within {@link #STOP_LIMIT}: the start-up wait ends at once, the applications stop in
 * parallel and are killed when they take longer than {@link #SERVICE_GRACE}, then the broker (kept up until then,
 * so that their Kafka clients can close), the message stand-ins and the store.
 * <p>
 * Applications start from a {@link StartupCache} when the JVM supports one: the first start trains it in the
 * background once everything is UP, later starts use it.
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
    /** How long the applications get to stop by themselves before they are killed. */
    static final Duration SERVICE_GRACE = Duration.ofSeconds(7);
    /** How long the broker gets to stop by itself, once the applications are gone. */
    static final Duration BROKER_GRACE = Duration.ofSeconds(4);
    /** Everything is stopped within this, whatever it was doing. */
    static final Duration STOP_LIMIT = Duration.ofSeconds(15);
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
    private final List<ChildProcess> children = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch upReturned = new CountDownLatch(1);
    private final Supervisor supervisor;
    private volatile boolean stopping;
    private volatile Thread upThread;
    /** True while start-up waits (for the broker, the applications, the jars' extraction): a stop interrupts it. */
    private volatile boolean waiting;
    private volatile ExecutorService preparer;
    private volatile int exitCode;
    private volatile MongoStore mongo;
    private volatile KafkaBroker kafka;
    private volatile MessageStandIns messages;
    private boolean stopStarted;

    DevStack(Path root, Map<String, String> environment, PrintStream out) {
        this(root, root.resolve(".dev-stack"), environment, out, Supervisor.Policy.DEFAULT);
    }

    DevStack(Path root, Path stateDir, Map<String, String> environment, PrintStream out, Supervisor.Policy restarts) {
        this.root = root.toAbsolutePath().normalize();
        this.stateDir = stateDir.toAbsolutePath().normalize();
        this.dataDir = this.stateDir.resolve("data");
        this.logsDir = this.stateDir.resolve("logs");
        this.pidsDir = this.stateDir.resolve("pids");
        this.environment = environment;
        this.bindAddress = LocalNetwork.bindAddress(environment);
        this.host = LocalNetwork.connectHost(bindAddress);
        this.displayHost = LocalNetwork.displayHost(bindAddress);
        this.out = out;
        this.supervisor = new Supervisor(restarts, line -> progress(line), this::giveUp);
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "up" : args[0];
        Path root = Path.of(System.getProperty("care.root", "."));
        if (!command.equals("up")) {
            System.err.println("usage: dev-stack up");
            System.exit(2);
        }
        // The state folder (data, logs, caches) is .dev-stack/ in the checkout unless care.state says otherwise.
        Path state = Path.of(System.getProperty("care.state", root.resolve(".dev-stack").toString()));
        Path logs = state.toAbsolutePath().normalize().resolve("logs");
        Files.createDirectories(logs);
        // Before anything logs: the store's and the stand-ins' logs go to a file, the console shows progress only.
        System.setProperty("care.launcher.log", logs.resolve("launcher.log").toString());
        System.setProperty("log4j2.configurationFile", "classpath:launcher-log4j2.xml");
        DevStack stack = new DevStack(root, state, System.getenv(), System.out, Supervisor.Policy.DEFAULT);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "dev-stack-stop"));
        int code;
        try {
            code = stack.up();
        } catch (Exception e) {
            if (!stack.stopping) {
                stack.out.println("FAILED: " + e);
            }
            code = 1;
        } finally {
            stack.upReturned.countDown();
        }
        // The stop interrupts a start-up in progress; what is left of that is not for the waits below.
        Thread.interrupted();
        if (stack.stopping) {
            // Ctrl-C or SIGTERM during start-up: the shutdown hook stops everything and ends the JVM.
            stack.awaitStopped();
            return;
        }
        if (code != 0) {
            stack.stop();
            System.exit(code);
        }
        stack.awaitStopped();
        System.exit(stack.exitCode);
    }

    /** Waits until {@link #stop()} is done; an interrupt meant for the start-up does not end the wait. */
    private void awaitStopped() {
        while (true) {
            try {
                stopped.await();
                return;
            } catch (InterruptedException startUpInterrupted) {
                // the stop ends the start-up this way; keep waiting for it
            }
        }
    }

    /** Starts everything and returns 0 once all is UP, or a non-zero code after explaining what failed. */
    int up() throws Exception {
        upThread = Thread.currentThread();
        out.println("Care pathway platform: local stack (state in " + display(stateDir) + "/)");
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

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StartupCache cache = new StartupCache(stateDir.resolve("cache"), java,
                StartupCache.detect(environment.get("CARE_STARTUP_CACHE")));
        // Extracting the jars (first start, or after a rebuild) overlaps with starting the broker.
        // Two at a time: more would slow the broker down on two cores.
        preparer = Executors.newFixedThreadPool(2, task -> {
            Thread thread = new Thread(task, "dev-stack-prepare");
            thread.setDaemon(true);
            return thread;
        });
        Map<ServiceApp, CompletableFuture<StartupCache.Prepared>> preparing = new LinkedHashMap<>();
        for (ServiceApp app : APPS) {
            preparing.put(app, CompletableFuture.supplyAsync(() -> cache.prepare(app, app.jar(root),
                    logsDir.resolve("startup-cache.log")), preparer));
        }
        preparer.shutdown();

        String mongoUri = externalMongo;
        if (mongoUri == null) {
            mongo = new MongoStore(dataDir.resolve("mongo").resolve("store.mv"), MongoStore.PORT);
            mongoUri = mongo.start();
            progress("MongoDB-wire store", "UP", mongoUri + "  (data: " + display(mongo.file()) + ")");
        } else {
            progress("MongoDB", "external", redact(mongoUri));
        }

        String kafkaServers = externalKafka;
        if (kafkaServers == null) {
            kafka = new KafkaBroker(dataDir, new ChildProcess("kafka", logsDir, pidsDir), KafkaBroker.PORT,
                    KafkaBroker.CONTROLLER_PORT);
            children.add(kafka.process());
            if (stopping) {
                return 130;
            }
            // The broker first, on its own: started together with the applications on two cores it takes eight
            // times as long, and their Kafka clients wait for it anyway.
            kafka.start(java, System.getProperty("java.class.path"), root);
            waiting = true;
            try {
                if (!awaitReady("Kafka broker", kafka.process(), kafka::isReady)) {
                    return stopping ? 130 : 1;
                }
            } finally {
                waiting = false;
            }
            kafkaServers = kafka.bootstrapServers();
            progress("Kafka broker (KRaft)", "UP", kafkaServers);
        } else {
            progress("Kafka", "external", kafkaServers);
        }

        if (stopping) {
            return 130;
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
        Map<ServiceApp, StartupCache.Prepared> prepared = new LinkedHashMap<>();
        Map<ServiceApp, Map<String, String>> environments = new LinkedHashMap<>();
        waiting = true;
        try {
            for (var entry : preparing.entrySet()) {
                prepared.put(entry.getKey(), entry.getValue().get());
            }
        } finally {
            waiting = false;
        }
        reportCache(cache, prepared.values());
        for (ServiceApp app : APPS) {
            if (stopping) {
                return 130;
            }
            ChildProcess child = new ChildProcess(app.name(), logsDir, pidsDir);
            children.add(child);
            Map<String, String> appEnvironment = new LinkedHashMap<>(serviceEnvironment);
            appEnvironment.putAll(LocalNetwork.applicationEnvironment(app, bindAddress));
            environments.put(app, appEnvironment);
            child.start(serviceCommand(java, app.name(), prepared.get(app).jar(), cache.options(prepared.get(app))),
                    appEnvironment, root);
            started.put(app, child);
        }
        progress("services", "starting", APPS.size() + " applications, logs in " + display(logsDir) + "/");
        waiting = true;
        try {
            if (!awaitServices(started)) {
                return stopping ? 130 : 1;
            }
        } finally {
            waiting = false;
        }
        printSummary(mongoUri, kafkaServers);
        if (kafka != null) {
            supervisor.watch(kafka.process(), kafka::isReady);
        }
        started.forEach((app, child) -> supervisor.watch(child, () -> app.isUp(host)));
        train(cache, prepared, environments, java);
        return 0;
    }

    private void reportCache(StartupCache cache, Collection<StartupCache.Prepared> prepared) {
        long cached = prepared.stream().filter(StartupCache.Prepared::cached).count();
        long extracted = prepared.stream().filter(p -> !p.jar().startsWith(root.resolve(p.app().module()))).count();
        String detail;
        if (cache.kind() == StartupCache.Kind.NONE) {
            detail = "none (" + (environment.containsKey("CARE_STARTUP_CACHE") ? "CARE_STARTUP_CACHE=off"
                    : "this JVM has neither an AOT cache nor AppCDS") + "): plain jars";
        } else if (cached == prepared.size()) {
            detail = cache.describe() + " for all " + cached + " applications";
        } else {
            detail = cache.describe() + " for " + cached + " of " + prepared.size() + " applications; "
                    + (extracted == prepared.size() ? "the others are trained" : "trained")
                    + " once everything is UP, for the next start";
            prepared.stream().filter(p -> p.note() != null && !p.needsTraining())
                    .forEach(p -> progress(p.app().name(), "", "no start-up cache: " + p.note()));
        }
        progress("start-up cache", "", detail + "  (" + display(stateDir.resolve("cache")) + "/)");
    }

    /**
     * Trains the start-up cache of the applications that have none yet, one after the other in the background
     * (each builds its application context once and exits), so that the next start uses it.
     */
    private void train(StartupCache cache, Map<ServiceApp, StartupCache.Prepared> prepared,
            Map<ServiceApp, Map<String, String>> environments, String java) {
        List<StartupCache.Prepared> toTrain = prepared.values().stream().filter(StartupCache.Prepared::needsTraining)
                .toList();
        if (toTrain.isEmpty()) {
            return;
        }
        Thread trainer = new Thread(() -> {
            long began = System.nanoTime();
            int done = 0;
            for (StartupCache.Prepared app : toTrain) {
                ChildProcess training = new ChildProcess(app.app().name() + "-training", logsDir, pidsDir);
                children.add(training);
                try {
                    if (stopping) {
                        return;
                    }
                    List<String> command = new ArrayList<>();
                    if (Files.isExecutable(Path.of("/usr/bin/nice"))) {
                        // At a lower priority than the running stack, which the developer is using meanwhile.
                        command.addAll(List.of("/usr/bin/nice", "-n", "10"));
                    }
                    command.addAll(serviceCommand(java, training.name(), app.jar(), cache.trainingOptions(app)));
                    training.start(command, environments.get(app.app()), root);
                    if (!training.awaitStop(Duration.ofMinutes(3))) {
                        continue;
                    }
                    if (training.exitCode() == 0 && cache.trained(app)) {
                        done++;
                    }
                } catch (Exception e) {
                    if (stopping) {
                        return;
                    }
                } finally {
                    children.remove(training);
                }
            }
            if (!stopping) {
                progress("start-up cache", "trained", String.format(Locale.ROOT,
                        "%d of %d applications in %.0f s; the next start uses it", done, toTrain.size(),
                        (System.nanoTime() - began) / 1e9));
            }
        }, "dev-stack-train");
        trainer.setDaemon(true);
        trainer.start();
    }

    private String display(Path path) {
        return path.startsWith(root) ? root.relativize(path).toString() : path.toString();
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

    private static List<String> serviceCommand(String java, String name, Path jar, List<String> cacheOptions) {
        List<String> command = new ArrayList<>(List.of(java, MARKER + name, "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Xss512k", "-Xms32m", "-Xmx256m", "-XX:MaxMetaspaceSize=192m",
                "-XX:ReservedCodeCacheSize=64m"));
        command.addAll(cacheOptions);
        command.addAll(List.of("-Dspring.profiles.active=local", "-jar", jar.toString()));
        return command;
    }

    private boolean awaitServices(Map<ServiceApp, ChildProcess> started) throws InterruptedException {
        Map<ServiceApp, ChildProcess> waiting = new LinkedHashMap<>(started);
        long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
        long nextReport = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!waiting.isEmpty()) {
            for (var entry : List.copyOf(waiting.entrySet())) {
                if (stopping) {
                    return false;
                }
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
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!ready.getAsBoolean()) {
            if (stopping) {
                return false;
            }
            if (!child.isAlive()) {
                failed(what + " exited with code " + child.exitCode(), child);
                return false;
            }
            if (System.nanoTime() > deadline) {
                failed(what + " not ready after 120 s", child);
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
        out.println("Press Ctrl-C to stop everything. Data stays in " + display(dataDir) + "/ for the next start.");
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

    /** The supervisor gave up on a child: the stack stops, and the launcher ends with code 1. */
    private void giveUp(String why) {
        exitCode = 1;
        Thread stopper = new Thread(this::stop, "dev-stack-give-up");
        stopper.start();
    }

    /**
     * Stops everything, whatever the launcher is doing (starting included): ends the start-up wait, stops the
     * applications in parallel and kills those still running after {@link #SERVICE_GRACE}, then stops the broker
     * (killed after {@link #BROKER_GRACE}), the message stand-ins and the store. Safe to call twice and from any
     * thread; a second caller waits until the first is done.
     */
    void stop() {
        synchronized (this) {
            if (stopStarted) {
                try {
                    stopped.await(STOP_LIMIT.toSeconds() + 5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            stopStarted = true;
            stopping = true;
        }
        long began = System.nanoTime();
        supervisor.stop();
        Thread starting = upThread;
        boolean anything = !children.isEmpty() || mongo != null || messages != null || starting != null;
        if (anything) {
            out.println();
            out.println("Stopping...");
            out.flush();
        }
        try {
            ExecutorService extracting = preparer;
            if (extracting != null) {
                extracting.shutdownNow();
            }
            if (starting != null && starting != Thread.currentThread() && upReturned.getCount() > 0) {
                // Ends the start-up wait at once; nothing new starts once stopping is set.
                if (waiting) {
                    starting.interrupt();
                }
                upReturned.await(3, TimeUnit.SECONDS);
            }
            ChildProcess broker = kafka == null ? null : kafka.process();
            List<ChildProcess> applications = children.stream().filter(child -> child != broker).toList();
            List<String> killed = stopAll(applications, SERVICE_GRACE);
            if (broker != null) {
                killed.addAll(stopAll(List.of(broker), BROKER_GRACE));
            }
            if (!killed.isEmpty()) {
                out.println("  killed (did not stop in time): " + String.join(", ", killed));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        MessageStandIns standIns = messages;
        if (standIns != null) {
            standIns.stop();
        }
        MongoStore store = mongo;
        if (store != null) {
            store.stop();
        }
        if (anything) {
            out.printf(Locale.ROOT, "Stopped in %.1f s. Data kept in %s/%n", (System.nanoTime() - began) / 1e9,
                    display(dataDir));
            out.flush();
        }
        children.clear();
        messages = null;
        mongo = null;
        stopped.countDown();
    }

    /** Asks all to stop at once, then kills those still running after the grace period; returns their names. */
    private static List<String> stopAll(List<ChildProcess> processes, Duration grace) throws InterruptedException {
        processes.forEach(ChildProcess::requestStop);
        long deadline = System.nanoTime() + grace.toNanos();
        List<String> killed = new ArrayList<>();
        for (ChildProcess child : processes) {
            boolean wasAlive = child.isAlive();
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (!child.awaitStop(left) && wasAlive) {
                killed.add(child.name());
            }
        }
        return killed;
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
        out.println("FAILED: " + why + ". Last lines of " + display(child.logFile()) + ":");
        child.logTail(25).forEach(line -> out.println("  | " + line));
        out.flush();
    }

    private void progress(String line) {
        if (line.startsWith("  | ")) {
            out.println(line);
            out.flush();
            return;
        }
        out.printf(Locale.ROOT, "  [%5.1fs] %s%n", elapsedSeconds(), line);
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
