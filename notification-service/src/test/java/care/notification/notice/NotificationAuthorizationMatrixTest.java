package care.notification.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import care.contracts.Topics;
import care.contracts.intake.SafetyEscalationRaised;
import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.contracts.notification.Purpose;
import care.contracts.scheduling.AppointmentBooked;
import care.contracts.scheduling.AppointmentKind;
import care.contracts.session.MonitorCheckMissed;
import care.kit.access.Permission;
import care.kit.audit.AuditTrail;
import care.kit.security.Role;
import care.kit.test.AccessFixture;
import care.kit.test.AccessMatrix;
import care.kit.test.AccessMatrix.Caller;
import care.kit.test.AccessMatrix.Endpoint;
import care.kit.test.Api;
import care.kit.test.MatrixCallers;
import care.kit.test.ServiceIntegrationTest;
import care.kit.test.TestEvents;
import care.kit.test.TestIssuer;
import care.kit.test.TopicRecorder;

/**
 * Who may read and change a patient's notifications and preferences, and who sees which undelivered alerts,
 * against the platform's access table, with the care team and the staff directory published as intake publishes
 * them. Every decision leaves an audit record.
 */
@org.junit.jupiter.api.Tag("integration")
@ServiceIntegrationTest
class NotificationAuthorizationMatrixTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String ALERTS = "/api/notifications/alerts";

    @LocalServerPort
    int port;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    static TestEvents events;
    static TopicRecorder audit;
    final TestIssuer issuer = TestIssuer.get();

    @BeforeAll
    static void connect() {
        events = new TestEvents();
        audit = new TopicRecorder(List.of(Topics.AUDIT_EVENTS));
    }

    @AfterAll
    static void everyAccessRecordIsPublishedAsTheContractSays() throws InterruptedException {
        try {
            assertThat(audit.all()).isNotEmpty();
            audit.assertEveryEventMatchesItsSchema(Topics.AUDIT_EVENTS);
        } finally {
            events.close();
            audit.close();
        }
    }

    Api api() {
        return new Api(port);
    }

    @Test
    void everyPatientEndpointAnswersAsTheAccessTableSays() {
        AccessFixture access = new AccessFixture(events, mongo);
        String patientId = UUID.randomUUID().toString();
        MatrixCallers callers = MatrixCallers.forPatient(access, patientId, Instant.now(),
                Instant.now().plus(Duration.ofMinutes(60)), StaffRole.CLINICIAN);
        Map<Caller, String> subjects = callers.subjects();
        // The patient's messages: the reminders of a session booked with a clinician off the care team, who is the
        // appointment's provider but is not thereby allowed the patient's notifications.
        UUID patient = UUID.fromString(patientId);
        Instant start = Instant.now().plus(Duration.ofDays(3));
        events.publish(new AppointmentBooked(UUID.randomUUID(), patient, Instant.now(), UUID.randomUUID(),
                UUID.randomUUID(), null, UUID.fromString(subjects.get(Caller.BOOKED_PROVIDER)),
                AppointmentKind.DOSING_SESSION, 1, start, start.plus(Duration.ofHours(3)), false));
        await().atMost(WAIT).until(() -> mongo.count(Query.query(Criteria.where("patientId").is(patient)),
                Notification.class) == 3);

        Map<Caller, String> tokens = callers.tokens();

        String base = "/api/notifications/patients/" + patientId;
        List<Endpoint> endpoints = List.of(
                Endpoint.get(base, Permission.NOTIFICATIONS_READ),
                Endpoint.get(base + "/preferences", Permission.PREFERENCES_READ),
                // Each caller meets the default preferences, so that an allowed change is a change.
                Endpoint.put(base + "/preferences", "{\"channels\":[\"EMAIL\",\"SMS\"],\"quietHours\":"
                        + "{\"start\":\"22:00\",\"end\":\"07:00\"}}", Permission.PREFERENCES_CHANGE)
                        .before(() -> mongo.updateFirst(Query.query(Criteria.where("_id").is(patientId)),
                                new Update().unset("channels").unset("quietStart").unset("quietEnd"),
                                PatientProfile.class)));
        AccessMatrix matrix = new AccessMatrix(api(), patientId, tokens, subjects, mongo);
        endpoints.forEach(matrix::check);
        matrix.verify("notification-service");

        AccessMatrix.verifyCoverage(mapping, endpoints, Map.of(
                "GET /api/notifications/alerts", "several patients' alerts: one decision per alert (ALERTS_READ),"
                        + " recorded together; see undeliveredAlertsAreListedForWhoeverMayReadThem",
                "PUT /api/notifications/providers/{}/contact", "a staff member's own contact details (ADMIN)",
                "POST /api/notifications/webhooks/{}/status", "a provider's signed delivery report",
                "POST /api/notifications/webhooks/sms/inbound", "a provider's signed STOP/START by phone number",
                "GET /api/notifications/caller", "the caller's own token",
                "GET /api/notifications/admin/dead-letters", "events that failed (ADMIN, ids and codes only)",
                "POST /api/notifications/admin/dead-letters/{}/{}/{}/replay", "replays an event (ADMIN)"));
    }

    @Test
    void undeliveredAlertsAreListedForWhoeverMayReadThem() {
        AccessFixture access = new AccessFixture(events, mongo);
        UUID patient = UUID.randomUUID();
        UUID otherPatient = UUID.randomUUID();
        String responsible = access.clinician();
        String supervising = access.clinician();
        String addressed = access.clinician();
        String bystander = access.clinician();
        String emergency = access.clinician();
        String coach = access.coach();
        String otherResponsible = access.clinician();
        access.team(patient.toString()).responsible(responsible).supervising(supervising).coach(coach)
                .emergency(emergency, Instant.now().plus(Duration.ofMinutes(60))).publish();
        access.team(otherPatient.toString()).responsible(otherResponsible).publish();
        // No contact and no on-call address here: the alerts stay undelivered, and listed.
        events.publish(new SafetyEscalationRaised(UUID.randomUUID(), patient, Instant.now(), UUID.randomUUID(),
                SafetyEscalationRaised.Trigger.CLINICIAN_CONCERN, null));
        events.publish(new MonitorCheckMissed(UUID.randomUUID(), patient, Instant.now(), UUID.randomUUID(),
                UUID.fromString(addressed), 1, Instant.now().minus(Duration.ofMinutes(6)), 6));
        events.publish(new SafetyEscalationRaised(UUID.randomUUID(), otherPatient, Instant.now(), UUID.randomUUID(),
                SafetyEscalationRaised.Trigger.CLINICIAN_CONCERN, null));
        await().atMost(WAIT).until(() -> alertsAbout(patient).size() == 2 && alertsAbout(otherPatient).size() == 1);
        UUID escalation = alert(patient, Purpose.SAFETY_ESCALATION);
        UUID missedCheck = alert(patient, Purpose.MONITOR_CHECK_ESCALATION);
        UUID otherEscalation = alert(otherPatient, Purpose.SAFETY_ESCALATION);
        assertThat(mongo.findById(escalation, Notification.class).clinicianId).hasToString(responsible);
        assertThat(mongo.findById(otherEscalation, Notification.class).clinicianId).hasToString(otherResponsible);
        Set<UUID> ours = Set.of(escalation, missedCheck, otherEscalation);

        assertThat(listed(issuer.token("coord-2", Role.COORDINATOR), ours))
                .containsExactlyInAnyOrder(escalation, missedCheck, otherEscalation);
        assertThat(listed(issuer.token(responsible, Role.CLINICIAN), ours)).containsExactlyInAnyOrder(escalation,
                missedCheck);
        assertThat(listed(issuer.token(supervising, Role.CLINICIAN), ours)).containsExactlyInAnyOrder(escalation,
                missedCheck);
        assertThat(listed(issuer.token(emergency, Role.CLINICIAN), ours)).containsExactlyInAnyOrder(escalation,
                missedCheck);
        // Off the team, a clinician sees the alert addressed to them, and nothing else about the patient.
        assertThat(listed(issuer.token(addressed, Role.CLINICIAN), ours)).containsExactly(missedCheck);
        assertThat(listed(issuer.token(otherResponsible, Role.CLINICIAN), ours)).containsExactly(otherEscalation);
        assertThat(listed(issuer.token(bystander, Role.CLINICIAN), ours)).isEmpty();

        HttpResponse<String> unregistered = api().get(ALERTS, issuer.token(access.unregistered(), Role.CLINICIAN));
        assertThat(unregistered.statusCode()).isEqualTo(403);
        assertThat(Api.json(unregistered).path("type").asString()).isEqualTo("urn:care:problem:staff-not-registered");
        assertThat(unregistered.body()).doesNotContain(patient.toString());
        assertThat(api().get(ALERTS, issuer.token(coach, Role.COACH)).statusCode()).isEqualTo(403);
        assertThat(api().get(ALERTS, issuer.patientToken("user-" + patient, patient.toString())).statusCode())
                .isEqualTo(403);
        assertThat(api().get(ALERTS, issuer.token("admin-1", Role.ADMIN)).statusCode()).isEqualTo(403);
        assertThat(api().get(ALERTS, null).statusCode()).isEqualTo(401);

        // Each alert shown is in its patient's access log, with the relationship it was shown on; alerts not shown
        // leave nothing in anyone's log.
        assertThat(entries(patient, addressed)).singleElement().satisfies(entry -> {
            assertThat(entry.getString("permission")).isEqualTo("ALERTS_READ");
            assertThat(entry.getString("outcome")).isEqualTo("GRANTED");
            assertThat(entry.getString("basis")).isEqualTo("BOOKED_PROVIDER");
            assertThat(entry.getString("resourceId")).isEqualTo(missedCheck.toString());
        });
        assertThat(entries(patient, responsible)).extracting(entry -> entry.getString("resourceId") + " "
                + entry.getString("basis")).containsExactlyInAnyOrder(escalation + " RESPONSIBLE_CLINICIAN",
                        missedCheck + " RESPONSIBLE_CLINICIAN");
        assertThat(entries(patient, emergency)).allSatisfy(entry -> assertThat(entry.getString("emergencyGrantId"))
                .isNotNull()).hasSize(2);
        assertThat(entries(patient, bystander)).isEmpty();
        assertThat(entries(otherPatient, responsible)).isEmpty();
        List<TopicRecorder.Received> published = audit.await(record -> patient.toString().equals(record.key())
                && record.value().contains("\"ALERTS_READ\""), 9, WAIT);
        assertThat(published).allSatisfy(record -> assertThat(record.value()).contains("\"GRANTED\"")
                .contains("notification.alerts.list"));
    }

    @Test
    void aResponsibleClinicianOrCoachRemovedFromTheCareTeamLosesTheHistoryAtOnce() {
        AccessFixture access = new AccessFixture(events, mongo);
        String patientId = UUID.randomUUID().toString();
        String responsible = access.clinician();
        String successor = access.clinician();
        String coach = access.coach();
        access.team(patientId).responsible(responsible).coach(coach).publish();
        String url = "/api/notifications/patients/" + patientId;
        String responsibleToken = issuer.token(responsible, Role.CLINICIAN);
        String coachToken = issuer.token(coach, Role.COACH);
        assertThat(api().get(url, responsibleToken).statusCode()).isEqualTo(200);
        assertThat(api().get(url + "/preferences", responsibleToken).statusCode()).isEqualTo(200);
        assertThat(api().get(url, coachToken).statusCode()).isEqualTo(200);
        // The coach reads the history, not the preferences.
        assertThat(api().get(url + "/preferences", coachToken).statusCode()).isEqualTo(403);
        assertThat(entries(UUID.fromString(patientId), coach)).extracting(entry -> entry.getString("outcome")
                + " " + Objects.requireNonNullElse(entry.getString("reason"), entry.getString("basis")))
                .containsExactly("GRANTED COACH", "DENIED NOT_PERMITTED");

        // The coordinator hands the patient to another clinician and removes the coach.
        Instant removed = Instant.now();
        access.team(patientId).responsible(successor).publish();
        assertThat(api().get(url, responsibleToken).statusCode()).isEqualTo(403);
        assertThat(api().get(url + "/preferences", responsibleToken).statusCode()).isEqualTo(403);
        assertThat(Duration.between(removed, Instant.now())).isLessThan(Duration.ofSeconds(10));
        assertThat(api().get(url, coachToken).statusCode()).isEqualTo(403);
        assertThat(api().get(url, issuer.token(successor, Role.CLINICIAN)).statusCode()).isEqualTo(200);
        assertThat(entries(UUID.fromString(patientId), responsible)).extracting(entry -> entry.getString("outcome")
                + " " + Objects.requireNonNullElse(entry.getString("reason"), entry.getString("basis")))
                .containsExactly("GRANTED RESPONSIBLE_CLINICIAN", "GRANTED RESPONSIBLE_CLINICIAN",
                        "DENIED NOT_ON_CARE_TEAM", "DENIED NOT_ON_CARE_TEAM");
        assertThat(entries(UUID.fromString(patientId), coach)).extracting(entry -> entry.getString("outcome")
                + " " + Objects.requireNonNullElse(entry.getString("reason"), entry.getString("basis")))
                .containsExactly("GRANTED COACH", "DENIED NOT_PERMITTED", "DENIED NOT_ON_CARE_TEAM");

        // A clinician who is no longer registered reaches nothing either.
        access.deregister(successor);
        assertThat(api().get(url, issuer.token(successor, Role.CLINICIAN)).statusCode()).isEqualTo(403);
    }

    private List<Notification> alertsAbout(UUID patient) {
        return List.copyOf(mongo.find(Query.query(Criteria.where("patientId").is(patient)), Notification.class));
    }

    private UUID alert(UUID patient, Purpose purpose) {
        return alertsAbout(patient).stream().filter(n -> n.purpose == purpose).map(n -> n.id).findFirst()
                .orElseThrow();
    }

    /** The alerts among {@code ours} that the caller is shown (the list holds other tests' alerts too). */
    private List<UUID> listed(String token, Set<UUID> ours) {
        HttpResponse<String> response = api().get(ALERTS, token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<UUID> shown = new ArrayList<>();
        Api.json(response).forEach(alert -> shown.add(UUID.fromString(alert.path("notificationId").asString())));
        return shown.stream().filter(ours::contains).collect(Collectors.toList());
    }

    /** The audit entries of this subject about this patient, oldest first. */
    private List<Document> entries(UUID patient, String subject) {
        return mongo.getCollection(AuditTrail.COLLECTION).find(Filters.elemMatch("entries",
                Filters.and(Filters.eq("patientId", patient.toString()), Filters.eq("subject", subject))))
                .sort(new Document("at", 1)).into(new ArrayList<>()).stream()
                .flatMap(record -> record.getList("entries", Document.class).stream())
                .filter(entry -> subject.equals(entry.getString("subject"))
                        && patient.toString().equals(entry.getString("patientId")))
                .toList();
    }
}
