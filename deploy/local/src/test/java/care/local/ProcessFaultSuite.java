package care.local;

import static care.local.LocalPlatform.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults at process level on the platform as `./dev-stack up` runs it (the gateway and the five services as
 * processes, a Kafka broker process, the MongoDB-wire store, the SMTP server and text-provider stand-in), each under a
 * steady {@link FaultWorkload} through the gateway and each ending with a {@link Reconciliation} of what the gateway
 * accepted against what the services hold and the topics carry: nothing lost, nothing duplicated.
 * <ol>
 * <li>each service killed with SIGKILL in turn and started again;</li>
 * <li>the broker stopped for 30 s: the services stay up and report not ready, their outboxes hold the events;</li>
 * <li>the store stopped: the API answers 503 problem details (never 500, never a stack trace), and all is well after;</li>
 * <li>the text provider failing for 60 s: every reminder still goes, once.</li>
 * </ol>
 * Not part of the normal build (it takes minutes): {@code ./mvnw -B -o -Pfaults -pl deploy/local test} once the
 * applications are packaged. Reports in {@code target/fault-suite/reconciliation.txt}, logs in
 * {@code target/fault-suite/logs}.
 */
@Tag("faults")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessFaultSuite {

    static final List<String> SERVICES = List.of("intake-service", "scheduling-service", "session-service",
            "integration-service", "notification-service");
    static final int THREADS = Integer.getInteger("faults.threads", 2);
    /**
     * Short sessions and no quiet hours, as {@link SystemPlatform#SHORT_SESSIONS}; an appointment reminder 30 days
     * ahead (so each booking sends one at once) and the preparation reminder an hour before (never during the run);
     * a dispatcher that takes over a dead instance's claim after 15 s and retries a failed send within 15 s; no
     * budget on development tokens.
     */
    static final String SETTINGS = "{\"care\":{\"session\":{\"start-window\":\"P30D\","
            + "\"minimum-monitoring\":\"PT3S\",\"timer-poll-interval\":\"PT1S\","
            + "\"monitor-check-interval\":\"PT20S\",\"monitor-check-window\":\"PT20S\",\"monitor-check-grace\":\"PT5S\"},"
            + "\"notification\":{\"quiet-start\":\"00:00\",\"quiet-end\":\"00:00\",\"appointment-reminders\":\"PT720H\","
            + "\"preparation-reminder\":\"PT1H\",\"dispatch\":{\"lease\":\"PT15S\",\"retry-backoff\":\"PT2S\","
            + "\"max-retry-backoff\":\"PT15S\"}},"
            + "\"gateway\":{\"rate-limits\":{\"routes\":{\"dev\":{\"write\":{\"limit\":100000}}}}}}}";
    /** The driver gives up on a stopped store after 2 s, well inside the gateway's 10 s timeout. */
    static final String STORE_OPTIONS = "/?serverSelectionTimeoutMS=2000&connectTimeoutMS=2000";

    private static final Path STATE = Path.of("target", "fault-suite").toAbsolutePath();
    private static final List<String> REPORTS = new ArrayList<>();
    private static LocalPlatform platform;
    private static MessageStandIns messages;
    private static List<FaultWorkload.Worker> workers;
    private static long suiteStarted;

    @BeforeAll
    static void startPlatform() throws Exception {
        suiteStarted = System.nanoTime();
        deleteRecursively(STATE);
        Files.createDirectories(STATE);
        messages = new MessageStandIns(MongoStoreTest.freePort(), MongoStoreTest.freePort(), "http://localhost:9/none",
                SystemPlatform.WEBHOOK_SECRET);
        messages.start();
        // Whatever happens to this JVM, the processes it started end with it.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if (platform != null) {
                    platform.stop();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fault-suite-stop"));
        List<String> modules = new ArrayList<>(List.of("gateway"));
        modules.addAll(SERVICES);
        platform = new LocalPlatform(STATE).storeOptions(STORE_OPTIONS);
        platform.start(modules, Map.of(
                "SPRING_APPLICATION_JSON", SETTINGS,
                "SPRING_MAIL_PORT", String.valueOf(messages.smtpPort()),
                "CARE_NOTIFICATION_PROVIDERS_SMS_BASEURL", messages.url() + "/sms",
                "CARE_NOTIFICATION_WEBHOOKSECRET", SystemPlatform.WEBHOOK_SECRET,
                "CARE_DEV_MESSAGES_URL", messages.url()));
        messages.reportTo(platform.gateway + "/api/notifications/webhooks");
        workers = FaultWorkload.workers(platform, THREADS);
        log("platform started in %.0f s", (System.nanoTime() - suiteStarted) / 1e9);
    }

    @AfterAll
    static void stopPlatform() throws Exception {
        try {
            if (platform != null) {
                platform.stop();
            }
        } finally {
            if (messages != null) {
                messages.stop();
            }
        }
        String summary = String.format(Locale.ROOT, "%nFAULT SUITE  %d processors, Java %s, %.0f s in all%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                (System.nanoTime() - suiteStarted) / 1e9);
        System.out.print(summary);
        REPORTS.add(summary);
        try {
            Files.writeString(STATE.resolve("reconciliation.txt"), String.join("", REPORTS));
        } catch (IOException e) {
            System.out.println("could not write the report: " + e);
        }
    }

    @Test
    @Order(1)
    void aServiceKilledAndRestartedLosesAndDuplicatesNothing() throws Exception {
        FaultWorkload workload = new FaultWorkload(platform, "1. each service killed (SIGKILL) and restarted",
                THREADS, workers);
        workload.start();
        Thread.sleep(10_000);
        List<String> timings = new ArrayList<>();
        for (String service : SERVICES) {
            long t0 = System.nanoTime();
            platform.kill(service);
            platform.restart(service);
            timings.add(String.format(Locale.ROOT, "%s down %.0f s", service, (System.nanoTime() - t0) / 1e9));
            Thread.sleep(5_000);
        }
        workload.stop();
        Reconciliation result = reconcile(workload, String.join(", ", timings));
        assertThat(workload.accepted("appointment")).as("bookings accepted during the kills").isNotEmpty();
        assertNothingLostOrDuplicated(result);
    }

    @Test
    @Order(2)
    void theBrokerStoppedFor30SecondsLosesAndDuplicatesNothing() throws Exception {
        FaultWorkload workload = new FaultWorkload(platform, "2. Kafka broker stopped for 30 s", THREADS, workers);
        workload.start();
        Thread.sleep(8_000);
        platform.stopBroker();
        long stopped = System.nanoTime();
        Map<String, Boolean> notReady = new TreeMap<>();
        long pendingMax = 0;
        // Registrations go on without the broker (intake needs only its store); their events wait in the outbox.
        for (int i = 0; i < 3; i++) {
            workload.register(java.util.UUID.randomUUID().toString());
        }
        while (System.nanoTime() - stopped < Duration.ofSeconds(30).toNanos()) {
            for (String service : SERVICES) {
                if (!platform.isReady(service)) {
                    notReady.put(service, true);
                }
            }
            pendingMax = Math.max(pendingMax, outboxPending());
            Thread.sleep(1_000);
        }
        for (String service : SERVICES) {
            assertThat(platform.isAlive(service)).as("%s still running without the broker", service).isTrue();
        }
        platform.startBroker();
        long back = System.nanoTime();
        awaitReady(Duration.ofSeconds(90));
        double readyAfter = (System.nanoTime() - back) / 1e9;
        Thread.sleep(8_000);
        workload.stop();
        Reconciliation result = reconcile(workload, String.format(Locale.ROOT,
                "not ready while the broker was down: %s; most aggregates with events waiting in the outboxes: %d; all ready %.0f s "
                        + "after the broker was back", notReady.keySet(), pendingMax, readyAfter));
        assertThat(notReady.keySet()).as("services reporting not ready while the broker is down")
                .containsExactlyInAnyOrderElementsOf(SERVICES);
        assertThat(pendingMax).as("events held in the outboxes while the broker is down").isPositive();
        assertNothingLostOrDuplicated(result);
    }

    @Test
    @Order(3)
    void theStoreStoppedAnswers503ProblemsAndLosesNothing() throws Exception {
        FaultWorkload workload = new FaultWorkload(platform, "3. store stopped for 20 s", THREADS, workers);
        workload.start();
        Thread.sleep(8_000);
        platform.stopStore();
        long stopped = System.nanoTime();
        // Direct probes while the store is down: a read and a write of a patient the workload registered.
        List<String> probes = new ArrayList<>();
        FaultWorkload.Patient patient = workload.patients.values().iterator().next();
        Thread.sleep(3_000);
        while (System.nanoTime() - stopped < Duration.ofSeconds(20).toNanos()) {
            for (var probe : List.of(
                    send("GET", platform.gateway + "/api/intake/patients/" + patient.id(), patient.token(), null),
                    send("POST", platform.gateway + "/api/intake/patients/" + patient.id() + "/consents",
                            patient.token(), "{\"type\":\"SMS\",\"granted\":true}"))) {
                probes.add(probe.statusCode() + " " + probe.headers().firstValue("Content-Type").orElse("") + " "
                        + probe.headers().firstValue("Retry-After").map(s -> "Retry-After " + s).orElse("") + " "
                        + probe.body());
            }
            Thread.sleep(2_000);
        }
        platform.startStore();
        long back = System.nanoTime();
        awaitReady(Duration.ofSeconds(90));
        double readyAfter = (System.nanoTime() - back) / 1e9;
        long reconnected = System.nanoTime();
        Thread.sleep(8_000);
        workload.stop();
        Reconciliation result = reconcile(workload, String.format(Locale.ROOT,
                "all ready %.0f s after the store was back; answers to probes while it was down: %s", readyAfter,
                probes.stream().map(p -> p.substring(0, Math.min(p.length(), 120))).distinct().toList()));
        assertThat(probes).as("answers while the store is down").isNotEmpty().allSatisfy(probe -> assertThat(probe)
                .startsWith("503 application/problem+json").contains("Retry-After"));
        // What the workload got while the store was down, and until the services had reconnected.
        assertThat(workload.failures).filteredOn(f -> f.at() >= stopped && f.at() <= reconnected)
                .as("answers while the store is down").isNotEmpty().noneMatch(f -> f.status() == 500)
                .filteredOn(f -> f.status() >= 500)
                .allSatisfy(f -> assertThat(f.contentType()).startsWith("application/problem+json"))
                .allSatisfy(f -> assertThat(f.body()).doesNotContain("Exception", "\tat ", "mongo"));
        assertNothingLostOrDuplicated(result);
    }

    @Test
    @Order(4)
    void theTextProviderFailingFor60SecondsSendsEveryMessageOnce() throws Exception {
        FaultWorkload workload = new FaultWorkload(platform, "4. text provider failing (503) for 60 s", THREADS, workers);
        workload.start();
        Thread.sleep(5_000);
        LocalPlatform.expect(202, send("POST", messages.url() + "/messages/outage", null,
                "{\"channel\":\"SMS\",\"seconds\":60}"));
        Thread.sleep(60_000);
        Thread.sleep(10_000);
        workload.stop();
        Reconciliation result = reconcile(workload, "");
        assertNothingLostOrDuplicated(result);
    }

    private static Reconciliation reconcile(FaultWorkload workload, String detail) throws Exception {
        Reconciliation result = Reconciliation.settle(platform, messages, workload, Duration.ofSeconds(150));
        Map<String, Long> statuses = new TreeMap<>(workload.failures.stream()
                .collect(Collectors.groupingBy(ProcessFaultSuite::kind, Collectors.counting())));
        String report = result.table() + String.format(Locale.ROOT,
                "  workload: %.0f s, %d requests (%d without an answer, failed answers by status %s), %d patients, "
                        + "%d through to a completed session, %d abandoned%n",
                workload.seconds(), workload.requests.get(), workload.unanswered.get(), statuses,
                workload.patients.size(), workload.completed.size(), workload.abandoned.size())
                + (detail.isEmpty() ? "" : "  " + detail + "\n")
                + workload.failures.stream().filter(f -> f.status() == 500).limit(5).map(f -> "  500 on " + f.method()
                        + " " + f.path() + ": " + f.body() + "\n").collect(Collectors.joining())
                + workload.abandoned.stream().limit(5).map(a -> "  abandoned " + a + "\n").collect(Collectors.joining());
        System.out.print(report);
        REPORTS.add(report);
        return result;
    }

    /** A failed answer's status and problem type, e.g. {@code 503 upstream-unavailable}. */
    private static String kind(FaultWorkload.Failure failure) {
        java.util.regex.Matcher type = java.util.regex.Pattern.compile("\"type\":\"urn:care:problem:([^\"]+)\"")
                .matcher(failure.body());
        return failure.status() + (type.find() ? " " + type.group(1) : "");
    }

    private static void assertNothingLostOrDuplicated(Reconciliation result) {
        assertThat(result.rows).as(result.table()).allSatisfy(row -> {
            assertThat(row.lost()).as("%s lost", row.effect()).isZero();
            assertThat(row.duplicated()).as("%s duplicated", row.effect()).isZero();
        });
        assertThat(result.rows.getFirst().accepted()).as("registrations accepted").isPositive();
    }

    private static void awaitReady(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        for (String service : SERVICES) {
            while (!platform.isReady(service)) {
                assertThat(System.nanoTime()).as("%s ready again", service).isLessThan(deadline);
                Thread.sleep(500);
            }
        }
    }

    /**
     * The aggregates with events waiting in their outbox, in every service's database: each holds its pending events
     * in its own document, marked with {@code outboxSince} until the relay has published them all.
     */
    private static long outboxPending() {
        try (com.mongodb.client.MongoClient client = com.mongodb.client.MongoClients.create(
                "mongodb://localhost:" + platform.ports().get("store") + STORE_OPTIONS)) {
            long pending = 0;
            for (String database : client.listDatabaseNames()) {
                for (String collection : client.getDatabase(database).listCollectionNames()) {
                    pending += client.getDatabase(database).getCollection(collection)
                            .countDocuments(com.mongodb.client.model.Filters.exists("outboxSince"));
                }
            }
            return pending;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[fault suite] " + format + "%n", args);
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            try (var children = Files.list(path)) {
                for (Path child : children.toList()) {
                    deleteRecursively(child);
                }
            }
        }
        Files.deleteIfExists(path);
    }
}
