package care.intake.staff;

import static care.intake.IntakeApi.expect;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;

import care.contracts.Topics;
import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.intake.IntakeApi;
import care.intake.IntakeIntegrationTest;
import care.kit.access.StaffDirectory;
import care.kit.test.Api;
import care.kit.test.TopicRecorder;
import care.kit.test.TopicRecorder.Received;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The staff directory intake owns: registrations publish the whole entry with the next version on the compacted
 * staff topic; ending one takes the staff member off every care team where their role needed it; clinicians of
 * the earlier clinicians collection are adopted at start-up.
 */
@IntakeIntegrationTest
class StaffDirectoryIntegrationTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final JsonMapper JSON = JsonMapper.builder().build();
    static TopicRecorder recorder;

    @LocalServerPort
    int port;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    StaffDirectory directory;
    @Autowired
    EarlierClinicians earlierClinicians;

    @BeforeAll
    static void record() {
        recorder = new TopicRecorder(List.of(Topics.STAFF_DIRECTORY, Topics.CARE_TEAMS));
    }

    @AfterAll
    static void close() throws InterruptedException {
        recorder.close();
    }

    static List<JsonNode> published(String topic, String key, int count) {
        return recorder.await(r -> topic.equals(r.topic()) && key.equals(r.key()), count, WAIT).stream()
                .map(Received::value).map(JSON::readTree)
                .sorted(Comparator.comparingInt(node -> node.path("version").asInt())).toList();
    }

    static String entry(JsonNode changed) {
        return changed.path("version").asInt() + " " + changed.path("roles") + " " + changed.path("licensedJurisdictions");
    }

    @Test
    void everyChangeOfRolesOrLicencesPublishesTheWholeEntry() {
        IntakeApi intake = new IntakeApi(port);
        Api api = intake.api();
        String staffId = UUID.randomUUID().toString();
        String clinician = "/api/intake/clinicians/" + staffId;
        JsonNode registered = Api.json(expect(200, api.put(clinician, intake.admin(),
                "{\"displayName\":\" Dr Rivera \",\"licensedJurisdictions\":[\"US-CA\",\"US-CA\"]}")));
        assertThat(registered.path("clinicianId").asString()).isEqualTo(staffId);
        assertThat(registered.path("displayName").asString()).isEqualTo("Dr Rivera");
        assertThat(registered.path("licensedJurisdictions").toString()).isEqualTo("[\"US-CA\"]");
        // A new name alone changes no registration: nothing published.
        expect(200, api.put(clinician, intake.admin(), "{\"displayName\":\"Dr A. Rivera\",\"licensedJurisdictions\":[\"US-CA\"]}"));
        expect(200, api.put(clinician, intake.admin(), "{\"displayName\":\"Dr A. Rivera\",\"licensedJurisdictions\":[\"US-CA\",\"US-OR\"]}"));
        JsonNode coach = Api.json(expect(200, api.put("/api/intake/coaches/" + staffId, intake.admin(),
                "{\"displayName\":\"Alex Rivera\"}")));
        assertThat(coach.path("coachId").asString()).isEqualTo(staffId);
        expect(204, api.delete(clinician, intake.admin()));

        assertThat(published(Topics.STAFF_DIRECTORY, staffId, 4)).extracting(StaffDirectoryIntegrationTest::entry)
                .containsExactly("1 [\"CLINICIAN\"] [\"US-CA\"]", "2 [\"CLINICIAN\"] [\"US-CA\",\"US-OR\"]",
                        "3 [\"CLINICIAN\",\"COACH\"] [\"US-CA\",\"US-OR\"]", "4 [\"COACH\"] []");
        assertThat(recorder.matching(r -> staffId.equals(r.key())).stream().map(Received::value))
                .noneMatch(value -> value.contains("Rivera"));
        assertThat(directory.find(staffId)).hasValueSatisfying(member -> {
            assertThat(member.roles()).containsExactly(StaffRole.COACH);
            assertThat(member.licensedJurisdictions()).isEmpty();
        });

        JsonNode coaches = Api.json(expect(200, api.get("/api/intake/staff?role=COACH", intake.coordinator())));
        assertThat(coaches.toString()).contains("{\"staffId\":\"" + staffId + "\",\"roles\":[\"COACH\"],"
                + "\"displayName\":\"Alex Rivera\",\"licensedJurisdictions\":[]}");
        assertThat(api.get("/api/intake/staff?role=CLINICIAN", intake.coordinator()).body()).doesNotContain(staffId);
        expect(204, api.delete("/api/intake/coaches/" + staffId, intake.admin()));
        assertThat(directory.find(staffId)).isEmpty();
        assertThat(api.get("/api/intake/staff", intake.admin()).body()).doesNotContain(staffId);
        assertThat(published(Topics.STAFF_DIRECTORY, staffId, 5).getLast().path("roles")).isEmpty();

        expect(404, api.delete("/api/intake/coaches/" + staffId, intake.admin()));
        expect(404, api.delete("/api/intake/clinicians/" + UUID.randomUUID(), intake.admin()));
        expect(404, api.delete("/api/intake/clinicians/dr-who", intake.admin()));
        expect(404, api.put("/api/intake/coaches/coach-1", intake.admin(), "{\"displayName\":\"X\"}"));
    }

    @Test
    void endingARegistrationTakesTheStaffMemberOffEveryCareTeamThatNeededIt() {
        IntakeApi intake = new IntakeApi(port);
        String leaving = intake.clinician("US-CA");
        expect(200, intake.api().put("/api/intake/coaches/" + leaving, intake.admin(), "{\"displayName\":\"Coach L\"}"));
        String responsibleFor = intake.patient("US-CA");
        String supervisingFor = intake.patient("US-CA");
        String emergencyFor = intake.patient("US-CA");
        String coachFor = intake.patient("US-CA");
        intake.assign(responsibleFor, leaving, "RESPONSIBLE_CLINICIAN");
        intake.assign(supervisingFor, leaving, "SUPERVISING_CLINICIAN");
        intake.emergencyAccess(emergencyFor, leaving, "On call");
        intake.assign(coachFor, leaving, "COACH");
        String token = intake.clinicianToken(leaving);
        assertThat(intake.api().get("/api/intake/patients/" + responsibleFor, token).statusCode()).isEqualTo(200);

        expect(204, intake.api().delete("/api/intake/clinicians/" + leaving, intake.admin()));
        for (String patientId : List.of(responsibleFor, supervisingFor, emergencyFor)) {
            JsonNode removed = published(Topics.CARE_TEAMS, patientId, 2).getLast();
            assertThat(removed.path("change").asString()).isEqualTo("MEMBER_REMOVED");
            assertThat(removed.path("staffId").asString()).isEqualTo(leaving);
            assertThat(removed.path("members")).isEmpty();
            assertThat(Api.json(intake.api().get("/api/intake/patients/" + patientId + "/care-team",
                    intake.coordinator())).toString()).doesNotContain(leaving);
        }
        assertThat(intake.api().get("/api/intake/patients/" + responsibleFor, token).statusCode()).isEqualTo(403);
        // The coaching needed the coach registration, which goes on.
        assertThat(intake.api().get("/api/intake/patients/" + coachFor + "/care-team", intake.coordinator()).body())
                .contains(leaving);
        expect(404, intake.api().delete("/api/intake/clinicians/" + leaving, intake.admin()));
    }

    @Test
    void aRepeatedDeleteFinishesARemovalThatWasInterrupted() {
        IntakeApi intake = new IntakeApi(port);
        String coach = intake.coach();
        String patientId = intake.patient("US-CA");
        intake.assign(patientId, coach, "COACH");
        // As a first DELETE leaves it when it stops after ending the registration: still on the team.
        mongo.getCollection(StaffEntry.COLLECTION).updateOne(Filters.eq("_id", coach), Updates.set("roles", List.of()));

        expect(204, intake.api().delete("/api/intake/coaches/" + coach, intake.admin()));
        assertThat(Api.json(intake.api().get("/api/intake/patients/" + patientId + "/care-team",
                intake.coordinator())).path("members")).isEmpty();
        expect(404, intake.api().delete("/api/intake/coaches/" + coach, intake.admin()));
    }

    @Test
    void cliniciansOfTheEarlierCollectionJoinTheDirectoryOnce() {
        String earlier = UUID.randomUUID().toString();
        String known = new IntakeApi(port).clinician("US-NY");
        var clinicians = mongo.getCollection(EarlierClinicians.COLLECTION);
        clinicians.insertOne(new Document("_id", earlier).append("version", 3L).append("displayName", "Dr Earlier")
                .append("licensedJurisdictions", List.of("US-CA", "US-WA")));
        clinicians.insertOne(new Document("_id", known).append("version", 0L).append("displayName", "Dr Stale")
                .append("licensedJurisdictions", List.of("US-TX")));
        clinicians.insertOne(new Document("_id", "not-a-provider-id").append("displayName", "Legacy"));

        earlierClinicians.run(null);
        earlierClinicians.run(null);

        assertThat(directory.find(earlier)).hasValueSatisfying(member -> {
            assertThat(member.roles()).containsExactly(StaffRole.CLINICIAN);
            assertThat(member.licensedJurisdictions()).containsExactly("US-CA", "US-WA");
        });
        assertThat(directory.find(known)).hasValueSatisfying(
                member -> assertThat(member.licensedJurisdictions()).containsExactly("US-NY"));
        assertThat(published(Topics.STAFF_DIRECTORY, earlier, 1)).extracting(StaffDirectoryIntegrationTest::entry)
                .containsExactly("1 [\"CLINICIAN\"] [\"US-CA\",\"US-WA\"]");
        // Adopted once: one version of the entry was ever written.
        assertThat(mongo.getCollection(StaffEntry.COLLECTION).find(Filters.eq("_id", earlier)).first()
                .getInteger("revision")).isEqualTo(1);
        List<String> staff = new ArrayList<>();
        mongo.getCollection(StaffEntry.COLLECTION).find(Filters.eq("_id", "not-a-provider-id"))
                .forEach(document -> staff.add(document.getString("_id")));
        assertThat(staff).isEmpty();
    }
}
