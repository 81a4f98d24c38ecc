package care.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Updates;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import care.contracts.Topics;
import care.contracts.intake.EligibilityApproved;
import care.kit.audit.AuditTrail;
import care.kit.security.Role;
import care.kit.test.AccessFixture;
import care.kit.test.Api;
import care.kit.test.PlatformServiceContract;
import care.kit.test.TestEvents;
import care.kit.test.TestIssuer;
import care.kit.test.TopicRecorder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Boots the scheduling service against the real test broker and store and checks the platform contract; and
 * that access to a patient's schedule follows the care team as intake publishes it, with every decision recorded
 * and published before anything is read or changed.
 */
@org.junit.jupiter.api.Tag("integration")
class SchedulingServiceIntegrationTest extends PlatformServiceContract {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final JsonMapper JSON = JsonMapper.builder().build();

    static TestEvents events;
    static TopicRecorder audit;

    final TestIssuer issuer = TestIssuer.get();

    SchedulingServiceIntegrationTest() {
        super("/api/scheduling");
    }

    @BeforeAll
    static void connect() {
        events = new TestEvents();
        audit = new TopicRecorder(List.of(Topics.AUDIT_EVENTS, Topics.SCHEDULING_EVENTS));
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        events.close();
        audit.close();
        audit.assertEveryEventMatchesItsSchema(Topics.AUDIT_EVENTS, Topics.SCHEDULING_EVENTS);
    }

    @Test
    void aCoachRemovedFromTheCareTeamLosesAccessWithinSecondsAndEveryDecisionIsPublished() {
        AccessFixture access = new AccessFixture(events, mongo);
        String patient = approvedPatient();
        String clinician = access.clinician();
        String coach = access.coach();
        String coachToken = issuer.token(coach, Role.COACH);
        access.team(patient).responsible(clinician).coach(coach).publish();
        assertThat(plan(patient, coachToken).statusCode()).isEqualTo(200);

        Instant removal = Instant.now();
        access.team(patient).responsible(clinician).publish();
        HttpResponse<String> refused = plan(patient, coachToken);
        assertThat(Duration.between(removal, Instant.now())).isLessThan(Duration.ofSeconds(10));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain("planId", "sessions");
        assertThat(plan(patient, issuer.token(clinician, Role.CLINICIAN)).statusCode()).isEqualTo(200);

        List<JsonNode> published = audit.await(record -> Topics.AUDIT_EVENTS.equals(record.topic())
                && patient.equals(record.key()), 3, WAIT).stream().map(record -> JSON.readTree(record.value())).toList();
        assertThat(published).extracting(event -> event.path("actorId").asString() + " "
                + event.path("outcome").asString() + " " + (event.path("basis").isNull() ? event.path("reason").asString()
                        : event.path("basis").asString()))
                .containsExactlyInAnyOrder(coach + " GRANTED COACH", coach + " DENIED NOT_ON_CARE_TEAM",
                        clinician + " GRANTED RESPONSIBLE_CLINICIAN");
        assertThat(published).allSatisfy(event -> {
            assertThat(event.path("service").asString()).isEqualTo("scheduling-service");
            assertThat(event.path("permission").asString()).isEqualTo("SCHEDULE_READ");
            assertThat(event.path("action").asString()).isEqualTo("scheduling.plan.read");
        });
    }

    @Test
    void aResumeWhoseAccessCannotBeRecordedChangesNothing() {
        AccessFixture access = new AccessFixture(events, mongo);
        String patient = approvedPatient();
        String clinician = access.clinician();
        access.team(patient).responsible(clinician).publish();
        mongo.getCollection("plans").updateOne(Filters.eq("patientId", patient), Updates.combine(
                Updates.set("status", "PAUSED"), Updates.set("holds", List.of(new Document("reason",
                        "MISSED_APPOINTMENTS").append("since", new Date()).append("escalationIds", List.of())))));
        String token = issuer.token(clinician, Role.CLINICIAN);

        // The store refuses every audit record: a unique index that any new record of this service breaks.
        MongoCollection<Document> records = mongo.getCollection(AuditTrail.COLLECTION);
        records.drop();
        String index = records.createIndex(new Document("service", 1), new IndexOptions().unique(true)
                .name("refuse_audit_records"));
        records.insertOne(new Document("_id", "blocker").append("service", "scheduling-service"));
        try {
            HttpResponse<String> refused = resume(patient, token);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(Api.json(refused).path("type").asString()).isEqualTo("urn:care:problem:audit-unavailable");
            assertThat(refused.body()).doesNotContain("planId", "sessions");
            Document plan = mongo.getCollection("plans").find(Filters.eq("patientId", patient)).first();
            assertThat(plan.getString("status")).isEqualTo("PAUSED");
            assertThat(plan.getList("resumptions", Document.class, List.of())).isEmpty();
        } finally {
            records.dropIndex(index);
            records.deleteOne(Filters.eq("_id", "blocker"));
        }
        HttpResponse<String> resumed = resume(patient, token);
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        assertThat(audit.await(record -> patient.equals(record.key())
                && "care.scheduling.TreatmentPlanResumed.v1".equals(record.type()), 1, WAIT)).hasSize(1);
    }

    String approvedPatient() {
        UUID patient = UUID.randomUUID();
        events.publish(new EligibilityApproved(UUID.randomUUID(), patient, Instant.now(), UUID.randomUUID(),
                UUID.randomUUID(), UUID.randomUUID(), 4, "1.0", List.of()));
        Awaitility.await().atMost(WAIT).until(() -> mongo.getCollection("plans")
                .countDocuments(Filters.eq("patientId", patient.toString())) == 1);
        return patient.toString();
    }

    HttpResponse<String> plan(String patient, String token) {
        return api().get("/api/scheduling/patients/" + patient + "/plan", token);
    }

    HttpResponse<String> resume(String patient, String token) {
        return api().post("/api/scheduling/patients/" + patient + "/plan/resume", token, "");
    }
}
