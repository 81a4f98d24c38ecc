package care.intake.patient;

import static care.intake.IntakeApi.CALM_SCREENING;
import static care.intake.IntakeApi.POSITIVE_ITEM9_SCREENING;
import static care.intake.IntakeApi.expect;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;

import care.contracts.Topics;
import care.intake.IntakeApi;
import care.intake.IntakeIntegrationTest;
import care.kit.test.Api;
import care.kit.test.TopicRecorder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Safety escalations from screenings: one open escalation per patient, however many positive answers arrive (the
 * daily screening limit caps them), a review by a registered clinician licensed where the patient is, which
 * publishes SafetyEscalationResolved, and no eligibility decision while one is open.
 */
@IntakeIntegrationTest
class SafetyEscalationIntegrationTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String RAISED = "care.intake.SafetyEscalationRaised.v1";
    static final String RESOLVED = "care.intake.SafetyEscalationResolved.v1";
    static TopicRecorder recorder;

    @LocalServerPort
    int port;
    @Autowired
    MongoTemplate mongo;

    @BeforeAll
    static void record() {
        recorder = new TopicRecorder(List.of(Topics.INTAKE_EVENTS));
    }

    @AfterAll
    static void everyPublishedEventMatchesItsSchema() throws InterruptedException {
        recorder.close();
        recorder.assertEveryEventMatchesItsSchema(Topics.INTAKE_EVENTS);
    }

    Patient stored(String patientId) {
        return mongo.findById(patientId, Patient.class);
    }

    /** Waits until an event published after everything the patient did so far (a consent) has arrived. */
    void barrier(IntakeApi intake, String patientId) {
        String consent = Api.json(expect(201, intake.api().post("/api/intake/patients/" + patientId + "/consents",
                intake.patientToken(patientId), "{\"type\":\"EMAIL\",\"granted\":true}"))).path("consentId").asString();
        recorder.await(r -> patientId.equals(r.key()) && r.value().contains(consent), 1, WAIT);
    }

    @Test
    void twentyPositiveScreeningsInADayOpenOneEscalationAndTheLimitRefusesHalf() {
        IntakeApi intake = new IntakeApi(port);
        String patientId = intake.patient("US-CA");
        String path = "/api/intake/patients/" + patientId + "/screenings";
        int accepted = 0;
        int limited = 0;
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = intake.api().post(path, intake.patientToken(patientId),
                    POSITIVE_ITEM9_SCREENING);
            if (response.statusCode() == 201) {
                JsonNode result = Api.json(response);
                assertThat(result.path("safetyEscalationRaised").asBoolean()).as("screening %d", i).isEqualTo(i == 0);
                assertThat(result.path("safetyReviewPending").asBoolean()).isTrue();
                accepted++;
            } else {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
                assertThat(Api.json(response).path("type").asString())
                        .isEqualTo("urn:care:problem:too-many-screenings");
                long retryAfter = Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
                // Until the first screening of the day leaves the 24 hours.
                assertThat(retryAfter).isBetween(Duration.ofHours(23).toSeconds(), Duration.ofHours(24).toSeconds());
                limited++;
            }
        }
        assertThat(accepted).isEqualTo(10);
        assertThat(limited).isEqualTo(10);

        Patient patient = stored(patientId);
        assertThat(patient.screenings).hasSize(10);
        assertThat(patient.escalations).singleElement().satisfies(escalation -> {
            assertThat(escalation.status()).isEqualTo(Patient.EscalationStatus.OPEN);
            assertThat(escalation.triggers()).hasSize(10);
            assertThat(escalation.triggers().getFirst().screeningId()).isEqualTo(escalation.screeningId());
        });
        barrier(intake, patientId);
        assertThat(recorder.matching(r -> patientId.equals(r.key()) && RAISED.equals(r.type()))).hasSize(1);
        assertThat(recorder.matching(r -> patientId.equals(r.key())
                && "care.intake.ScreeningCompleted.v1".equals(r.type()))).hasSize(10);
        JsonNode summary = Api.json(expect(200, intake.api().get("/api/intake/patients/" + patientId + "/summary",
                intake.patientToken(patientId))));
        assertThat(summary.path("escalations").path(0).path("triggers").asInt()).isEqualTo(10);
        assertThat(summary.path("latestScreening").path("phq9").path("item9Positive").asBoolean()).isTrue();
    }

    @Test
    void onlyARegisteredClinicianLicensedWhereThePatientIsReviewsAndTheOutcomeIsPublished() {
        IntakeApi intake = new IntakeApi(port);
        String patientId = intake.patient("US-CA");
        expect(201, intake.api().post("/api/intake/patients/" + patientId + "/screenings",
                intake.patientToken(patientId), POSITIVE_ITEM9_SCREENING));
        String review = "/api/intake/patients/" + patientId + "/safety-reviews";
        String body = "{\"outcome\":\"REFER_OUT\",\"notes\":\"Needs inpatient assessment\"}";
        String elsewhere = intake.clinician("US-NY");
        for (String refused : List.of(intake.clinicianToken(UUID.randomUUID().toString()),
                intake.clinicianToken(elsewhere), intake.coachToken(intake.coach()), intake.coordinator(),
                intake.patientToken(patientId))) {
            assertThat(intake.api().post(review, refused, body).statusCode()).isEqualTo(403);
        }
        String reviewer = intake.clinician("US-CA");
        JsonNode reviewed = Api.json(expect(201, intake.api().post(review, intake.clinicianToken(reviewer), body)));
        assertThat(reviewed.path("status").asString()).isEqualTo("REFERRED_OUT");
        String escalationId = stored(patientId).escalations.getFirst().escalationId();
        assertThat(reviewed.path("resolvedEscalations").toString()).isEqualTo("[\"" + escalationId + "\"]");

        JsonNode resolved = JSON.readTree(recorder.await(r -> patientId.equals(r.key()) && RESOLVED.equals(r.type()),
                1, WAIT).getFirst().value());
        assertThat(resolved.path("escalationId").asString()).isEqualTo(escalationId);
        assertThat(resolved.path("outcome").asString()).isEqualTo("REFERRED_OUT");
        assertThat(resolved.path("clinicianId").asString()).isEqualTo(reviewer);
        assertThat(resolved.toString()).doesNotContain("inpatient");
        JsonNode summary = Api.json(expect(200, intake.api().get("/api/intake/patients/" + patientId + "/summary",
                intake.patientToken(patientId))));
        assertThat(summary.path("referredOut").asBoolean()).isTrue();
        assertThat(summary.path("escalations").path(0).path("reviewedBy").asString()).isEqualTo(reviewer);
        assertThat(summary.toString()).doesNotContain("inpatient");
    }

    @Test
    void noDecisionWhileAnEscalationIsOpenAndANewOneOpensAfterTheReview() {
        IntakeApi intake = new IntakeApi(port);
        String patientId = intake.patientWaitingForConsultation("US-CA");
        String consultation = intake.consultation(patientId);
        String clinician = intake.clinicianToken(intake.clinician("US-CA"));
        String screenings = "/api/intake/patients/" + patientId + "/screenings";
        JsonNode first = Api.json(expect(201, intake.api().post(screenings, intake.patientToken(patientId),
                POSITIVE_ITEM9_SCREENING)));
        assertThat(first.path("safetyEscalationRaised").asBoolean()).isTrue();

        String decision = "/api/intake/consultations/" + consultation + "/decision";
        String approve = "{\"outcome\":\"APPROVED\",\"plannedSessions\":4,\"rationale\":\"Safety plan in place\"}";
        HttpResponse<String> refused = intake.api().post(decision, clinician, approve);
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(Api.json(refused).path("type").asString()).isEqualTo("urn:care:problem:safety-review-pending");
        assertThat(stored(patientId).consultations.getFirst().status()).isEqualTo(Patient.ConsultationStatus.REQUESTED);

        expect(201, intake.api().post("/api/intake/patients/" + patientId + "/safety-reviews", clinician,
                "{\"outcome\":\"CLEARED\"}"));
        JsonNode calm = Api.json(expect(201, intake.api().post(screenings, intake.patientToken(patientId),
                CALM_SCREENING)));
        assertThat(calm.path("safetyReviewPending").asBoolean()).isFalse();
        JsonNode again = Api.json(expect(201, intake.api().post(screenings, intake.patientToken(patientId),
                POSITIVE_ITEM9_SCREENING)));
        assertThat(again.path("safetyEscalationRaised").asBoolean()).isTrue();
        assertThat(stored(patientId).escalations).extracting(SafetyEscalation::status)
                .containsExactly(Patient.EscalationStatus.CLEARED, Patient.EscalationStatus.OPEN);
        recorder.await(r -> patientId.equals(r.key()) && RAISED.equals(r.type()), 2, WAIT);
        assertThat(intake.api().post(decision, clinician, approve).statusCode()).isEqualTo(422);

        expect(201, intake.api().post("/api/intake/patients/" + patientId + "/safety-reviews", clinician,
                "{\"outcome\":\"CLEARED\"}"));
        expect(200, intake.api().post(decision, clinician, approve));

        // The screenings, newest first: positive, calm, positive, calm.
        JsonNode all = Api.json(expect(200, intake.api().get(screenings, intake.patientToken(patientId))));
        List<Boolean> item9 = new ArrayList<>();
        List<Instant> completed = new ArrayList<>();
        all.forEach(screening -> {
            item9.add(screening.path("phq9").path("item9Positive").asBoolean());
            completed.add(Instant.parse(screening.path("completedAt").asString()));
        });
        assertThat(item9).containsExactly(true, false, true, false);
        assertThat(completed).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(all.path(0).path("screeningId").asString()).isEqualTo(again.path("screeningId").asString());
    }
}
