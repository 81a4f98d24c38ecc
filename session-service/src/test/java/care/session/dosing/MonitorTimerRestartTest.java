package care.session.dosing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;

import care.contracts.Topics;
import care.contracts.scheduling.AppointmentBooked;
import care.contracts.scheduling.AppointmentKind;
import care.kit.security.Role;
import care.kit.test.AccessFixture;
import care.kit.test.Api;
import care.kit.test.InfrastructureCondition;
import care.kit.test.InfrastructureInitializer;
import care.kit.test.TestEvents;
import care.kit.test.TestIssuer;
import care.kit.test.TopicRecorder;
import care.kit.test.TopicRecorder.Received;
import care.session.SessionServiceApplication;

/**
 * The monitor-check timer is durable and fires once: a session starts on one instance, that instance
 * stops before the checks are due, and two fresh instances sharing the store raise each missed check
 * exactly once. Real durations, shortened by configuration as a demo would: checks every 10 s in the
 * first 20 s with 2 s of grace.
 */
@org.junit.jupiter.api.Tag("integration")
@ExtendWith(InfrastructureCondition.class)
class MonitorTimerRestartTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static TopicRecorder recorder;
    static TestEvents events;
    final List<ConfigurableApplicationContext> running = new ArrayList<>();
    final TestIssuer issuer = TestIssuer.get();

    @BeforeAll
    static void start() {
        recorder = new TopicRecorder(List.of(Topics.SESSION_EVENTS));
        events = new TestEvents();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        recorder.close();
        events.close();
        recorder.assertEveryEventMatchesItsSchema(Topics.SESSION_EVENTS);
    }

    /** A session-service instance of its own (own database and consumer group), on random ports. */
    static ConfigurableApplicationContext instance() {
        return new SpringApplicationBuilder(SessionServiceApplication.class)
                .initializers(new InfrastructureInitializer())
                .run("--server.port=0", "--management.server.port=0",
                        "--spring.mongodb.database=care_session_timer_test",
                        "--spring.cloud.stream.default.group=session-service-timer-test",
                        "--care.session.monitor-check-interval=PT10S", "--care.session.monitor-check-window=PT20S",
                        "--care.session.monitor-check-grace=PT2S", "--care.session.timer-poll-interval=PT0.25S");
    }

    static Api api(ConfigurableApplicationContext context) {
        return new Api(Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port")));
    }

    @Test
    void missedChecksAreRaisedOnceAfterARestartWithTwoInstancesRunning() throws Exception {
        ConfigurableApplicationContext first = instance();
        MongoTemplate mongo = first.getBean(MongoTemplate.class);
        UUID patient = UUID.randomUUID();
        UUID clinician = UUID.fromString(new AccessFixture(events, mongo).clinician());
        UUID appointment = UUID.randomUUID();
        Instant start = Instant.now().plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MINUTES);
        events.publish(new AppointmentBooked(UUID.randomUUID(), patient, Instant.now(), appointment, UUID.randomUUID(),
                null, clinician, AppointmentKind.DOSING_SESSION, 1, start, start.plus(Duration.ofHours(3)), false));
        String sessionId = DosingSession.idFor(appointment);
        Awaitility.await().atMost(WAIT).until(() -> mongo.findById(sessionId, DosingSession.class) != null);

        Api api = api(first);
        String patientToken = issuer.patientToken("u", patient.toString());
        assertThat(api.put("/api/sessions/" + sessionId + "/preparation", patientToken, "{\"intention\":\"calm\","
                + "\"fastingConfirmed\":true,\"monitor\":{\"name\":\"M\",\"phone\":\"+15555550100\"},"
                + "\"noDriving\":true,\"safeEnvironment\":true}").statusCode()).isEqualTo(200);
        assertThat(api.post("/api/sessions/" + sessionId + "/vitals", patientToken,
                "{\"phase\":\"PRE_DOSE\",\"systolic\":120,\"diastolic\":80,\"heartRate\":70}").statusCode()).isEqualTo(200);
        assertThat(api.post("/api/sessions/" + sessionId + "/start", issuer.token(clinician.toString(), Role.CLINICIAN), "")
                .statusCode()).isEqualTo(200);
        Instant startedAt = Instant.now();
        first.close();
        assertThat(Instant.now()).as("stopped before the first check was due").isBefore(startedAt.plusSeconds(10));
        assertThat(recorder.matching(r -> missedFor(r, sessionId))).isEmpty();

        List<CompletableFuture<ConfigurableApplicationContext>> starting = List.of(
                CompletableFuture.supplyAsync(MonitorTimerRestartTest::instance),
                CompletableFuture.supplyAsync(MonitorTimerRestartTest::instance));
        for (CompletableFuture<ConfigurableApplicationContext> instance : starting) {
            running.add(instance.get());
        }
        try {
            List<Received> missed = recorder.await(r -> missedFor(r, sessionId), 2, WAIT);
            Thread.sleep(2000);
            missed = recorder.matching(r -> missedFor(r, sessionId));
            assertThat(missed).hasSize(2);
            assertThat(missed).extracting(Received::value).anySatisfy(value -> assertThat(value).contains("\"checkNumber\":1"))
                    .anySatisfy(value -> assertThat(value).contains("\"checkNumber\":2"));
        } finally {
            running.forEach(ConfigurableApplicationContext::close);
        }
    }

    private static boolean missedFor(Received received, String sessionId) {
        return "care.session.MonitorCheckMissed.v1".equals(received.type()) && received.value().contains(sessionId);
    }
}
