package care.intake.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;

import care.contracts.CloudEventHeaders;
import care.contracts.Topics;
import care.intake.IntakeApi;
import care.intake.IntakeIntegrationTest;
import care.kit.audit.AuditTrail;
import care.kit.security.Role;
import care.kit.test.Api;
import care.kit.test.TestIssuer;
import care.kit.test.TopicRecorder;
import care.kit.test.TopicRecorder.Received;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The intake journey through the real API, broker and store: events, safety gate, decisions. */
@IntakeIntegrationTest
class IntakeJourneyIntegrationTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final JsonMapper JSON = JsonMapper.builder().build();
    static TopicRecorder recorder;

    @LocalServerPort
    int port;
    @Autowired
    MongoTemplate mongo;

    final TestIssuer issuer = TestIssuer.get();

    @BeforeAll
    static void record() {
        recorder = new TopicRecorder(List.of(Topics.INTAKE_EVENTS, Topics.PATIENT_CONTACTS, Topics.CARE_TEAMS));
    }

    @AfterAll
    static void everyPublishedEventMatchesItsSchema() throws InterruptedException {
        recorder.close();
        recorder.assertEveryEventMatchesItsSchema(Topics.INTAKE_EVENTS, Topics.PATIENT_CONTACTS, Topics.CARE_TEAMS);
    }

    Api api() {
        return new Api(port);
    }

    /** A registered clinician licensed in these jurisdictions; returns a token for them. */
    String clinician(String... jurisdictions) {
        return issuer.token(new IntakeApi(port).clinician(jurisdictions), Role.CLINICIAN);
    }

    static String registration(String jurisdiction) {
        return IntakeApi.registration(jurisdiction);
    }

    static String screening(String phq9, String conditions, int systolic, int diastolic) {
        return IntakeApi.screening(phq9, conditions, systolic, diastolic);
    }

    /** Registers a patient (as themselves), consents to treatment and returns their token. */
    String patientReadyForScreening(String patientId, String jurisdiction) {
        String token = issuer.patientToken("user-" + patientId, patientId);
        HttpResponse<String> registered = api().post("/api/intake/patients", token, registration(jurisdiction));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        assertThat(registered.headers().firstValue("Location")).hasValue("/api/intake/patients/" + patientId);
        assertThat(api().post("/api/intake/patients/" + patientId + "/consents", token,
                "{\"type\":\"TREATMENT\",\"granted\":true}").statusCode()).isEqualTo(201);
        return token;
    }

    @Test
    void theFullJourneyProducesItsEventsInOrder() {
        String clinician = clinician("US-CA");
        String patientId = UUID.randomUUID().toString();
        String patient = patientReadyForScreening(patientId, "US-CA");

        HttpResponse<String> scored = api().post("/api/intake/patients/" + patientId + "/screenings", patient,
                screening("[1,1,1,1,1,1,1,1,0]", "[]", 120, 80));
        assertThat(scored.statusCode()).as(scored.body()).isEqualTo(201);
        JsonNode result = Api.json(scored);
        assertThat(result.path("gad7").path("total").asInt()).isEqualTo(14);
        assertThat(result.path("gad7").path("band").asString()).isEqualTo("MODERATE");
        assertThat(result.path("phq9").path("total").asInt()).isEqualTo(8);
        assertThat(result.path("phq9").path("band").asString()).isEqualTo("MILD");
        assertThat(result.path("phq9").path("item9Positive").asBoolean()).isFalse();
        assertThat(result.path("contraindications").isEmpty()).isTrue();
        assertThat(result.path("safetyEscalationRaised").asBoolean()).isFalse();

        HttpResponse<String> requested = api().post("/api/intake/patients/" + patientId + "/consultations", patient, "");
        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(201);
        String consultationId = Api.json(requested).path("consultationId").asString();
        assertThat(Api.json(requested).path("status").asString()).isEqualTo("REQUESTED");

        JsonNode worklist = Api.json(api().get("/api/intake/consultations?status=REQUESTED&size=100", clinician));
        assertThat(worklist.path("items").toString()).contains(consultationId);

        HttpResponse<String> decided = api().post("/api/intake/consultations/" + consultationId + "/decision",
                clinician, "{\"outcome\":\"APPROVED\",\"plannedSessions\":6}");
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
        assertThat(Api.json(decided).path("ruleSetVersion").asString()).isEqualTo("1.0");

        // The approving clinician became the responsible clinician, in the approval's write.
        String clinicianId = subject(clinician);
        Received team = recorder.await(r -> r.topic().equals(Topics.CARE_TEAMS) && patientId.equals(r.key()), 1, WAIT)
                .getFirst();
        JsonNode changed = JSON.readTree(team.value());
        assertThat(changed.path("version").asInt()).isEqualTo(1);
        assertThat(changed.path("change").asString()).isEqualTo("MEMBER_ADDED");
        assertThat(changed.path("staffId").asString()).isEqualTo(clinicianId);
        assertThat(changed.path("role").asString()).isEqualTo("RESPONSIBLE_CLINICIAN");
        assertThat(changed.path("members")).hasSize(1);
        assertThat(api().get("/api/intake/patients/" + patientId + "/care-team", patient).body())
                .contains("\"staffId\":\"" + clinicianId + "\",\"role\":\"RESPONSIBLE_CLINICIAN\"");

        List<Received> events = recorder.await(r -> r.topic().equals(Topics.INTAKE_EVENTS) && patientId.equals(r.key()),
                5, WAIT);
        assertThat(events.stream().map(Received::type).toList()).containsExactly(
                "care.intake.PatientRegistered.v1", "care.intake.ConsentRecorded.v1",
                "care.intake.ScreeningCompleted.v1", "care.intake.ConsultationRequested.v1",
                "care.intake.EligibilityApproved.v1");
        assertThat(events.getLast().value()).contains("\"plannedSessions\":6", consultationId);
        events.forEach(event -> assertThat(event.value()).doesNotContain("Ada", "Lovelace", "ada@example.org",
                "+14155550123", "1990-01-01"));
        Received contacts = recorder.await(r -> r.topic().equals(Topics.PATIENT_CONTACTS) && patientId.equals(r.key()),
                1, WAIT).getFirst();
        assertThat(contacts.type()).isEqualTo("care.intake.PatientContactChanged.v1");
        assertThat(contacts.value()).contains("ada@example.org", "+14155550123", "America/Los_Angeles");
        assertThat(contacts.header(CloudEventHeaders.SUBJECT)).isEqualTo(patientId);
    }

    @Test
    void selfHarmThoughtsRaiseAnEscalationThatBlocksTheConsultationUntilAClinicianReviews() {
        String clinician = clinician("US-CA");
        String patientId = UUID.randomUUID().toString();
        String patient = patientReadyForScreening(patientId, "US-CA");
        HttpResponse<String> scored = api().post("/api/intake/patients/" + patientId + "/screenings", patient,
                screening("[2,2,2,2,2,2,2,2,1]", "[]", 120, 80));
        assertThat(Api.json(scored).path("safetyEscalationRaised").asBoolean()).isTrue();
        assertThat(Api.json(scored).path("phq9").path("item9Positive").asBoolean()).isTrue();
        recorder.await(r -> patientId.equals(r.key()) && "care.intake.SafetyEscalationRaised.v1".equals(r.type()), 1, WAIT);

        HttpResponse<String> blocked = api().post("/api/intake/patients/" + patientId + "/consultations", patient, "");
        assertThat(blocked.statusCode()).isEqualTo(422);
        assertThat(Api.json(blocked).path("type").asString()).isEqualTo("urn:care:problem:safety-review-pending");

        // On the worklist of a clinician licensed in the patient's jurisdiction, first thing; not elsewhere.
        JsonNode open = Api.json(api().get("/api/intake/safety-escalations?size=100", clinician)).path("items");
        JsonNode listed = null;
        for (JsonNode item : open) {
            if (patientId.equals(item.path("patientId").asString())) {
                listed = item;
            }
        }
        assertThat(listed).as(open.toString()).isNotNull();
        assertThat(listed.path("jurisdiction").asString()).isEqualTo("US-CA");
        assertThat(listed.path("escalationId").asString()).isNotBlank();
        assertThat(listed.path("raisedAt").asString()).isNotBlank();
        assertThat(listed.toString()).doesNotContain("phq9", "notes");
        assertThat(api().get("/api/intake/safety-escalations?size=100", clinician("US-NY")).body())
                .doesNotContain(patientId);
        assertThat(api().get("/api/intake/safety-escalations", patient).statusCode()).isEqualTo(403);
        assertThat(api().post("/api/intake/patients/" + patientId + "/safety-reviews", patient,
                "{\"outcome\":\"CLEARED\"}").statusCode()).isEqualTo(403);

        HttpResponse<String> reviewed = api().post("/api/intake/patients/" + patientId + "/safety-reviews", clinician,
                "{\"outcome\":\"CLEARED\",\"notes\":\"Structured review done; no current intent.\"}");
        assertThat(reviewed.statusCode()).as(reviewed.body()).isEqualTo(201);
        Received resolved = recorder.await(r -> patientId.equals(r.key())
                && "care.intake.SafetyEscalationResolved.v1".equals(r.type()), 1, WAIT).getFirst();
        assertThat(resolved.value()).contains("\"CLEARED\"", subject(clinician)).doesNotContain("no current intent");
        assertThat(api().get("/api/intake/safety-escalations?size=100", clinician).body()).doesNotContain(patientId);
        // Nothing open and nothing requested: the patient no longer waits for a clinician, so no review at all.
        assertThat(api().post("/api/intake/patients/" + patientId + "/safety-reviews", clinician,
                "{\"outcome\":\"CLEARED\"}").statusCode()).isEqualTo(403);

        HttpResponse<String> requested = api().post("/api/intake/patients/" + patientId + "/consultations", patient, "");
        assertThat(requested.statusCode()).isEqualTo(201);
        // Waiting for the consultation, with nothing open to review.
        HttpResponse<String> nothingOpen = api().post("/api/intake/patients/" + patientId + "/safety-reviews",
                clinician, "{\"outcome\":\"CLEARED\"}");
        assertThat(nothingOpen.statusCode()).isEqualTo(409);
        assertThat(Api.json(nothingOpen).path("type").asString()).isEqualTo("urn:care:problem:no-open-escalation");
        String consultation = Api.json(requested).path("consultationId").asString();
        HttpResponse<String> withoutRationale = api().post("/api/intake/consultations/" + consultation + "/decision",
                clinician, "{\"outcome\":\"APPROVED\",\"plannedSessions\":4}");
        assertThat(withoutRationale.statusCode()).isEqualTo(422);
        assertThat(Api.json(withoutRationale).path("type").asString()).isEqualTo("urn:care:problem:rationale-required");
        HttpResponse<String> approved = api().post("/api/intake/consultations/" + consultation + "/decision", clinician,
                "{\"outcome\":\"APPROVED\",\"plannedSessions\":4,\"rationale\":\"Reviewed; safety plan in place.\"}");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(Api.json(approved).path("acceptedRelativeContraindications").toString())
                .contains("SELF_HARM_THOUGHTS_REVIEWED");
        Received event = recorder.await(r -> patientId.equals(r.key())
                && "care.intake.EligibilityApproved.v1".equals(r.type()), 1, WAIT).getFirst();
        assertThat(event.value()).doesNotContain("safety plan");

        // The approving clinician, responsible now, reads the answers and the summary; the summary has codes only.
        JsonNode screenings = Api.json(api().get("/api/intake/patients/" + patientId + "/screenings", clinician));
        assertThat(screenings).hasSize(1);
        assertThat(screenings.path(0).path("phq9Answers").toString()).isEqualTo("[2,2,2,2,2,2,2,2,1]");
        assertThat(screenings.path(0).path("phq9").path("item9Positive").asBoolean()).isTrue();
        assertThat(screenings.path(0).path("bloodPressure").path("systolic").asInt()).isEqualTo(120);
        assertThat(screenings.path(0).path("contraindications").toString()).contains("SELF_HARM_THOUGHTS_REVIEWED");
        HttpResponse<String> read = api().get("/api/intake/patients/" + patientId + "/summary", clinician);
        assertThat(read.statusCode()).isEqualTo(200);
        JsonNode summary = Api.json(read);
        assertThat(summary.path("latestScreening").path("phq9").path("total").asInt()).isEqualTo(17);
        assertThat(summary.path("latestScreening").path("contraindications").toString())
                .isEqualTo("[\"SELF_HARM_THOUGHTS_REVIEWED\"]");
        assertThat(summary.path("consents").toString()).contains(
                "{\"type\":\"TREATMENT\",\"status\":\"ACTIVE\"", "{\"type\":\"SMS\",\"status\":\"NOT_RECORDED\"");
        JsonNode decided = summary.path("consultations").path(0);
        assertThat(decided.path("status").asString()).isEqualTo("APPROVED");
        assertThat(decided.path("outcome").asString()).isEqualTo("APPROVED");
        assertThat(decided.path("plannedSessions").asInt()).isEqualTo(4);
        assertThat(decided.path("ruleSetVersion").asString()).isEqualTo("1.0");
        assertThat(decided.path("decidedBy").asString()).isEqualTo(subject(clinician));
        JsonNode escalation = summary.path("escalations").path(0);
        assertThat(escalation.path("status").asString()).isEqualTo("CLEARED");
        assertThat(escalation.path("triggers").asInt()).isEqualTo(1);
        assertThat(escalation.path("reviewedBy").asString()).isEqualTo(subject(clinician));
        assertThat(summary.path("referredOut").asBoolean()).isFalse();
        assertThat(read.body()).doesNotContain("safety plan", "no current intent", "phq9Answers", "[2,2,2");
    }

    @Test
    void absoluteContraindicationsForbidApprovalAndADecisionIsMadeOnce() {
        String clinician = clinician("US-CA");
        String patientId = UUID.randomUUID().toString();
        String patient = patientReadyForScreening(patientId, "US-CA");
        api().post("/api/intake/patients/" + patientId + "/screenings", patient,
                screening("[1,1,1,1,1,1,1,1,0]", "[\"PSYCHOSIS_OR_MANIA\"]", 120, 80));
        String consultation = Api.json(api().post("/api/intake/patients/" + patientId + "/consultations", patient, ""))
                .path("consultationId").asString();

        HttpResponse<String> refused = api().post("/api/intake/consultations/" + consultation + "/decision", clinician,
                "{\"outcome\":\"APPROVED\",\"plannedSessions\":6,\"rationale\":\"I disagree\"}");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(Api.json(refused).path("type").asString()).isEqualTo("urn:care:problem:absolute-contraindication");

        HttpResponse<String> declined = api().post("/api/intake/consultations/" + consultation + "/decision", clinician,
                "{\"outcome\":\"DECLINED\",\"reasons\":[\"ABSOLUTE_CONTRAINDICATION\"],\"referral\":\"PSYCHIATRY\"}");
        assertThat(declined.statusCode()).as(declined.body()).isEqualTo(200);
        // Decided: the patient no longer waits for a clinician, whose access to the decision ends with it.
        HttpResponse<String> again = api().post("/api/intake/consultations/" + consultation + "/decision", clinician,
                "{\"outcome\":\"DECLINED\",\"reasons\":[\"CLINICAL_JUDGEMENT\"],\"referral\":\"NONE\"}");
        assertThat(again.statusCode()).isEqualTo(403);
        Received event = recorder.await(r -> patientId.equals(r.key())
                && "care.intake.EligibilityDeclined.v1".equals(r.type()), 1, WAIT).getFirst();
        assertThat(event.value()).contains("PSYCHOSIS_OR_MANIA", "PSYCHIATRY");

        // A new request, waiting again: the decided consultation stays decided.
        String second = Api.json(api().post("/api/intake/patients/" + patientId + "/consultations", patient, ""))
                .path("consultationId").asString();
        HttpResponse<String> decidedAlready = api().post("/api/intake/consultations/" + consultation + "/decision",
                clinician, "{\"outcome\":\"DECLINED\",\"reasons\":[\"CLINICAL_JUDGEMENT\"],\"referral\":\"NONE\"}");
        assertThat(decidedAlready.statusCode()).isEqualTo(409);
        assertThat(Api.json(decidedAlready).path("type").asString()).isEqualTo("urn:care:problem:already-decided");
        assertThat(second).isNotEqualTo(consultation);
    }

    @Test
    void onlyAClinicianLicensedInThePatientsJurisdictionDecidesOrSeesTheRequest() {
        String elsewhere = clinician("US-NY");
        String patientId = UUID.randomUUID().toString();
        String patient = patientReadyForScreening(patientId, "US-CA");
        api().post("/api/intake/patients/" + patientId + "/screenings", patient, screening("[1,1,1,1,1,1,1,1,0]", "[]", 120, 80));
        String consultation = Api.json(api().post("/api/intake/patients/" + patientId + "/consultations", patient, ""))
                .path("consultationId").asString();
        assertThat(api().get("/api/intake/consultations?size=100", elsewhere).body()).doesNotContain(consultation);
        HttpResponse<String> refused = api().post("/api/intake/consultations/" + consultation + "/decision", elsewhere,
                "{\"outcome\":\"APPROVED\",\"plannedSessions\":6}");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(Api.json(refused).path("type").asString()).isEqualTo("urn:care:problem:forbidden");
        assertThat(reasonsFor(patientId, subject(elsewhere))).containsExactly("NOT_ON_CARE_TEAM");
        assertThat(api().post("/api/intake/consultations/" + consultation + "/decision",
                issuer.token(UUID.randomUUID().toString(), Role.CLINICIAN), "{\"outcome\":\"APPROVED\",\"plannedSessions\":6}")
                .statusCode()).isEqualTo(403);
    }

    @Test
    void readingPersonalDataIsAudited() {
        String patientId = UUID.randomUUID().toString();
        patientReadyForScreening(patientId, "US-CA");
        String coordinator = issuer.token("coord-9", Role.COORDINATOR);
        HttpResponse<String> read = api().get("/api/intake/patients/" + patientId, coordinator);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(Api.json(read).path("email").asString()).isEqualTo("ada@example.org");
        assertThat(entries(patientId, "coord-9")).singleElement().satisfies(entry -> {
            assertThat(entry.getString("outcome")).isEqualTo("GRANTED");
            assertThat(entry.getString("permission")).isEqualTo("IDENTITY_READ");
            assertThat(entry.getString("basis")).isEqualTo("COORDINATOR");
            assertThat(entry.getString("action")).isEqualTo("intake.patient.read");
        });
        assertThat(api().get("/api/intake/patients/" + patientId, issuer.token("coach-1", Role.COACH)).statusCode())
                .isEqualTo(403);
        assertThat(entries(patientId, "coach-1")).singleElement().satisfies(entry -> {
            assertThat(entry.getString("outcome")).isEqualTo("DENIED");
            assertThat(entry.getString("reason")).isEqualTo("NOT_REGISTERED");
        });
    }

    /** The audit entries of this subject about this patient. */
    List<Document> entries(String patientId, String subject) {
        return mongo.getCollection(AuditTrail.COLLECTION).find(Filters.elemMatch("entries",
                Filters.and(Filters.eq("patientId", patientId), Filters.eq("subject", subject))))
                .into(new ArrayList<>()).stream()
                .flatMap(record -> record.getList("entries", Document.class).stream())
                .filter(entry -> subject.equals(entry.getString("subject"))
                        && patientId.equals(entry.getString("patientId")))
                .toList();
    }

    List<String> reasonsFor(String patientId, String subject) {
        return entries(patientId, subject).stream().map(entry -> entry.getString("reason")).toList();
    }

    /** The subject of a test token. */
    static String subject(String token) {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                StandardCharsets.UTF_8);
        return JSON.readTree(payload).path("sub").asString();
    }
}
