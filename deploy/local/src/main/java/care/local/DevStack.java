package care.local;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
 * <p>
 * This class runs the start-up and the stop; its parts: {@link StackConfig} (settings, ports),
 * {@link StackPreflight}, {@link InProcessServers} (store, stand-ins), {@link StackStartupCache},
 * {@link StartupWait}, {@link StackProcesses} (stopping the children) and {@link StackConsole} (printing).
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

    /** How long the applications get to stop by themselves before they are killed. */
    static final Duration SERVICE_GRACE = Duration.ofSeconds(7);
    /** How long the broker gets to stop by itself, once the applications are gone. */
    static final Duration BROKER_GRACE = Duration.ofSeconds(4);
    /** Everything is stopped within this, whatever it was doing. */
    static final Duration STOP_LIMIT = Duration.ofSeconds(15);

    private final StackConfig config;
    private final StackConsole console;
    private final StackProcesses children = new StackProcesses();
    private final StartupWait startupWait;
    private final StackStartupCache startupCache;
    private final InProcessServers servers;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch upReturned = new CountDownLatch(1);
    private final Supervisor supervisor;
    private volatile boolean stopping;
    private volatile Thread upThread;
    /** True while start-up waits (for the broker, the applications, the jars' extraction): a stop interrupts it. */
    private volatile boolean waiting;
    private volatile int exitCode;
    private volatile KafkaBroker kafka;
    private boolean stopStarted;

    DevStack(Path root, Map<String, String> environment, PrintStream out) {
        this(root, root.resolve(".dev-stack"), environment, out, Supervisor.Policy.DEFAULT);
    }

    DevStack(Path root, Path stateDir, Map<String, String> environment, PrintStream out, Supervisor.Policy restarts) {
        this.config = new StackConfig(root, stateDir, environment);
        this.console = new StackConsole(config, out);
        this.startupWait = new StartupWait(config, console, () -> stopping);
        this.startupCache = new StackStartupCache(config, console, children, () -> stopping);
        this.servers = new InProcessServers(config, console);
        this.supervisor = new Supervisor(restarts, line -> console.progress(line), this::giveUp);
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
                stack.console.println("FAILED: " + e);
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
        Path root = config.root();
        console.println("Care pathway platform: local stack (state in " + config.display(config.stateDir()) + "/)");
        if (!StackPreflight.check(config, console)) {
            return 1;
        }

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StartupCache cache = new StartupCache(config.stateDir().resolve("cache"), java,
                StartupCache.detect(config.environment().get("CARE_STARTUP_CACHE")));
        Map<ServiceApp, CompletableFuture<StartupCache.Prepared>> preparing = startupCache.prepare(cache);

        String mongoUri = servers.startStore();
        String kafkaServers = config.externalKafka();
        if (kafkaServers == null) {
            kafka = new KafkaBroker(config.dataDir(), new ChildProcess("kafka", config.logsDir(), config.pidsDir()),
                    KafkaBroker.PORT, KafkaBroker.CONTROLLER_PORT);
            children.add(kafka.process());
            if (stopping) {
                return 130;
            }
            // The broker first, on its own: started together with the applications on two cores it takes eight
            // times as long, and their Kafka clients wait for it anyway.
            kafka.start(java, System.getProperty("java.class.path"), root);
            if (!whileWaiting(() -> startupWait.awaitReady("Kafka broker", kafka.process(), kafka::isReady))) {
                return stopping ? 130 : 1;
            }
            kafkaServers = kafka.bootstrapServers();
            console.progress("Kafka broker (KRaft)", "UP", kafkaServers);
        } else {
            console.progress("Kafka", "external", kafkaServers);
        }

        if (stopping) {
            return 130;
        }
        servers.startMessageStandIns();

        Map<String, String> serviceEnvironment = config.serviceEnvironment(kafkaServers, mongoUri);
        Map<ServiceApp, ChildProcess> started = new LinkedHashMap<>();
        Map<ServiceApp, StartupCache.Prepared> prepared = new LinkedHashMap<>();
        Map<ServiceApp, Map<String, String>> environments = new LinkedHashMap<>();
        whileWaiting(() -> {
            for (var entry : preparing.entrySet()) {
                prepared.put(entry.getKey(), entry.getValue().get());
            }
            return true;
        });
        startupCache.report(cache, prepared.values());
        for (ServiceApp app : APPS) {
            if (stopping) {
                return 130;
            }
            ChildProcess child = new ChildProcess(app.name(), config.logsDir(), config.pidsDir());
            children.add(child);
            Map<String, String> appEnvironment = new LinkedHashMap<>(serviceEnvironment);
            appEnvironment.putAll(LocalNetwork.applicationEnvironment(app, config.bindAddress()));
            environments.put(app, appEnvironment);
            child.start(StackConfig.serviceCommand(java, app.name(), prepared.get(app).jar(),
                    cache.options(prepared.get(app))), appEnvironment, root);
            started.put(app, child);
        }
        console.progress("services", "starting", APPS.size() + " applications, logs in "
                + config.display(config.logsDir()) + "/");
        if (!whileWaiting(() -> startupWait.awaitServices(started))) {
            return stopping ? 130 : 1;
        }
        console.summary(mongoUri, kafkaServers);
        if (kafka != null) {
            supervisor.watch(kafka.process(), kafka::isReady);
        }
        started.forEach((app, child) -> supervisor.watch(child, () -> app.isUp(config.host())));
        startupCache.train(cache, prepared, environments, java);
        return 0;
    }

    private interface Wait {
        boolean run() throws Exception;
    }

    /** Runs a start-up wait that a stop may interrupt. */
    private boolean whileWaiting(Wait wait) throws Exception {
        waiting = true;
        try {
            return wait.run();
        } finally {
            waiting = false;
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
        boolean anything = !children.isEmpty() || servers.anyStarted() || starting != null;
        if (anything) {
            console.stopping();
        }
        try {
            startupCache.cancel();
            if (starting != null && starting != Thread.currentThread() && upReturned.getCount() > 0) {
                // Ends the start-up wait at once; nothing new starts once stopping is set.
                if (waiting) {
                    starting.interrupt();
                }
                upReturned.await(3, TimeUnit.SECONDS);
            }
            List<String> killed = children.stop(kafka == null ? null : kafka.process(), SERVICE_GRACE, BROKER_GRACE);
            if (!killed.isEmpty()) {
                console.killed(killed);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        servers.stop();
        if (anything) {
            console.stopped(began);
        }
        children.clear();
        stopped.countDown();
    }

    static boolean isFree(int port) {
        return LocalNetwork.isFree(LocalNetwork.LOOPBACK, port);
    }
}
