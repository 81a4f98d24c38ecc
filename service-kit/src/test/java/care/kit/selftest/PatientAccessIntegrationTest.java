package care.kit.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;

import care.contracts.Topics;
import care.kit.audit.AuditTrail;
import care.kit.security.Role;
import care.kit.test.AccessFixture;
import care.kit.test.Api;
import care.kit.test.ServiceIntegrationTest;
import care.kit.test.TestEvents;
import care.kit.test.TestIssuer;
import care.kit.test.TopicRecorder;
import tools.jackson.databind.JsonNode;

/**
 * The access component against the real broker and store: decisions follow the care team and the staff directory
 * as intake publishes them, every decision is stored and published before the data is answered, and a decision
 * that cannot be recorded fails the request.
 */
@org.junit.jupiter.api.Tag("integration")
@ServiceIntegrationTest
class PatientAccessIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    static TestEvents events;
    static TopicRecorder audit;
    final TestIssuer issuer = TestIssuer.get();

    @BeforeAll
    static void connect() {
        events = new TestEvents();
        audit = new TopicRecorder(List.of(Topics.AUDIT_EVENTS));
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        events.close();
        audit.close();
    }

    Api api() {
        return new Api(port);
    }

    String journal(String patientId, String token) {
        HttpResponse<String> response = api().get("/api/kit/patients/" + patientId + "/journal", token);
        return response.statusCode() + " " + (response.statusCode() == 200 ? response.body()
                : Api.json(response).path("type").asString());
    }

    @Test
    void accessFollowsTheCareTeamAndTheDirectoryNotTheToken() {
        AccessFixture access = new AccessFixture(events, mongo);
        String patientId = UUID.randomUUID().toString();
        String responsible = access.clinician("US-CA");
        String coach = access.coach();
        String bystander = access.clinician("US-CA");
        String unregistered = access.unregistered();
        access.team(patientId).responsible(responsible).coach(coach).publish();

        assertThat(journal(patientId, issuer.patientToken("user-p", patientId))).isEqualTo("200 journal of " + patientId
                + " for PATIENT");
        assertThat(journal(patientId, issuer.token(responsible, Role.CLINICIAN))).endsWith("for RESPONSIBLE_CLINICIAN");
        assertThat(journal(patientId, issuer.token(coach, Role.COACH))).endsWith("for COACH");
        // The coach's id with a clinician's token: not registered as a clinician, so nothing.
        assertThat(journal(patientId, issuer.token(coach, Role.CLINICIAN))).isEqualTo("403 urn:care:problem:forbidden");
        assertThat(journal(patientId, issuer.token(bystander, Role.CLINICIAN))).isEqualTo("403 urn:care:problem:forbidden");
        assertThat(journal(patientId, issuer.token(unregistered, Role.CLINICIAN))).isEqualTo("403 urn:care:problem:forbidden");
        assertThat(journal(patientId, issuer.token("coord-1", Role.COORDINATOR))).isEqualTo("403 urn:care:problem:forbidden");
        assertThat(journal(patientId, issuer.token("admin-1", Role.ADMIN))).isEqualTo("403 urn:care:problem:forbidden");

        // Another patient learns nothing: the same answer as for a patient that does not exist.
        String other = issuer.patientToken("user-o", UUID.randomUUID().toString());
        HttpResponse<String> someone = api().get("/api/kit/patients/" + patientId + "/journal", other);
        HttpResponse<String> nobody = api().get("/api/kit/patients/" + UUID.randomUUID() + "/journal", other);
        assertThat(someone.statusCode()).isEqualTo(nobody.statusCode()).isEqualTo(404);
        assertThat(Api.json(someone).path("detail")).isEqualTo(Api.json(nobody).path("detail"));

        assertThat(reasons(patientId)).contains("NOT_REGISTERED", "NOT_ON_CARE_TEAM", "NOT_PERMITTED", "OTHER_PATIENT");
    }

    @Test
    void removingAMemberOrTheirRegistrationRevokesAccessAtOnce() {
        AccessFixture access = new AccessFixture(events, mongo);
        String patientId = UUID.randomUUID().toString();
        String coach = access.coach();
        String clinician = access.clinician();
        access.team(patientId).responsible(clinician).coach(coach).publish();
        assertThat(journal(patientId, issuer.token(coach, Role.COACH))).startsWith("200");

        access.team(patientId).responsible(clinician).publish();
        assertThat(journal(patientId, issuer.token(coach, Role.COACH))).isEqualTo("403 urn:care:problem:forbidden");

        assertThat(journal(patientId, issuer.token(clinician, Role.CLINICIAN))).startsWith("200");
        access.deregister(clinician);
        assertThat(journal(patientId, issuer.token(clinician, Role.CLINICIAN))).isEqualTo("403 urn:care:problem:forbidden");
        assertThat(reasons(patientId)).contains("NOT_ON_CARE_TEAM", "NOT_REGISTERED");
    }

    @Test
    void emergencyAccessLastsUntilItEnds() {
        AccessFixture access = new AccessFixture(events, mongo);
        String patientId = UUID.randomUUID().toString();
        String onCall = access.clinician();
        String earlier = access.clinician();
        access.team(patientId).emergency(earlier, Instant.now().minusSeconds(60))
                .emergency(onCall, Instant.now().plus(Duration.ofMinutes(60))).publish();

        assertThat(journal(patientId, issuer.token(onCall, Role.CLINICIAN))).endsWith("for EMERGENCY_ACCESS");
        assertThat(journal(patientId, issuer.token(earlier, Role.CLINICIAN))).isEqualTo("403 urn:care:problem:forbidden");
        Document granted = entry(patientId, onCall);
        assertThat(granted.getString("basis")).isEqualTo("EMERGENCY_ACCESS");
        assertThat(granted.getString("emergencyGrantId")).isNotNull();
        assertThat(entry(patientId, earlier).getString("reason")).isEqualTo("EMERGENCY_ACCESS_EXPIRED");
    }

    @Test
    void aSessionIsOpenToTheClinicianItIsBookedWithNotToTheRestOfTheRecord() {
        AccessFixture access = new AccessFixture(events, mongo);
        String patientId = UUID.randomUUID().toString();
        String supervisor = access.clinician();
        String sessionId = UUID.randomUUID().toString();
        String path = "/api/kit/patients/" + patientId + "/sessions/" + sessionId + "?providerId=" + supervisor;
        assertThat(api().get(path, issuer.token(supervisor, Role.CLINICIAN)).body()).isEqualTo("session for BOOKED_PROVIDER");
        assertThat(journal(patientId, issuer.token(supervisor, Role.CLINICIAN))).isEqualTo("403 urn:care:problem:forbidden");
        // A coach token for the same id is not the booked clinician.
        assertThat(api().get(path, issuer.token(supervisor, Role.COACH)).statusCode()).isEqualTo(403);
        assertThat(mongo.getCollection(AuditTrail.COLLECTION).countDocuments(Filters.elemMatch("entries",
                Filters.and(Filters.eq("patientId", patientId), Filters.eq("resourceId", sessionId))))).isEqualTo(2);
    }

    @Test
    void anOlderTeamArrivingLateChangesNothing() {
        AccessFixture access = new AccessFixture(events, mongo);
        String patientId = UUID.randomUUID().toString();
        String coach = access.coach();
        access.team(patientId).coach(coach).publish();
        access.team(patientId).publish();
        // Version 1 again, as a redelivery long after would bring it: the coach stays removed.
        events.publish(new care.contracts.intake.CareTeamChanged(UUID.randomUUID(), UUID.fromString(patientId),
                Instant.now(), 1, care.contracts.intake.CareTeamChanged.Change.MEMBER_ADDED, UUID.fromString(coach),
                care.contracts.intake.CareTeamChanged.Role.COACH, List.of(new care.contracts.intake.CareTeamChanged.Member(
                        UUID.fromString(coach), care.contracts.intake.CareTeamChanged.Role.COACH, Instant.now(), null,
                        null))));
        String marker = access.clinician();
        access.team(UUID.randomUUID().toString()).responsible(marker).publish();
        assertThat(journal(patientId, issuer.token(coach, Role.COACH))).isEqualTo("403 urn:care:problem:forbidden");
    }

    @Test
    void everyDecisionIsPublishedWithCodesOnly() {
        AccessFixture access = new AccessFixture(events, mongo);
        String patientId = UUID.randomUUID().toString();
        String clinician = access.clinician();
        access.team(patientId).responsible(clinician).publish();
        journal(patientId, issuer.token(clinician, Role.CLINICIAN));
        journal(patientId, issuer.token("coach-x", Role.COACH));

        List<TopicRecorder.Received> published = audit.await(record -> patientId.equals(record.key()), 2,
                Duration.ofSeconds(20));
        JsonNode granted = tools.jackson.databind.json.JsonMapper.builder().build().readTree(published.stream()
                .filter(r -> r.value().contains("GRANTED")).findFirst().orElseThrow().value());
        assertThat(granted.path("actorId").asString()).isEqualTo(clinician);
        assertThat(granted.path("basis").asString()).isEqualTo("RESPONSIBLE_CLINICIAN");
        assertThat(granted.path("permission").asString()).isEqualTo("JOURNAL_READ");
        assertThat(granted.path("service").asString()).isEqualTo("kit-test");
        assertThat(published).allSatisfy(record -> assertThat(record.header("ce_source")).isEqualTo("kit-test"));
        audit.assertEveryEventMatchesItsSchema(Topics.AUDIT_EVENTS);
    }

    @Test
    void aSubjectThatIsNotAPlainIdentifierIsRecordedUnderAPseudonym() {
        String patientId = UUID.randomUUID().toString();
        journal(patientId, issuer.token("jane.doe@clinic.example", Role.COORDINATOR));
        Document entry = mongo.getCollection(AuditTrail.COLLECTION).find(Filters.elemMatch("entries",
                Filters.eq("patientId", patientId))).first().getList("entries", Document.class).getFirst();
        assertThat(entry.getString("actorId")).startsWith("sub-").doesNotContain("jane");
        assertThat(entry.getString("subject")).isEqualTo("jane.doe@clinic.example");
    }

    @Test
    void whenTheAccessCannotBeRecordedNothingIsAnswered() {
        String patientId = UUID.randomUUID().toString();
        String token = issuer.patientToken("user-q", patientId);
        // Make the store refuse every audit record after the next one: a unique index that each new record breaks.
        var collection = mongo.getCollection(AuditTrail.COLLECTION);
        collection.drop();
        String index = collection.createIndex(new Document("service", 1), new IndexOptions().unique(true)
                .name("refuse_audit_records"));
        try {
            assertThat(journal(patientId, token)).startsWith("200");
            HttpResponse<String> refused = api().get("/api/kit/patients/" + patientId + "/journal", token);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(Api.json(refused).path("type").asString()).isEqualTo("urn:care:problem:audit-unavailable");
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(refused.body()).doesNotContain("journal of");
        } finally {
            collection.dropIndex(index);
        }
        assertThat(journal(patientId, token)).startsWith("200");
    }

    private List<String> reasons(String patientId) {
        return mongo.getCollection(AuditTrail.COLLECTION).find(Filters.elemMatch("entries", Filters.eq("patientId",
                patientId))).into(new java.util.ArrayList<>()).stream()
                .flatMap(record -> record.getList("entries", Document.class).stream())
                .map(entry -> entry.getString("reason")).filter(java.util.Objects::nonNull).toList();
    }

    private Document entry(String patientId, String subject) {
        return mongo.getCollection(AuditTrail.COLLECTION).find(Filters.elemMatch("entries",
                Filters.and(Filters.eq("patientId", patientId), Filters.eq("subject", subject)))).into(
                        new java.util.ArrayList<>()).stream().flatMap(r -> r.getList("entries", Document.class).stream())
                .filter(e -> subject.equals(e.getString("subject"))).reduce((a, b) -> b).orElseThrow();
    }
}
