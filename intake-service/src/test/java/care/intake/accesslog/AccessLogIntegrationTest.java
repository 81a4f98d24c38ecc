package care.intake.accesslog;

import static care.intake.IntakeApi.expect;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.mongodb.client.model.Filters;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;

import care.contracts.CloudEventHeaders;
import care.contracts.audit.AccessRecorded;
import care.intake.IntakeApi;
import care.intake.IntakeIntegrationTest;
import care.kit.audit.AuditTrail;
import care.kit.test.Api;
import care.kit.test.TestEvents;
import tools.jackson.databind.JsonNode;

/**
 * The patient's access log: every AccessRecorded, intake's own and any other service's, newest first, paged; an
 * access under emergency access shows the grant's reason; only the patient and coordinators read it, and reading
 * it is recorded too.
 */
@IntakeIntegrationTest
class AccessLogIntegrationTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static TestEvents events;

    @LocalServerPort
    int port;
    @Autowired
    MongoTemplate mongo;

    @BeforeAll
    static void connect() {
        events = new TestEvents();
    }

    @AfterAll
    static void disconnect() {
        events.close();
    }

    /** Publishes the record with the tracing headers a service's outbox relay adds. */
    static void publish(AccessRecorded recorded) {
        String trace = UUID.randomUUID().toString().replace("-", "");
        events.publish(recorded, Map.of(CloudEventHeaders.TRACEPARENT, "00-" + trace + "-" + trace.substring(0, 16)
                + "-01", CloudEventHeaders.CORRELATION_ID, UUID.randomUUID().toString()));
    }

    /** A GRANTED record of another service, dated {@code days} ahead. */
    static AccessRecorded recorded(String patientId, int days, String service, String coach,
            AccessRecorded.Permission permission) {
        return new AccessRecorded(UUID.randomUUID(), UUID.fromString(patientId),
                Instant.now().plus(Duration.ofDays(days)), service, coach, AccessRecorded.ActorRole.COACH,
                service.substring(0, service.indexOf('-')) + ".record.read", permission, AccessRecorded.Outcome.GRANTED,
                AccessRecorded.Basis.COACH, null, null, null);
    }

    static List<String> lines(JsonNode page) {
        List<String> lines = new ArrayList<>();
        page.path("items").forEach(item -> lines.add(item.path("service").asString() + " "
                + item.path("actorId").asString() + " " + item.path("permission").asString() + " "
                + item.path("outcome").asString()));
        return lines;
    }

    @Test
    void theLogShowsEveryServicesAccessNewestFirstWithTheReasonOfAnEmergencyAccess() {
        IntakeApi intake = new IntakeApi(port);
        String patientId = intake.patient("US-CA");
        String patient = intake.patientToken(patientId);
        String log = "/api/intake/patients/" + patientId + "/access-log";
        expect(200, intake.api().get("/api/intake/patients/" + patientId, intake.coordinator()));
        String coach = intake.coach();
        intake.assign(patientId, coach, "COACH");
        String onCall = intake.clinician("US-NY");
        String grantId = intake.emergencyAccess(patientId, onCall, "Crisis line called about the patient");
        expect(200, intake.api().get("/api/intake/patients/" + patientId, intake.clinicianToken(onCall)));
        // Other services' records, as their outboxes would publish them; dated days ahead, so that they stay the
        // newest while this test's own reads of the log join it.
        AccessRecorded scheduling = recorded(patientId, 1, "scheduling-service", coach, AccessRecorded.Permission.SCHEDULE_READ);
        publish(scheduling);
        publish(scheduling);
        publish(recorded(patientId, 2, "integration-service", coach, AccessRecorded.Permission.JOURNAL_READ));
        publish(recorded(patientId, 3, "notification-service", coach, AccessRecorded.Permission.NOTIFICATIONS_READ));
        publish(recorded(patientId, 4, "session-service", coach, AccessRecorded.Permission.SESSION_LIST));

        List<String> expected = List.of(
                "session-service " + coach + " SESSION_LIST GRANTED",
                "notification-service " + coach + " NOTIFICATIONS_READ GRANTED",
                "integration-service " + coach + " JOURNAL_READ GRANTED",
                "scheduling-service " + coach + " SCHEDULE_READ GRANTED",
                "intake-service " + onCall + " IDENTITY_READ GRANTED",
                "intake-service " + onCall + " EMERGENCY_ACCESS_OPEN GRANTED",
                "intake-service " + IntakeApi.COORDINATOR + " CARE_TEAM_MANAGE GRANTED",
                "intake-service " + IntakeApi.COORDINATOR + " IDENTITY_READ GRANTED",
                "intake-service user-" + patientId + " CONSENT_RECORD GRANTED",
                "intake-service user-" + patientId + " IDENTITY_CHANGE GRANTED");
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> lines(Api.json(
                intake.api().get(log + "?size=100", patient))).containsAll(expected));
        JsonNode page = Api.json(expect(200, intake.api().get(log + "?size=100", patient)));
        // Newest first: the other services' records are dated days ahead, the patient's registration came first.
        List<String> lines = lines(page);
        assertThat(lines.subList(0, 4)).containsExactlyElementsOf(expected.subList(0, 4));
        assertThat(lines.stream().filter(expected::contains).toList()).containsExactlyElementsOf(expected);
        List<Instant> times = new ArrayList<>();
        page.path("items").forEach(item -> times.add(Instant.parse(item.path("at").asString())));
        assertThat(times).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(mongo.getCollection(AccessLog.COLLECTION).countDocuments(
                Filters.eq("_id", scheduling.eventId().toString()))).isEqualTo(1);

        List<JsonNode> underGrant = new ArrayList<>();
        page.path("items").forEach(item -> {
            if (item.has("emergencyAccess")) {
                underGrant.add(item);
            }
        });
        assertThat(underGrant).hasSize(2).allSatisfy(item -> {
            assertThat(item.path("actorId").asString()).isEqualTo(onCall);
            assertThat(item.path("basis").asString()).isEqualTo("EMERGENCY_ACCESS");
            assertThat(item.path("emergencyAccess").path("grantId").asString()).isEqualTo(grantId);
            assertThat(item.path("emergencyAccess").path("reason").asString())
                    .isEqualTo("Crisis line called about the patient");
            assertThat(item.path("emergencyAccess").path("expiresAt").asString()).isNotBlank();
        });

        // Pages of two: the first two entries, then the next two.
        JsonNode first = Api.json(expect(200, intake.api().get(log + "?page=0&size=2", patient)));
        JsonNode second = Api.json(expect(200, intake.api().get(log + "?page=1&size=2", patient)));
        assertThat(first.path("page").asInt()).isZero();
        assertThat(first.path("size").asInt()).isEqualTo(2);
        assertThat(lines(first)).hasSize(2).containsExactlyElementsOf(lines.subList(0, 2));
        assertThat(lines(second)).hasSize(2).containsExactlyElementsOf(lines.subList(2, 4));
    }

    @Test
    void onlyThePatientAndCoordinatorsReadItAndReadingIsRecorded() {
        IntakeApi intake = new IntakeApi(port);
        String patientId = intake.patient("US-CA");
        String log = "/api/intake/patients/" + patientId + "/access-log";
        String coach = intake.coach();
        intake.assign(patientId, coach, "COACH");
        String responsible = intake.clinician("US-CA");
        intake.assign(patientId, responsible, "RESPONSIBLE_CLINICIAN");

        expect(200, intake.api().get(log, intake.patientToken(patientId)));
        expect(200, intake.api().get(log, intake.coordinator()));
        expect(403, intake.api().get(log, intake.coachToken(coach)));
        expect(403, intake.api().get(log, intake.clinicianToken(responsible)));
        expect(404, intake.api().get(log, intake.patientToken(UUID.randomUUID().toString())));
        expect(404, intake.api().get("/api/intake/patients/" + UUID.randomUUID() + "/access-log", intake.coordinator()));

        assertThat(mongo.getCollection(AuditTrail.COLLECTION).countDocuments(Filters.elemMatch("entries",
                Filters.and(Filters.eq("patientId", patientId), Filters.eq("subject", "user-" + patientId),
                        Filters.eq("permission", "ACCESS_LOG_READ"), Filters.eq("outcome", "GRANTED"))))).isEqualTo(1);
        // The refusals reach the log like any access.
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> lines(Api.json(
                intake.api().get(log + "?size=100", intake.patientToken(patientId)))).containsAll(List.of(
                        "intake-service " + coach + " ACCESS_LOG_READ DENIED",
                        "intake-service " + responsible + " ACCESS_LOG_READ DENIED")));
    }
}
