package care.intake.patient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;

import care.contracts.Topics;
import care.contracts.integration.OutcomeMeasured;
import care.contracts.integration.OutcomeMeasured.Instrument;
import care.contracts.integration.OutcomeMeasured.Timepoint;
import care.intake.IntakeApi;
import care.intake.IntakeIntegrationTest;
import care.kit.security.Role;
import care.kit.test.Api;
import care.kit.test.TestEvents;
import care.kit.test.TestInfrastructure;
import care.kit.test.TestIssuer;
import care.kit.test.TopicRecorder;
import care.kit.test.TopicRecorder.Received;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A positive PHQ-9 item 9 in an outcome measure of the integration service raises intake's safety
 * escalation, once however often the event arrives; while it is open, further positive measures join it;
 * a clinician's review resolves it; on the real broker and store.
 * <p>
 * To show that an event raised nothing, each test sends a later positive measure on the same partition
 * (the same patient, or a patient id chosen to hash to the same partition) as a barrier: intake handles
 * a partition in order, so once the barrier's escalation is published every earlier event was handled.
 */
@org.junit.jupiter.api.Tag("integration")
@IntakeIntegrationTest
class OutcomeEscalationIntegrationTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String RAISED = "care.intake.SafetyEscalationRaised.v1";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static TopicRecorder recorder;
    static TestEvents events;

    @LocalServerPort
    int port;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    MeterRegistry meters;

    final TestIssuer issuer = TestIssuer.get();

    @BeforeAll
    static void start() {
        recorder = new TopicRecorder(List.of(Topics.INTAKE_EVENTS));
        events = new TestEvents();
    }

    @AfterAll
    static void everyPublishedEventMatchesItsSchema() throws InterruptedException {
        recorder.close();
        events.close();
        recorder.assertEveryEventMatchesItsSchema(Topics.INTAKE_EVENTS);
    }

    Api api() {
        return new Api(port);
    }

    /** A registered patient (as themselves); returns the id. */
    String registeredPatient() {
        return registered(UUID.randomUUID().toString());
    }

    String registered(String patientId) {
        HttpResponse<String> registered = api().post("/api/intake/patients",
                issuer.patientToken("user-" + patientId, patientId), IntakeApi.registration("US-CA"));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        return patientId;
    }

    String clinician() {
        return new IntakeApi(port).clinician("US-CA");
    }

    static OutcomeMeasured phq9(String patientId, Timepoint timepoint, int score, boolean item9Positive) {
        Integer baseline = timepoint == Timepoint.BASELINE ? null : 18;
        return OutcomeMeasured.of(UUID.randomUUID(), UUID.fromString(patientId), Instant.now(), UUID.randomUUID(),
                timepoint == Timepoint.BASELINE ? null : UUID.randomUUID(), Instrument.PHQ9, score, timepoint, baseline,
                false, false, item9Positive);
    }

    static String escalationId(UUID measurementId) {
        return UUID.nameUUIDFromBytes(("escalation:" + measurementId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static List<Received> raised(String patientId) {
        return recorder.matching(r -> patientId.equals(r.key()) && RAISED.equals(r.type()));
    }

    /** Publishes a positive measure and waits until intake has published its escalation. */
    static OutcomeMeasured barrier(String patientId) {
        OutcomeMeasured barrier = phq9(patientId, Timepoint.PROGRAM_END, 12, true);
        events.publish(barrier);
        recorder.await(r -> patientId.equals(r.key()) && RAISED.equals(r.type())
                && r.value().contains(barrier.measurementId().toString()), 1, WAIT);
        return barrier;
    }

    /**
     * A barrier for a patient with an open escalation (a positive measure of theirs joins it, publishing nothing):
     * a positive measure of a new patient on the same partition, once its escalation is published.
     */
    OutcomeMeasured barrierBehind(String patientId) throws Exception {
        return barrier(registered(idOnTheSamePartitionAs(patientId)));
    }

    Patient stored(String patientId) {
        return mongo.findById(patientId, Patient.class);
    }

    @Test
    void aPositiveItem9AfterSession2RaisesOneEscalationThatLaterOnesJoinUntilAClinicianResolvesIt() throws Exception {
        String patientId = registeredPatient();
        OutcomeMeasured measured = phq9(patientId, Timepoint.AFTER_SESSION_2, 14, true);
        for (int delivery = 0; delivery < 3; delivery++) {
            events.publish(measured);
        }
        // The same measurement published again as a new event (a producer's retry, say) raises nothing either.
        events.publish(new OutcomeMeasured(UUID.randomUUID(), measured.patientId(), measured.occurredAt(),
                measured.measurementId(), measured.planId(), measured.instrument(), measured.score(),
                measured.timepoint(), measured.baselineScore(), false, false, measured.band(),
                measured.changeFromBaseline(), true));
        Received first = recorder.await(r -> patientId.equals(r.key()) && RAISED.equals(r.type()), 1, WAIT).getFirst();
        JsonNode event = JSON.readTree(first.value());
        assertThat(event.path("trigger").asString()).isEqualTo("PHQ9_ITEM9_POSITIVE");
        assertThat(event.path("screeningId").asString()).isEqualTo(measured.measurementId().toString());
        assertThat(event.path("escalationId").asString()).isEqualTo(escalationId(measured.measurementId()));
        assertThat(event.path("patientId").asString()).isEqualTo(patientId);
        assertThat(first.value()).doesNotContain("Ada", "Lovelace", "ada@example.org", "+14155550123", "1990-01-01");

        // A later positive measure while the escalation is open joins it: no second escalation, no second alert.
        OutcomeMeasured later = phq9(patientId, Timepoint.AFTER_SESSION_4, 15, true);
        events.publish(later);
        barrierBehind(patientId);
        assertThat(raised(patientId)).as("one escalation, however often and however many measures arrive")
                .hasSize(1);
        Patient patient = stored(patientId);
        assertThat(patient.escalations).singleElement().satisfies(escalation -> {
            assertThat(escalation.escalationId()).isEqualTo(escalationId(measured.measurementId()));
            assertThat(escalation.status()).isEqualTo(Patient.EscalationStatus.OPEN);
            assertThat(escalation.reviewedBy()).isNull();
            assertThat(escalation.screeningId()).isEqualTo(measured.measurementId().toString());
            assertThat(escalation.triggers()).extracting(Patient.EscalationTrigger::screeningId).containsExactly(
                    measured.measurementId().toString(), later.measurementId().toString());
        });

        String clinicianId = clinician();
        String clinician = issuer.token(clinicianId, Role.CLINICIAN);
        assertThat(api().post("/api/intake/patients/" + patientId + "/safety-reviews",
                issuer.patientToken("user-" + patientId, patientId), "{\"outcome\":\"CLEARED\"}").statusCode())
                .isEqualTo(403);
        HttpResponse<String> reviewed = api().post("/api/intake/patients/" + patientId + "/safety-reviews", clinician,
                "{\"outcome\":\"CLEARED\",\"notes\":\"Structured review done; no current intent.\"}");
        assertThat(reviewed.statusCode()).as(reviewed.body()).isEqualTo(201);
        JsonNode review = Api.json(reviewed);
        assertThat(review.path("status").asString()).isEqualTo("CLEARED");
        assertThat(review.path("resolvedEscalations").toString()).isEqualTo("[\"" + escalationId(
                measured.measurementId()) + "\"]");
        assertThat(stored(patientId).escalations).allSatisfy(escalation -> {
            assertThat(escalation.status()).isEqualTo(Patient.EscalationStatus.CLEARED);
            assertThat(escalation.reviewedBy()).isEqualTo(clinicianId);
        });
        Received resolved = recorder.await(r -> patientId.equals(r.key())
                && "care.intake.SafetyEscalationResolved.v1".equals(r.type()), 1, WAIT).getFirst();
        JsonNode resolution = JSON.readTree(resolved.value());
        assertThat(resolution.path("escalationId").asString()).isEqualTo(escalationId(measured.measurementId()));
        assertThat(resolution.path("outcome").asString()).isEqualTo("CLEARED");
        assertThat(resolution.path("clinicianId").asString()).isEqualTo(clinicianId);
        // Nothing open, nothing requested: the patient waits for no clinician, so there is nothing to review.
        assertThat(api().post("/api/intake/patients/" + patientId + "/safety-reviews", clinician,
                "{\"outcome\":\"CLEARED\"}").statusCode()).isEqualTo(403);

        // A delivery after the review changes nothing; a new positive measure opens a new escalation.
        events.publish(measured);
        events.publish(later);
        OutcomeMeasured last = barrier(patientId);
        assertThat(raised(patientId)).hasSize(2);
        assertThat(stored(patientId).escalations).extracting(SafetyEscalation::escalationId,
                SafetyEscalation::status).containsExactly(
                        tuple(escalationId(measured.measurementId()), Patient.EscalationStatus.CLEARED),
                        tuple(escalationId(last.measurementId()), Patient.EscalationStatus.OPEN));
        assertThat(stored(patientId).escalations.getFirst().triggers()).hasSize(2);
        assertThat(recorder.matching(r -> patientId.equals(r.key())).stream().map(Received::value))
                .noneMatch(value -> value.contains("no current intent"));
    }

    @Test
    void aBaselineOrANegativeItem9RaisesNothing() {
        String patientId = registeredPatient();
        events.publish(phq9(patientId, Timepoint.BASELINE, 15, true));
        events.publish(phq9(patientId, Timepoint.AFTER_SESSION_2, 14, false));
        OutcomeMeasured legacy = phq9(patientId, Timepoint.AFTER_SESSION_4, 9, false);
        events.publish(new OutcomeMeasured(legacy.eventId(), legacy.patientId(), legacy.occurredAt(),
                legacy.measurementId(), legacy.planId(), legacy.instrument(), legacy.score(), legacy.timepoint(),
                legacy.baselineScore(), false, false, legacy.band(), legacy.changeFromBaseline(), null));
        events.publish(OutcomeMeasured.of(UUID.randomUUID(), UUID.fromString(patientId), Instant.now(),
                UUID.randomUUID(), UUID.randomUUID(), Instrument.GAD7, 16, Timepoint.AFTER_SESSION_2, 17, false, false,
                false));

        OutcomeMeasured barrier = barrier(patientId);
        assertThat(raised(patientId)).as("only the barrier raised an escalation").hasSize(1)
                .allSatisfy(r -> assertThat(r.value()).contains(barrier.measurementId().toString()));
        assertThat(stored(patientId).escalations).extracting(SafetyEscalation::screeningId)
                .containsExactly(barrier.measurementId().toString());
    }

    @Test
    void aMeasureOfAPatientIntakeDoesNotKnowIsIgnoredWithoutADeadLetter() throws Exception {
        String known = registeredPatient();
        String unknown = idOnTheSamePartitionAs(known);
        double deadLettered = deadLettered();

        events.publish(phq9(unknown, Timepoint.AFTER_SESSION_2, 20, true));
        barrier(known);

        assertThat(recorder.matching(r -> unknown.equals(r.key()))).isEmpty();
        assertThat(stored(unknown)).isNull();
        assertThat(deadLettered()).isEqualTo(deadLettered);
    }

    double deadLettered() {
        Counter counter = meters.find("care.events.dead.lettered").tag("topic", Topics.INTEGRATION_EVENTS).counter();
        return counter == null ? 0 : counter.count();
    }

    /** A random patient id whose records land on the same partition as {@code key}'s (default partitioner). */
    static String idOnTheSamePartitionAs(String key) throws Exception {
        int partitions;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.endpoints().kafkaBootstrapServers()))) {
            partitions = admin.describeTopics(List.of(Topics.INTEGRATION_EVENTS)).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get(Topics.INTEGRATION_EVENTS).partitions().size();
        }
        while (true) {
            String candidate = UUID.randomUUID().toString();
            if (partition(candidate, partitions) == partition(key, partitions)) {
                return candidate;
            }
        }
    }

    static int partition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
