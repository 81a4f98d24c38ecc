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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real applications as separate processes (gateway, intake, scheduling) on a real Kafka broker
 * process and the MongoDB-wire store, as `./dev-stack up` runs them: an approval in intake becomes a plan
 * in scheduling, a redelivered approval creates nothing twice, and the first session can be booked.
 * Runs after the applications are packaged (`./mvnw verify`); skipped when their jars are missing.
 */
class IntakeToSchedulingSystemTest {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<ChildProcess> PROCESSES = new ArrayList<>();

    @TempDir
    static Path state;

    private static MongoStore mongo;
    private static KafkaBroker kafka;
    private static String gateway;

    @BeforeAll
    static void startPlatform() throws Exception {
        List<String> modules = List.of("gateway", "intake-service", "scheduling-service");
        for (String module : modules) {
            assumeTrue(Files.isRegularFile(ROOT.resolve(module).resolve("target").resolve(module + ".jar")),
                    module + " is not packaged yet (run ./mvnw verify)");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        mongo = new MongoStore(state.resolve("mongo").resolve("store.mv"), MongoStoreTest.freePort());
        String mongoUri = mongo.start();
        kafka = new KafkaBroker(state.resolve("data"), child("kafka"), MongoStoreTest.freePort(), MongoStoreTest.freePort());
        kafka.start(java, System.getProperty("java.class.path"), state);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!kafka.isReady()) {
            assertThat(System.nanoTime()).as("Kafka ready in 60 s").isLessThan(deadline);
            Thread.sleep(250);
        }
        int gatewayPort = MongoStoreTest.freePort();
        int intakePort = MongoStoreTest.freePort();
        int schedulingPort = MongoStoreTest.freePort();
        gateway = "http://localhost:" + gatewayPort;
        Map<String, String> common = Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "MONGODB_URI", mongoUri,
                "CARE_JWT_JWK_SET_URI", gateway + "/dev/jwks", "CARE_DEV_KEY_FILE",
                state.resolve("signing-key.json").toString(), "INTAKE_SERVICE_URL", "http://localhost:" + intakePort,
                "SCHEDULING_SERVICE_URL", "http://localhost:" + schedulingPort);
        start(java, "gateway", gatewayPort, common);
        start(java, "intake-service", intakePort, common);
        start(java, "scheduling-service", schedulingPort, common);
        for (int port : List.of(gatewayPort, intakePort, schedulingPort)) {
            ServiceApp app = new ServiceApp("app", port, "unused");
            deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (!app.isUp()) {
                assertThat(System.nanoTime()).as("application on %d UP in 180 s; logs: %s", port,
                        PROCESSES.stream().map(p -> p.name() + ": " + p.logTail(15)).toList()).isLessThan(deadline);
                Thread.sleep(500);
            }
        }
    }

    @AfterAll
    static void stopPlatform() throws InterruptedException {
        PROCESSES.forEach(ChildProcess::requestStop);
        for (ChildProcess process : PROCESSES) {
            process.awaitStop(Duration.ofSeconds(30));
        }
        if (mongo != null) {
            mongo.stop();
        }
    }

    private static ChildProcess child(String name) {
        ChildProcess process = new ChildProcess(name, state.resolve("logs"), state.resolve("pids"));
        PROCESSES.add(process);
        return process;
    }

    private static void start(String java, String module, int port, Map<String, String> environment) throws Exception {
        child(module).start(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-Dspring.profiles.active=local", "-jar", ROOT.resolve(module).resolve("target").resolve(module + ".jar")
                        .toString(), "--server.port=" + port), environment, state);
    }

    @Test
    void anApprovalInIntakeBecomesOnePlanInSchedulingAndItsFirstSessionCanBeBooked() throws Exception {
        String patientId = UUID.randomUUID().toString();
        String clinicianId = UUID.randomUUID().toString();
        String admin = token("{\"subject\":\"admin-1\",\"roles\":[\"ADMIN\"]}");
        String patient = token("{\"subject\":\"user-1\",\"roles\":[\"PATIENT\"],\"patientId\":\"" + patientId + "\"}");
        String clinician = token("{\"subject\":\"" + clinicianId + "\",\"roles\":[\"CLINICIAN\"]}");
        String intake = gateway + "/api/intake";

        expect(200, send("PUT", intake + "/clinicians/" + clinicianId, admin,
                "{\"displayName\":\"Dr Rivera\",\"licensedJurisdictions\":[\"US-CA\"]}"));
        expect(201, send("POST", intake + "/patients", patient, "{\"givenName\":\"Sam\",\"familyName\":\"Lee\","
                + "\"dateOfBirth\":\"1990-04-12\",\"email\":\"sam@example.org\",\"phone\":\"+14155550123\","
                + "\"jurisdiction\":\"US-CA\",\"timeZone\":\"America/Los_Angeles\"}"));
        expect(201, send("POST", intake + "/patients/" + patientId + "/consents", patient,
                "{\"type\":\"TREATMENT\",\"granted\":true}"));
        expect(201, send("POST", intake + "/patients/" + patientId + "/screenings", patient,
                "{\"gad7\":[2,2,2,2,2,1,1],\"phq9\":[1,1,2,1,1,1,0,1,0],\"conditions\":[],"
                        + "\"bloodPressure\":{\"systolic\":124,\"diastolic\":82}}"));
        String consultation = field(expect(201, send("POST", intake + "/patients/" + patientId + "/consultations",
                patient, "")), "consultationId");
        expect(200, send("POST", intake + "/consultations/" + consultation + "/decision", clinician,
                "{\"outcome\":\"APPROVED\",\"plannedSessions\":6}"));

        String planUrl = gateway + "/api/scheduling/patients/" + patientId + "/plan";
        HttpResponse<String> plan = awaitStatus(planUrl, patient, 200, Duration.ofSeconds(60));
        assertThat(plan.body()).contains("\"plannedSessions\":6", "\"status\":\"ACTIVE\"");
        String planId = field(plan, "planId");

        // Deliver the approval again, as a broker might after a rebalance: still one plan, one event.
        ConsumerRecord<byte[], byte[]> approval = find("care.intake.events.v1", patientId,
                "care.intake.EligibilityApproved.v1");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 3; i++) {
                ProducerRecord<byte[], byte[]> again = new ProducerRecord<>(approval.topic(), approval.key(), approval.value());
                approval.headers().forEach(again.headers()::add);
                producer.send(again).get(30, TimeUnit.SECONDS);
            }
        }
        Thread.sleep(3000);
        assertThat(count("care.scheduling.events.v1", patientId, "care.scheduling.TreatmentPlanCreated.v1")).isEqualTo(1);
        assertThat(field(send("GET", planUrl, patient, null), "planId")).isEqualTo(planId);

        // A provider publishes availability; the patient books the first dosing session.
        String providerId = UUID.randomUUID().toString();
        String provider = token("{\"subject\":\"" + providerId + "\",\"roles\":[\"CLINICIAN\"]}");
        expect(200, send("PUT", gateway + "/api/scheduling/providers/" + providerId + "/availability", provider,
                "{\"timeZone\":\"America/Los_Angeles\",\"weekly\":[" + everyDay("08:00", "20:00")
                        + "],\"appointmentTypes\":[\"DOSING_SESSION\"]}"));
        Instant from = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.HOURS);
        String slot = field(expect(200, send("GET", gateway + "/api/scheduling/slots?type=DOSING_SESSION&providerId="
                + providerId + "&from=" + from + "&to=" + from.plus(Duration.ofDays(2)), patient, null)), "start");
        HttpResponse<String> booked = send("POST", gateway + "/api/scheduling/appointments", patient,
                "{\"patientId\":\"" + patientId + "\",\"type\":\"DOSING_SESSION\",\"providerId\":\"" + providerId
                        + "\",\"start\":\"" + slot + "\",\"sessionNumber\":1}");
        expect(201, booked);
        assertThat(send("GET", planUrl, patient, null).body()).contains("\"status\":\"SCHEDULED\"");
    }

    private static String everyDay(String start, String end) {
        List<String> windows = new ArrayList<>();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")) {
            windows.add("{\"day\":\"" + day + "\",\"start\":\"" + start + "\",\"end\":\"" + end + "\"}");
        }
        return String.join(",", windows);
    }

    private static String token(String body) throws Exception {
        return field(expect(200, send("POST", gateway + "/dev/tokens", null, body)), "access_token");
    }

    private static HttpResponse<String> send(String method, String url, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> expect(int status, HttpResponse<String> response) {
        assertThat(response.statusCode()).as("%s %s", response.request().uri(), response.body()).isEqualTo(status);
        return response;
    }

    private static HttpResponse<String> awaitStatus(String url, String token, int status, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> response = send("GET", url, token, null);
        while (response.statusCode() != status && System.nanoTime() < deadline) {
            Thread.sleep(250);
            response = send("GET", url, token, null);
        }
        return expect(status, response);
    }

    private static String field(HttpResponse<String> response, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(response.body());
        assertThat(matcher.find()).as("%s in %s", name, response.body()).isTrue();
        return matcher.group(1);
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(String topic) {
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

    private static List<ConsumerRecord<byte[], byte[]>> of(String topic, String patientId, String type) {
        return read(topic).stream().filter(record -> record.key() != null && patientId.equals(new String(record.key()))
                && record.headers().lastHeader("ce_type") != null
                && type.equals(new String(record.headers().lastHeader("ce_type").value()))).toList();
    }

    private static ConsumerRecord<byte[], byte[]> find(String topic, String patientId, String type) {
        List<ConsumerRecord<byte[], byte[]>> found = of(topic, patientId, type);
        assertThat(found).as(type).isNotEmpty();
        return found.getFirst();
    }

    private static long count(String topic, String patientId, String type) {
        return of(topic, patientId, type).size();
    }
}
