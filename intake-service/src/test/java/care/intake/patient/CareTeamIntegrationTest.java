package care.intake.patient;

import static care.intake.IntakeApi.expect;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import care.contracts.Topics;
import care.intake.IntakeApi;
import care.intake.IntakeIntegrationTest;
import care.kit.test.Api;
import care.kit.test.TopicRecorder;
import care.kit.test.TopicRecorder.Received;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The care team through intake's API: a coordinator puts registered staff in its roles, replaces the holder of a
 * single role, changes roles and takes members off; every change is a CareTeamChanged with the whole team and the
 * next version; the approving clinician becomes responsible. Every event intake published on its topics (those of
 * the other tests of this run included) matches its schema.
 */
@IntakeIntegrationTest
class CareTeamIntegrationTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final JsonMapper JSON = JsonMapper.builder().build();
    static TopicRecorder recorder;

    @LocalServerPort
    int port;

    @BeforeAll
    static void record() {
        recorder = new TopicRecorder(List.of(Topics.INTAKE_EVENTS, Topics.CARE_TEAMS, Topics.STAFF_DIRECTORY,
                Topics.AUDIT_EVENTS, Topics.PATIENT_CONTACTS));
    }

    @AfterAll
    static void everyEventIntakePublishedMatchesItsSchema() throws InterruptedException {
        recorder.close();
        recorder.assertEveryEventMatchesItsSchema(Topics.INTAKE_EVENTS, Topics.CARE_TEAMS, Topics.STAFF_DIRECTORY,
                Topics.AUDIT_EVENTS, Topics.PATIENT_CONTACTS);
    }

    /** The patient's CareTeamChanged events once there are {@code count}, in version order. */
    static List<JsonNode> teamChanges(String patientId, int count) {
        return recorder.await(r -> Topics.CARE_TEAMS.equals(r.topic()) && patientId.equals(r.key()), count, WAIT)
                .stream().map(Received::value).map(JSON::readTree)
                .sorted(Comparator.comparingInt(node -> node.path("version").asInt())).toList();
    }

    static String change(JsonNode event) {
        return event.path("version").asInt() + " " + event.path("change").asString() + " "
                + event.path("staffId").asString() + " " + event.path("role").asString();
    }

    static List<String> members(JsonNode event) {
        List<String> members = new ArrayList<>();
        event.path("members").forEach(m -> members.add(m.path("staffId").asString() + " " + m.path("role").asString()));
        return members;
    }

    @Test
    void aCoordinatorBuildsTheTeamAndEveryChangeIsPublishedWithTheWholeTeam() {
        IntakeApi intake = new IntakeApi(port);
        Api api = intake.api();
        String coordinator = intake.coordinator();
        String patientId = intake.patient("US-CA");
        String team = "/api/intake/patients/" + patientId + "/care-team/";
        String first = intake.clinician("US-CA");
        String second = intake.clinician("US-CA", "US-NY");
        String elsewhere = intake.clinician("US-NY");
        String coach = intake.coach();
        String nextCoach = intake.coach();
        String nobody = UUID.randomUUID().toString();

        HttpResponse<String> added = expect(200, api.put(team + first, coordinator, "{\"role\":\"RESPONSIBLE_CLINICIAN\"}"));
        JsonNode member = Api.json(added);
        assertThat(member.path("staffId").asString()).isEqualTo(first);
        assertThat(member.path("role").asString()).isEqualTo("RESPONSIBLE_CLINICIAN");
        String since = member.path("since").asString();
        // The same role again: nothing changes, no event.
        assertThat(Api.json(expect(200, api.put(team + first, coordinator, "{\"role\":\"RESPONSIBLE_CLINICIAN\"}")))
                .path("since").asString()).isEqualTo(since);

        // Registered for the role, and licensed where the patient is.
        assertProblem(422, "not-licensed-in-jurisdiction", api.put(team + elsewhere, coordinator,
                "{\"role\":\"SUPERVISING_CLINICIAN\"}"));
        assertProblem(422, "staff-not-registered", api.put(team + nobody, coordinator, "{\"role\":\"SUPERVISING_CLINICIAN\"}"));
        assertProblem(422, "staff-not-registered", api.put(team + coach, coordinator, "{\"role\":\"SUPERVISING_CLINICIAN\"}"));
        assertProblem(422, "staff-not-registered", api.put(team + second, coordinator, "{\"role\":\"COACH\"}"));
        assertProblem(422, "staff-not-registered", api.put(team + "not-a-uuid", coordinator, "{\"role\":\"COACH\"}"));
        assertProblem(404, "not-found", api.put("/api/intake/patients/" + UUID.randomUUID() + "/care-team/" + first,
                coordinator, "{\"role\":\"SUPERVISING_CLINICIAN\"}"));

        // A new responsible clinician replaces the previous one; a member's role changes in place.
        expect(200, api.put(team + second, coordinator, "{\"role\":\"RESPONSIBLE_CLINICIAN\"}"));
        expect(200, api.put(team + first, coordinator, "{\"role\":\"SUPERVISING_CLINICIAN\"}"));
        expect(200, api.put(team + first, coordinator, "{\"role\":\"RESPONSIBLE_CLINICIAN\"}"));
        expect(200, api.put(team + coach, coordinator, "{\"role\":\"COACH\"}"));
        // The coach assignment of the integration API (routed here by the gateway) is the same operation.
        JsonNode assigned = Api.json(expect(200, api.put("/api/intake/patients/" + patientId + "/coach", coordinator,
                "{\"coachId\":\"" + nextCoach.toUpperCase() + "\"}")));
        assertThat(assigned.path("patientId").asString()).isEqualTo(patientId);
        assertThat(assigned.path("coachId").asString()).isEqualTo(nextCoach);

        JsonNode read = Api.json(expect(200, api.get("/api/intake/patients/" + patientId + "/care-team",
                intake.patientToken(patientId))));
        assertThat(read.path("members").toString()).contains("\"staffId\":\"" + first
                + "\",\"role\":\"RESPONSIBLE_CLINICIAN\"", "\"staffId\":\"" + nextCoach + "\",\"role\":\"COACH\"",
                "\"displayName\":\"Dr Test\"", "\"displayName\":\"Coach Test\"");
        assertThat(read.path("members")).hasSize(2);
        assertThat(read.path("emergencyAccess")).isEmpty();
        // The coach on the team reads the team; once taken off, no longer.
        assertThat(api.get("/api/intake/patients/" + patientId + "/care-team", intake.coachToken(nextCoach))
                .statusCode()).isEqualTo(200);
        assertThat(api.delete(team + nextCoach, coordinator).statusCode()).isEqualTo(204);
        assertThat(api.get("/api/intake/patients/" + patientId + "/care-team", intake.coachToken(nextCoach))
                .statusCode()).isEqualTo(403);
        assertProblem(404, "not-found", api.delete(team + nextCoach, coordinator));
        assertProblem(404, "not-found", api.delete(team + elsewhere, coordinator));

        List<JsonNode> changes = teamChanges(patientId, 10);
        assertThat(changes).extracting(CareTeamIntegrationTest::change).containsExactly(
                "1 MEMBER_ADDED " + first + " RESPONSIBLE_CLINICIAN",
                "2 MEMBER_REMOVED " + first + " RESPONSIBLE_CLINICIAN",
                "3 MEMBER_ADDED " + second + " RESPONSIBLE_CLINICIAN",
                "4 MEMBER_ADDED " + first + " SUPERVISING_CLINICIAN",
                "5 MEMBER_REMOVED " + second + " RESPONSIBLE_CLINICIAN",
                "6 ROLE_CHANGED " + first + " RESPONSIBLE_CLINICIAN",
                "7 MEMBER_ADDED " + coach + " COACH",
                "8 MEMBER_REMOVED " + coach + " COACH",
                "9 MEMBER_ADDED " + nextCoach + " COACH",
                "10 MEMBER_REMOVED " + nextCoach + " COACH");
        assertThat(members(changes.get(1))).isEmpty();
        assertThat(members(changes.get(2))).containsExactly(second + " RESPONSIBLE_CLINICIAN");
        assertThat(members(changes.get(3))).containsExactly(second + " RESPONSIBLE_CLINICIAN",
                first + " SUPERVISING_CLINICIAN");
        assertThat(members(changes.get(4))).containsExactly(first + " SUPERVISING_CLINICIAN");
        assertThat(members(changes.get(8))).containsExactly(first + " RESPONSIBLE_CLINICIAN", nextCoach + " COACH");
        assertThat(members(changes.get(9))).containsExactly(first + " RESPONSIBLE_CLINICIAN");
        // A replacement is one write: both events of it carry the same time.
        assertThat(changes.get(1).path("occurredAt")).isEqualTo(changes.get(2).path("occurredAt"));
        assertThat(changes).allSatisfy(event -> assertThat(event.toString()).doesNotContain("Dr Test", "Lovelace"));
    }

    @Test
    void theClinicianWhoApprovesBecomesResponsibleInPlaceOfTheOneBefore() {
        IntakeApi intake = new IntakeApi(port);
        String patientId = intake.patientWaitingForConsultation("US-CA");
        String before = intake.clinician("US-CA");
        intake.assign(patientId, before, "RESPONSIBLE_CLINICIAN");
        String approving = intake.clinician("US-CA");
        expect(200, intake.api().post("/api/intake/consultations/" + intake.consultation(patientId) + "/decision",
                intake.clinicianToken(approving), "{\"outcome\":\"APPROVED\",\"plannedSessions\":6}"));

        List<JsonNode> changes = teamChanges(patientId, 3);
        assertThat(changes).extracting(CareTeamIntegrationTest::change).containsExactly(
                "1 MEMBER_ADDED " + before + " RESPONSIBLE_CLINICIAN",
                "2 MEMBER_REMOVED " + before + " RESPONSIBLE_CLINICIAN",
                "3 MEMBER_ADDED " + approving + " RESPONSIBLE_CLINICIAN");
        Received approved = recorder.await(r -> patientId.equals(r.key())
                && "care.intake.EligibilityApproved.v1".equals(r.type()), 1, WAIT).getFirst();
        // In the approval's write: the same moment.
        assertThat(JSON.readTree(approved.value()).path("occurredAt")).isEqualTo(changes.get(2).path("occurredAt"));
        assertThat(intake.api().get("/api/intake/patients/" + patientId, intake.clinicianToken(approving))
                .statusCode()).isEqualTo(200);
        assertThat(intake.api().get("/api/intake/patients/" + patientId, intake.clinicianToken(before))
                .statusCode()).isEqualTo(403);
    }

    static void assertProblem(int status, String type, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(Api.json(response).path("type").asString()).isEqualTo("urn:care:problem:" + type);
    }
}
