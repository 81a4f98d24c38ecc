package care.intake.patient;

import static care.intake.IntakeApi.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.mongodb.client.model.Filters;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;

import care.contracts.Topics;
import care.intake.IntakeApi;
import care.intake.IntakeIntegrationTest;
import care.kit.audit.AuditTrail;
import care.kit.test.Api;
import care.kit.test.MovableClock;
import care.kit.test.TopicRecorder;
import care.kit.test.TopicRecorder.Received;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Emergency access: a registered clinician with a reason gets care-team-level access for the configured hour, the
 * other services learn it (CareTeamChanged, EmergencyAccessGranted without the reason), and it ends by itself, or
 * earlier when a coordinator takes the clinician off the team. Nobody else opens one, and each refusal is recorded.
 */
@IntakeIntegrationTest
class EmergencyAccessIntegrationTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String REASON = "Paged by the crisis line about this patient at night";
    static TopicRecorder recorder;

    @LocalServerPort
    int port;
    @LocalManagementPort
    int managementPort;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    MovableClock clock;
    @Autowired
    MeterRegistry meters;

    @BeforeAll
    static void record() {
        recorder = new TopicRecorder(List.of(Topics.INTAKE_EVENTS, Topics.CARE_TEAMS));
    }

    @AfterAll
    static void everyPublishedEventMatchesItsSchema() throws InterruptedException {
        recorder.close();
        recorder.assertEveryEventMatchesItsSchema(Topics.INTAKE_EVENTS, Topics.CARE_TEAMS);
    }

    @Test
    void aRegisteredClinicianOpensItForAnHourAndTheKitEndsItThen() {
        IntakeApi intake = new IntakeApi(port);
        Api api = intake.api();
        String patientId = intake.patient("US-CA");
        String responsible = intake.clinician("US-CA");
        intake.assign(patientId, responsible, "RESPONSIBLE_CLINICIAN");
        // Licensed elsewhere: a break-the-glass needs a registration, not a licence here.
        String onCall = intake.clinician("US-NY");
        String token = intake.clinicianToken(onCall);
        String screenings = "/api/intake/patients/" + patientId + "/screenings";
        assertThat(api.get(screenings, token).statusCode()).isEqualTo(403);
        double before = opened();

        Instant requested = clock.instant();
        HttpResponse<String> granted = expect(201, api.post("/api/intake/patients/" + patientId + "/emergency-access",
                token, "{\"reason\":\"" + REASON + "\"}"));
        String grantId = Api.json(granted).path("grantId").asString();
        Instant expiresAt = Instant.parse(Api.json(granted).path("expiresAt").asString());
        assertThat(expiresAt).isCloseTo(requested.plus(Duration.ofMinutes(60)), within(5, ChronoUnit.SECONDS));
        assertThat(opened()).isEqualTo(before + 1);
        assertThat(new Api(managementPort).get("/actuator/prometheus", null).body())
                .contains("care_intake_emergency_access_total");

        assertThat(api.get(screenings, token).statusCode()).isEqualTo(200);
        assertThat(api.get("/api/intake/patients/" + patientId, token).statusCode()).isEqualTo(200);
        // Emergency access reads; it does not manage the care team.
        assertThat(api.put("/api/intake/patients/" + patientId + "/care-team/" + onCall, token,
                "{\"role\":\"SUPERVISING_CLINICIAN\"}").statusCode()).isEqualTo(403);
        JsonNode team = Api.json(expect(200, api.get("/api/intake/patients/" + patientId + "/care-team",
                intake.coordinator())));
        assertThat(team.path("emergencyAccess")).hasSize(1);
        assertThat(team.path("emergencyAccess").path(0).path("staffId").asString()).isEqualTo(onCall);
        assertThat(team.path("emergencyAccess").path(0).path("grantId").asString()).isEqualTo(grantId);

        JsonNode changed = JSON.readTree(recorder.await(r -> Topics.CARE_TEAMS.equals(r.topic())
                && patientId.equals(r.key()) && r.value().contains("EMERGENCY_ACCESS_GRANTED"), 1, WAIT)
                .getFirst().value());
        assertThat(changed.path("version").asInt()).isEqualTo(2);
        assertThat(changed.path("staffId").asString()).isEqualTo(onCall);
        assertThat(changed.path("members")).hasSize(2);
        JsonNode emergency = changed.path("members").path(1);
        assertThat(emergency.path("role").asString()).isEqualTo("EMERGENCY_ACCESS");
        assertThat(emergency.path("grantId").asString()).isEqualTo(grantId);
        assertThat(Instant.parse(emergency.path("expiresAt").asString())).isEqualTo(expiresAt);
        JsonNode announced = JSON.readTree(recorder.await(r -> patientId.equals(r.key())
                && "care.intake.EmergencyAccessGranted.v1".equals(r.type()), 1, WAIT).getFirst().value());
        assertThat(announced.path("grantId").asString()).isEqualTo(grantId);
        assertThat(announced.path("clinicianId").asString()).isEqualTo(onCall);
        assertThat(Instant.parse(announced.path("expiresAt").asString())).isEqualTo(expiresAt);
        assertThat(recorder.matching(r -> patientId.equals(r.key())).stream().map(Received::value))
                .noneMatch(value -> value.contains("crisis line"));

        // The opening is recorded under the grant, as is every access made with it.
        assertThat(entries(patientId, onCall)).anySatisfy(entry -> {
            assertThat(entry.getString("permission")).isEqualTo("EMERGENCY_ACCESS_OPEN");
            assertThat(entry.getString("outcome")).isEqualTo("GRANTED");
            assertThat(entry.getString("basis")).isEqualTo("EMERGENCY_ACCESS");
            assertThat(entry.getString("emergencyGrantId")).isEqualTo(grantId);
        }).anySatisfy(entry -> {
            assertThat(entry.getString("permission")).isEqualTo("SCREENING_READ");
            assertThat(entry.getString("emergencyGrantId")).isEqualTo(grantId);
        });

        // An hour later the access has ended, without any further change of the team.
        clock.advance(Duration.ofMinutes(61));
        assertThat(api.get(screenings, token).statusCode()).isEqualTo(403);
        assertThat(entries(patientId, onCall).getLast().getString("reason")).isEqualTo("EMERGENCY_ACCESS_EXPIRED");
        assertThat(Api.json(api.get("/api/intake/patients/" + patientId + "/care-team", intake.coordinator()))
                .path("emergencyAccess")).isEmpty();
    }

    @Test
    void aCoordinatorEndsItEarlyByTakingTheClinicianOffTheTeam() {
        IntakeApi intake = new IntakeApi(port);
        String patientId = intake.patient("US-CA");
        String onCall = intake.clinician("US-CA");
        intake.emergencyAccess(patientId, onCall, "Called by the patient's partner");
        String identity = "/api/intake/patients/" + patientId;
        assertThat(intake.api().get(identity, intake.clinicianToken(onCall)).statusCode()).isEqualTo(200);

        assertThat(intake.api().delete(identity + "/care-team/" + onCall, intake.coordinator()).statusCode())
                .isEqualTo(204);
        assertThat(intake.api().get(identity, intake.clinicianToken(onCall)).statusCode()).isEqualTo(403);
        JsonNode removed = JSON.readTree(recorder.await(r -> Topics.CARE_TEAMS.equals(r.topic())
                && patientId.equals(r.key()) && r.value().contains("MEMBER_REMOVED"), 1, WAIT).getFirst().value());
        assertThat(removed.path("version").asInt()).isEqualTo(2);
        assertThat(removed.path("role").asString()).isEqualTo("EMERGENCY_ACCESS");
        assertThat(removed.path("members")).isEmpty();
    }

    @Test
    void nobodyButARegisteredClinicianOpensItAndEveryRefusalIsRecorded() {
        IntakeApi intake = new IntakeApi(port);
        String patientId = intake.patient("US-CA");
        String path = "/api/intake/patients/" + patientId + "/emergency-access";
        String body = "{\"reason\":\"Worried\"}";
        String coach = intake.coach();
        String unregistered = UUID.randomUUID().toString();
        for (String token : List.of(intake.coachToken(coach), intake.coordinator(), intake.admin(),
                intake.patientToken(patientId), intake.clinicianToken(unregistered))) {
            assertThat(intake.api().post(path, token, body).statusCode()).isEqualTo(403);
        }
        assertThat(intake.api().post(path, intake.patientToken(UUID.randomUUID().toString()), body).statusCode())
                .isEqualTo(404);
        assertThat(entries(patientId, coach)).singleElement().satisfies(entry -> {
            assertThat(entry.getString("permission")).isEqualTo("EMERGENCY_ACCESS_OPEN");
            assertThat(entry.getString("outcome")).isEqualTo("DENIED");
        });
        assertThat(entries(patientId, unregistered)).singleElement()
                .satisfies(entry -> assertThat(entry.getString("reason")).isEqualTo("NOT_REGISTERED"));
        // A registered clinician, for a patient intake does not know.
        HttpResponse<String> unknown = intake.api().post("/api/intake/patients/" + UUID.randomUUID()
                + "/emergency-access", intake.clinicianToken(intake.clinician("US-CA")), body);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Api.json(intake.api().get("/api/intake/patients/" + patientId + "/care-team",
                intake.coordinator())).path("emergencyAccess")).isEmpty();
    }

    double opened() {
        var counter = meters.find("care.intake.emergency.access").counter();
        return counter == null ? 0 : counter.count();
    }

    List<Document> entries(String patientId, String subject) {
        return mongo.getCollection(AuditTrail.COLLECTION).find(Filters.elemMatch("entries",
                Filters.and(Filters.eq("patientId", patientId), Filters.eq("subject", subject))))
                .sort(new Document("at", 1)).into(new ArrayList<>()).stream()
                .flatMap(record -> record.getList("entries", Document.class).stream())
                .filter(entry -> subject.equals(entry.getString("subject"))
                        && patientId.equals(entry.getString("patientId")))
                .toList();
    }
}
