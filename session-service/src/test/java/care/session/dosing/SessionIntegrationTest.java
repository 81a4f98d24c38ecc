package care.session.dosing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.mongodb.client.model.Filters;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.TestPropertySource;

import care.contracts.Topics;
import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.contracts.scheduling.AppointmentBooked;
import care.contracts.scheduling.AppointmentCancelled;
import care.contracts.scheduling.AppointmentKind;
import care.contracts.scheduling.AppointmentRescheduled;
import care.contracts.scheduling.ChangeInitiator;
import care.contracts.scheduling.TreatmentPlanPaused;
import care.contracts.scheduling.TreatmentPlanResumed;
import care.contracts.session.SessionDeferred;
import care.kit.access.AccessDecision;
import care.kit.access.PatientAccess;
import care.kit.access.Permission;
import care.kit.access.Relationship;
import care.kit.audit.AuditTrail;
import care.kit.domain.Refusal;
import care.kit.security.Caller;
import care.kit.security.Role;
import care.kit.test.AccessFixture;
import care.kit.test.Api;
import care.kit.test.MovableClock;
import care.kit.test.MovableClockConfiguration;
import care.kit.test.ServiceIntegrationTest;
import care.kit.test.TestEvents;
import care.kit.test.TestIssuer;
import care.kit.test.TopicRecorder;
import care.kit.test.TopicRecorder.Received;
import tools.jackson.databind.JsonNode;

/**
 * Dosing sessions on the real broker and store: from scheduling's booking through preparation, the
 * supervised session and its checks to the reflection, with every event checked against its schema and
 * for personal data. Each session is booked with a clinician registered in the staff directory, as intake
 * publishes it.
 */
@org.junit.jupiter.api.Tag("integration")
@ServiceIntegrationTest
@Import(MovableClockConfiguration.class)
@TestPropertySource(properties = "care.session.timer-poll-interval=PT0.2S")
class SessionIntegrationTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String INTENTION = "Loosen the grip of the morning dread";
    static final String MONITOR_NAME = "Jordan Okafor";
    static final String MONITOR_PHONE = "+14155550199";
    static final String REFLECTION = "I saw the dread as a wave that passed";
    static final String DESCRIPTION = "Vomited twice and became very confused";
    static TopicRecorder recorder;
    static TestEvents events;

    @LocalServerPort
    int port;
    @LocalManagementPort
    int managementPort;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    MovableClock clock;
    @Autowired
    PatientAccess patientAccess;
    @Autowired
    SessionController controller;

    final TestIssuer issuer = TestIssuer.get();
    AccessFixture access;

    @BeforeAll
    static void start() {
        recorder = new TopicRecorder(List.of(Topics.SESSION_EVENTS));
        events = new TestEvents();
    }

    @AfterAll
    static void everyEventMatchesItsSchemaAndCarriesNoFreeText() throws InterruptedException {
        recorder.close();
        events.close();
        recorder.assertEveryEventMatchesItsSchema(Topics.SESSION_EVENTS);
        for (Received received : recorder.all()) {
            assertThat(received.value()).doesNotContain(INTENTION, MONITOR_NAME, MONITOR_PHONE, "4155550199",
                    REFLECTION, DESCRIPTION);
        }
    }

    /** One booked dosing session: its patient, supervising clinician and the session's id. */
    record Booked(UUID patient, UUID clinician, UUID plan, UUID appointment, String sessionId, Instant start) {

        String patientToken(TestIssuer issuer) {
            return issuer.patientToken("user-" + patient, patient.toString());
        }

        String clinicianToken(TestIssuer issuer) {
            return issuer.token(clinician.toString(), Role.CLINICIAN);
        }

        String url(String step) {
            return "/api/sessions/" + sessionId + step;
        }
    }

    @BeforeEach
    void staff() {
        access = new AccessFixture(events, mongo);
    }

    Api api() {
        return new Api(port);
    }

    /**
     * Scheduling books session {@code number} of a new patient to start {@code in} from (test) now, with a newly
     * registered clinician; waits for the session.
     */
    Booked booked(Duration in, int number) {
        return booked(UUID.randomUUID(), UUID.fromString(access.clinician()), in, number);
    }

    /** Scheduling books session {@code number} of the patient with this clinician; waits for the session. */
    Booked booked(UUID patient, UUID clinician, Duration in, int number) {
        UUID appointment = UUID.randomUUID();
        Instant start = clock.instant().plus(in).truncatedTo(ChronoUnit.MINUTES);
        AppointmentBooked booked = new AppointmentBooked(UUID.randomUUID(), patient, clock.instant(), appointment,
                UUID.randomUUID(), null, clinician, AppointmentKind.DOSING_SESSION, number, start,
                start.plus(Duration.ofHours(3)), false);
        events.publish(booked);
        String sessionId = DosingSession.idFor(appointment);
        Awaitility.await().atMost(WAIT).until(() -> mongo.findById(sessionId, DosingSession.class) != null);
        return new Booked(patient, booked.providerId(), booked.planId(), appointment, sessionId, start);
    }

    static String preparation(boolean fasting) {
        return "{\"intention\":\"" + INTENTION + "\",\"fastingConfirmed\":" + fasting + ",\"monitor\":{\"name\":\""
                + MONITOR_NAME + "\",\"phone\":\"" + MONITOR_PHONE + "\"},\"noDriving\":true,\"safeEnvironment\":true}";
    }

    static String vitals(String phase, int systolic, int diastolic) {
        return "{\"phase\":\"" + phase + "\",\"systolic\":" + systolic + ",\"diastolic\":" + diastolic
                + ",\"heartRate\":78}";
    }

    static String problemType(HttpResponse<String> response) {
        return Api.json(response).path("type").asString();
    }

    /** What the audit trail recorded about the patient, oldest first. */
    List<Document> audited(UUID patient) {
        return mongo.getCollection(AuditTrail.COLLECTION).find(Filters.elemMatch("entries",
                Filters.eq("patientId", patient.toString()))).sort(new Document("at", 1)).into(new java.util.ArrayList<>())
                .stream().flatMap(record -> record.getList("entries", Document.class).stream())
                .filter(entry -> patient.toString().equals(entry.getString("patientId"))).toList();
    }

    List<Received> sessionEvents(Booked session, String type, int count) {
        return recorder.await(r -> session.patient.toString().equals(r.key())
                && ("care.session." + type + ".v1").equals(r.type()), count, WAIT);
    }

    /** Prepared, pre-dose 128/82 by the patient's home cuff, started by the supervising clinician. */
    void startedNow(Booked session) {
        String patient = session.patientToken(issuer);
        assertThat(api().put(session.url("/preparation"), patient, preparation(true)).statusCode()).isEqualTo(200);
        assertThat(api().post(session.url("/vitals"), patient, vitals("PRE_DOSE", 128, 82)).statusCode()).isEqualTo(200);
        HttpResponse<String> started = api().post(session.url("/start"), session.clinicianToken(issuer), "");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
    }

    @Test
    void aBookedSessionIsPreparedSupervisedCheckedCompletedAndReflectedOn() {
        Booked session = booked(Duration.ofMinutes(20), 1);
        String patient = session.patientToken(issuer);
        String clinician = session.clinicianToken(issuer);

        HttpResponse<String> partial = api().put(session.url("/preparation"), patient, preparation(false));
        assertThat(partial.statusCode()).as(partial.body()).isEqualTo(200);
        assertThat(Api.json(partial).path("preparation").path("missing").toString()).isEqualTo("[\"fastingConfirmed\"]");
        assertThat(problemType(api().post(session.url("/start"), clinician, ""))).isEqualTo("urn:care:problem:preparation-incomplete");
        assertThat(api().put(session.url("/preparation"), patient, preparation(true)).statusCode()).isEqualTo(200);
        sessionEvents(session, "SessionPrepared", 1);

        assertThat(problemType(api().post(session.url("/start"), clinician, ""))).isEqualTo("urn:care:problem:no-recent-reading");
        assertThat(api().post(session.url("/vitals"), patient, vitals("PRE_DOSE", 128, 82)).statusCode()).isEqualTo(200);
        assertThat(api().post(session.url("/start"), patient, "").statusCode()).isEqualTo(403);
        assertThat(api().post(session.url("/start"), issuer.token(UUID.randomUUID().toString(), Role.CLINICIAN), "")
                .statusCode()).isEqualTo(403);
        HttpResponse<String> started = api().post(session.url("/start"), clinician, "");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        assertThat(Api.json(started).path("status").asString()).isEqualTo("IN_PROGRESS");
        assertThat(Api.json(started).path("monitorChecks").size()).isEqualTo(4);
        sessionEvents(session, "SessionStarted", 1);

        clock.advance(Duration.ofMinutes(14));
        assertThat(api().post(session.url("/monitor-checks"), patient, "{\"status\":\"OK\"}").statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(26));
        HttpResponse<String> peak = api().post(session.url("/vitals"), clinician, vitals("PEAK", 168, 90));
        assertThat(peak.statusCode()).isEqualTo(200);
        Received rise = sessionEvents(session, "AdverseEventReported", 1).getFirst();
        assertThat(rise.value()).contains("BLOOD_PRESSURE_RISE", "MODERATE", "\"systolic\":168");

        // Check 2 was due at 30 minutes: missed by now, raised by the timer without any request.
        Received missed = sessionEvents(session, "MonitorCheckMissed", 1).getFirst();
        assertThat(missed.value()).contains("\"checkNumber\":2", "\"clinicianId\":\"" + session.clinician + "\"");
        assertThat(api().post(session.url("/monitor-checks"), patient, "{\"status\":\"CONCERN\"}").statusCode())
                .isEqualTo(200);
        assertThat(sessionEvents(session, "MonitorConcernRaised", 1).getFirst().value())
                .contains("\"clinicianId\":\"" + session.clinician + "\"");

        clock.advance(Duration.ofMinutes(78));
        assertThat(api().post(session.url("/vitals"), clinician, vitals("DISCHARGE", 130, 84)).statusCode()).isEqualTo(200);
        assertThat(problemType(api().post(session.url("/complete"), clinician, "")))
                .isEqualTo("urn:care:problem:monitoring-time-not-reached");
        assertThat(problemType(api().post(session.url("/reflection"), patient, "{\"text\":\"" + REFLECTION
                + "\",\"mood\":6}"))).isEqualTo("urn:care:problem:session-not-completed");
        clock.advance(Duration.ofMinutes(2));
        HttpResponse<String> completed = api().post(session.url("/complete"), clinician, "");
        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
        assertThat(Api.json(completed).path("monitoredMinutes").asInt()).isGreaterThanOrEqualTo(120);
        Received done = sessionEvents(session, "SessionCompleted", 1).getFirst();
        assertThat(done.value()).contains("\"sessionNumber\":1", "\"appointmentId\":\"" + session.appointment + "\"");
        assertThat(sessionEvents(session, "MonitorCheckMissed", 2)).hasSize(2);

        HttpResponse<String> reflected = api().post(session.url("/reflection"), patient, "{\"text\":\"" + REFLECTION
                + "\",\"mood\":6}");
        assertThat(reflected.statusCode()).as(reflected.body()).isEqualTo(200);
        sessionEvents(session, "ReflectionSubmitted", 1);
        assertThat(api().post(session.url("/reflection"), patient, "{\"text\":\"again\",\"mood\":6}").statusCode())
                .isEqualTo(409);

        JsonNode view = Api.json(api().get(session.url(""), patient));
        assertThat(view.path("status").asString()).isEqualTo("COMPLETED");
        assertThat(view.path("preparation").path("intention").asString()).isEqualTo(INTENTION);
        assertThat(view.path("reflection").path("mood").asInt()).isEqualTo(6);
        assertThat(view.path("monitorChecks").get(0).path("state").asString()).isEqualTo("CHECKED_IN");
        assertThat(view.path("monitorChecks").get(1).path("state").asString()).isEqualTo("MISSED");
        assertThat(view.path("monitorChecks").get(2).path("reported").asString()).isEqualTo("CONCERN");
        JsonNode list = Api.json(api().get("/api/sessions/patients/" + session.patient, patient));
        assertThat(list.size()).isEqualTo(1);
        assertThat(list.toString()).doesNotContain(INTENTION, MONITOR_PHONE);
    }

    @Test
    void aPreDoseReadingAboveTheLimitDefersTheSession() {
        Booked session = booked(Duration.ofMinutes(10), 2);
        String patient = session.patientToken(issuer);
        assertThat(api().put(session.url("/preparation"), patient, preparation(true)).statusCode()).isEqualTo(200);
        assertThat(api().post(session.url("/vitals"), patient, vitals("PRE_DOSE", 141, 90)).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = api().post(session.url("/start"), session.clinicianToken(issuer), "");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(problemType(refused)).isEqualTo("urn:care:problem:blood-pressure-above-threshold");
        assertThat(Api.json(api().get(session.url(""), patient)).path("status").asString()).isEqualTo("DEFERRED");
        Received deferred = sessionEvents(session, "SessionDeferred", 1).getFirst();
        assertThat(deferred.value()).contains("BLOOD_PRESSURE_ABOVE_LIMIT", "\"systolic\":141", "\"sessionNumber\":2");
        assertThat(recorder.matching(r -> session.patient.toString().equals(r.key())
                && "care.session.SessionStarted.v1".equals(r.type()))).isEmpty();
    }

    @Test
    void theStartWaitsForItsWindowAndAPausedPlan() {
        Booked session = booked(Duration.ofMinutes(45), 3);
        String patient = session.patientToken(issuer);
        String clinician = session.clinicianToken(issuer);
        api().put(session.url("/preparation"), patient, preparation(true));
        api().post(session.url("/vitals"), patient, vitals("PRE_DOSE", 120, 80));
        assertThat(problemType(api().post(session.url("/start"), clinician, ""))).isEqualTo("urn:care:problem:too-early");

        events.publish(new TreatmentPlanPaused(UUID.randomUUID(), session.patient, clock.instant(), session.plan,
                TreatmentPlanPaused.Reason.SEVERE_ADVERSE_EVENT, null));
        clock.advance(Duration.ofMinutes(20));
        api().post(session.url("/vitals"), patient, vitals("PRE_DOSE", 120, 80));
        Awaitility.await().atMost(WAIT).until(() -> problemType(api().post(session.url("/start"), clinician, ""))
                .equals("urn:care:problem:plan-paused"));
        assertThat(Api.json(api().get(session.url(""), clinician)).path("planPaused").asBoolean()).isTrue();
        events.publish(new TreatmentPlanResumed(UUID.randomUUID(), session.patient, clock.instant(), session.plan,
                UUID.randomUUID()));
        Awaitility.await().atMost(WAIT).until(() -> api().post(session.url("/start"), clinician, "").statusCode() == 200);
        sessionEvents(session, "SessionStarted", 1);
    }

    @Test
    void theAppointmentsMovesAndCancellationsReachTheSessionOnce() {
        Booked session = booked(Duration.ofHours(30), 4);
        events.publish(new AppointmentBooked(UUID.randomUUID(), session.patient, clock.instant(), session.appointment,
                session.plan, null, UUID.randomUUID(), AppointmentKind.DOSING_SESSION, 4, session.start,
                session.start.plus(Duration.ofHours(3)), false));
        Instant moved = session.start.plus(Duration.ofDays(2));
        UUID cover = UUID.fromString(access.clinician());
        events.publish(new AppointmentRescheduled(UUID.randomUUID(), session.patient, clock.instant(), session.appointment,
                AppointmentKind.DOSING_SESSION, cover, session.start, moved, moved.plus(Duration.ofHours(3)),
                ChangeInitiator.PATIENT, false));
        String patient = session.patientToken(issuer);
        Awaitility.await().atMost(WAIT).until(() -> Api.json(api().get(session.url(""), patient))
                .path("scheduledStart").asString().equals(moved.toString()));
        assertThat(Api.json(api().get(session.url(""), issuer.token(cover.toString(), Role.CLINICIAN)))
                .path("providerId").asString()).isEqualTo(cover.toString());
        assertThat(api().get(session.url(""), session.clinicianToken(issuer)).statusCode()).isEqualTo(403);
        assertThat(Api.json(api().get("/api/sessions/patients/" + session.patient, patient)).size()).isEqualTo(1);

        events.publish(new AppointmentCancelled(UUID.randomUUID(), session.patient, clock.instant(), session.appointment,
                AppointmentKind.DOSING_SESSION, moved, ChangeInitiator.PATIENT,
                AppointmentCancelled.Reason.PATIENT_REQUEST, false));
        Awaitility.await().atMost(WAIT).until(() -> Api.json(api().get(session.url(""), patient)).path("status")
                .asString().equals("CANCELLED"));
        assertThat(problemType(api().put(session.url("/preparation"), patient, preparation(true))))
                .isEqualTo("urn:care:problem:session-not-scheduled");
    }

    @Test
    void aSevereAdverseEventIsReportedWithoutItsDescription() {
        Booked session = booked(Duration.ofMinutes(5), 5);
        startedNow(session);
        String report = "{\"severity\":\"SEVERE\",\"category\":\"NAUSEA_OR_VOMITING\",\"description\":\"" + DESCRIPTION + "\"}";
        HttpResponse<String> reported = api().postWithHeaders(session.url("/adverse-events"), session.clinicianToken(issuer),
                java.util.Map.of("Idempotency-Key", "report-1"), report);
        assertThat(reported.statusCode()).as(reported.body()).isEqualTo(200);
        HttpResponse<String> retried = api().postWithHeaders(session.url("/adverse-events"), session.clinicianToken(issuer),
                java.util.Map.of("Idempotency-Key", "report-1"), report);
        assertThat(Api.json(retried).path("adverseEvents").size()).isEqualTo(1);
        assertThat(Api.json(reported).path("adverseEvents").get(0).path("description").asString()).isEqualTo(DESCRIPTION);
        Received event = sessionEvents(session, "AdverseEventReported", 1).getFirst();
        assertThat(event.value()).contains("\"severity\":\"SEVERE\"", "NAUSEA_OR_VOMITING",
                "\"planId\":\"" + session.plan + "\"");
        assertThat(api().post(session.url("/adverse-events"), session.patientToken(issuer),
                "{\"severity\":\"MILD\",\"category\":\"OTHER\",\"description\":\"x\"}").statusCode()).isEqualTo(403);
        org.awaitility.Awaitility.await().pollDelay(Duration.ofMillis(500)).atMost(WAIT).until(() -> true);
        assertThat(recorder.matching(r -> session.patient.toString().equals(r.key())
                && "care.session.AdverseEventReported.v1".equals(r.type()))).hasSize(1);
        assertThat(new Api(managementPort).get("/actuator/prometheus", null).body())
                .contains("care_session_adverse_events_total{application=\"session-service\",category=\"NAUSEA_OR_VOMITING\",severity=\"SEVERE\"}");
    }

    @Test
    void badInputIsRefusedByFieldAndChangesNothing() {
        Booked session = booked(Duration.ofMinutes(5), 6);
        String patient = session.patientToken(issuer);
        HttpResponse<String> tooHigh = api().post(session.url("/vitals"), patient, vitals("PRE_DOSE", 400, 80));
        assertThat(tooHigh.statusCode()).isEqualTo(400);
        assertThat(Api.json(tooHigh).path("errors").toString()).contains("\"field\":\"systolic\"");
        HttpResponse<String> phase = api().post(session.url("/vitals"), patient,
                "{\"phase\":\"LATE\",\"systolic\":120,\"diastolic\":80,\"heartRate\":70}");
        assertThat(phase.statusCode()).isEqualTo(400);
        assertThat(Api.json(phase).path("errors").toString()).contains("phase");
        assertThat(api().post(session.url("/vitals"), patient, vitals("PRE_DOSE", 80, 120)).statusCode()).isEqualTo(400);
        HttpResponse<String> phone = api().put(session.url("/preparation"), patient,
                "{\"intention\":\"" + INTENTION + "\",\"monitor\":{\"name\":\"A\",\"phone\":\"call me\"}}");
        assertThat(phone.statusCode()).isEqualTo(400);
        assertThat(phone.body()).contains("monitor.phone").doesNotContain(INTENTION, "call me");
        assertThat(api().put(session.url("/preparation"), patient, "{\"intention\":").statusCode()).isEqualTo(400);
        JsonNode unchanged = Api.json(api().get(session.url(""), patient));
        assertThat(unchanged.path("vitals").size()).isZero();
        assertThat(unchanged.path("preparation").path("intention").isNull()).isTrue();
        assertThat(api().post(session.url("/defer"), session.clinicianToken(issuer),
                "{\"reason\":\"BLOOD_PRESSURE_ABOVE_LIMIT\"}").statusCode()).isEqualTo(400);
        assertThat(api().get("/api/sessions/" + UUID.randomUUID(), patient).statusCode()).isEqualTo(404);
        HttpResponse<String> badId = api().get("/api/sessions/patients/not-a-patient", issuer.token("c", Role.COORDINATOR));
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(Api.json(badId).path("type").asString()).isEqualTo("urn:care:problem:invalid-request");
        assertThat(Api.json(badId).path("errors").toString()).contains("\"field\":\"patientId\"");
    }

    @Test
    void aClinicianFindsTheSessionsTheySuperviseOnTheirWorklist() {
        Booked session = booked(Duration.ofHours(5), 8);
        String range = "&from=" + clock.instant() + "&to=" + clock.instant().plus(Duration.ofDays(1));
        String worklist = "/api/sessions?providerId=" + session.clinician + range;
        JsonNode mine = Api.json(api().get(worklist, session.clinicianToken(issuer)));
        assertThat(mine.size()).isEqualTo(1);
        assertThat(mine.get(0).path("sessionId").asString()).isEqualTo(session.sessionId);
        // Every patient the worklist showed is in the accounting of access, on the clinician's booking.
        assertThat(audited(session.patient)).anySatisfy(entry -> {
            assertThat(entry.getString("action")).isEqualTo("session.worklist.read");
            assertThat(entry.getString("subject")).isEqualTo(session.clinician.toString());
            assertThat(entry.getString("outcome")).isEqualTo("GRANTED");
            assertThat(entry.getString("basis")).isEqualTo("BOOKED_PROVIDER");
        });

        HttpResponse<String> unregistered = api().get(worklist, issuer.token(access.unregistered(), Role.CLINICIAN));
        assertThat(unregistered.statusCode()).isEqualTo(403);
        assertThat(problemType(unregistered)).isEqualTo("urn:care:problem:staff-not-registered");
        HttpResponse<String> colleague = api().get(worklist, issuer.token(access.clinician(), Role.CLINICIAN));
        assertThat(colleague.statusCode()).isEqualTo(403);
        assertThat(problemType(colleague)).isEqualTo("urn:care:problem:forbidden");
        assertThat(api().get(worklist, session.patientToken(issuer)).statusCode()).isEqualTo(403);
        assertThat(api().get(worklist, issuer.token(session.clinician.toString(), Role.COACH)).statusCode())
                .isEqualTo(403);
        JsonNode coordinator = Api.json(api().get(worklist, issuer.token("coord-1", Role.COORDINATOR)));
        assertThat(coordinator.size()).isEqualTo(1);
        assertThat(audited(session.patient)).anySatisfy(entry -> {
            assertThat(entry.getString("subject")).isEqualTo("coord-1");
            assertThat(entry.getString("basis")).isEqualTo("COORDINATOR");
        });

        HttpResponse<String> tooLong = api().get("/api/sessions?providerId=" + session.clinician + "&from="
                + clock.instant() + "&to=" + clock.instant().plus(Duration.ofDays(40)), session.clinicianToken(issuer));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(Api.json(tooLong).path("errors").toString()).contains("\"field\":\"to\"");
        HttpResponse<String> notAnId = api().get("/api/sessions?providerId=someone" + range,
                issuer.token("coord-1", Role.COORDINATOR));
        assertThat(notAnId.statusCode()).isEqualTo(400);
        assertThat(Api.json(notAnId).path("errors").toString()).contains("\"field\":\"providerId\"");
    }

    @Test
    void onlyThePatientTheSupervisingClinicianAndTheirCareTeamSeeASession() {
        Booked session = booked(Duration.ofHours(2), 7);
        String responsible = access.clinician();
        String coach = access.coach();
        access.team(session.patient.toString()).responsible(responsible).coach(coach).publish();
        String coordinator = issuer.token("coord-1", Role.COORDINATOR);

        assertThat(api().get(session.url(""), issuer.patientToken("other", UUID.randomUUID().toString())).statusCode())
                .isEqualTo(404);
        assertThat(api().get(session.url(""), session.clinicianToken(issuer)).statusCode()).isEqualTo(200);
        assertThat(api().get(session.url(""), issuer.token(responsible, Role.CLINICIAN)).statusCode()).isEqualTo(200);
        // The coach and coordinators see that there is a session, not what it holds.
        assertThat(api().get(session.url(""), issuer.token(coach, Role.COACH)).statusCode()).isEqualTo(403);
        assertThat(api().get(session.url(""), coordinator).statusCode()).isEqualTo(403);
        assertThat(Api.json(api().get("/api/sessions/patients/" + session.patient, issuer.token(coach, Role.COACH)))
                .size()).isEqualTo(1);
        assertThat(Api.json(api().get("/api/sessions/patients/" + session.patient, coordinator)).size()).isEqualTo(1);
        assertThat(api().get("/api/sessions/patients/" + session.patient, issuer.patientToken("o",
                UUID.randomUUID().toString())).statusCode()).isEqualTo(404);
        assertThat(api().get("/api/sessions/patients/" + session.patient, issuer.token(access.clinician(),
                Role.CLINICIAN)).statusCode()).isEqualTo(403);

        // Only the patient prepares: the checklist holds their intention and their monitor's contact.
        assertThat(api().put(session.url("/preparation"), session.clinicianToken(issuer), preparation(true))
                .statusCode()).isEqualTo(403);
        assertThat(api().put(session.url("/preparation"), coordinator, preparation(true)).statusCode()).isEqualTo(403);
        assertThat(api().put(session.url("/preparation"), issuer.token(responsible, Role.CLINICIAN), preparation(true))
                .statusCode()).isEqualTo(403);
        assertThat(Api.json(api().get(session.url(""), session.patientToken(issuer))).path("preparation")
                .path("intention").isNull()).isTrue();

        List<Document> denied = audited(session.patient).stream()
                .filter(entry -> "DENIED".equals(entry.getString("outcome"))).toList();
        assertThat(denied).extracting(entry -> entry.getString("action")).contains("session.read", "session.list",
                "session.prepare");
        assertThat(denied).extracting(entry -> entry.getString("reason")).contains("OTHER_PATIENT", "NOT_PERMITTED",
                "NOT_ON_CARE_TEAM");
        assertThat(denied).filteredOn(entry -> "session.read".equals(entry.getString("action")))
                .allSatisfy(entry -> assertThat(entry.getString("resourceId")).isEqualTo(session.sessionId));
    }

    @Test
    void aClinicianWhoOnlySupervisesSomeOfAPatientsSessionsListsThoseAndReadsNoOther() {
        Booked first = booked(Duration.ofHours(3), 1);
        Booked second = booked(first.patient, UUID.fromString(access.clinician()), Duration.ofDays(14), 2);
        String list = "/api/sessions/patients/" + first.patient;

        JsonNode ofFirst = Api.json(api().get(list, first.clinicianToken(issuer)));
        assertThat(ofFirst.size()).isEqualTo(1);
        assertThat(ofFirst.get(0).path("sessionId").asString()).isEqualTo(first.sessionId);
        JsonNode ofSecond = Api.json(api().get(list, second.clinicianToken(issuer)));
        assertThat(ofSecond.size()).isEqualTo(1);
        assertThat(ofSecond.get(0).path("sessionId").asString()).isEqualTo(second.sessionId);
        assertThat(api().get(second.url(""), first.clinicianToken(issuer)).statusCode()).isEqualTo(403);
        assertThat(api().post(second.url("/vitals"), first.clinicianToken(issuer), vitals("PRE_DOSE", 120, 80))
                .statusCode()).isEqualTo(403);
        assertThat(Api.json(api().get(list, first.patientToken(issuer))).size()).isEqualTo(2);

        // On the care team as a supervising clinician: every session listed, none read unless booked with them.
        access.team(first.patient.toString()).supervising(first.clinician.toString()).publish();
        assertThat(Api.json(api().get(list, first.clinicianToken(issuer))).size()).isEqualTo(2);
        assertThat(api().get(second.url(""), first.clinicianToken(issuer)).statusCode()).isEqualTo(403);
        assertThat(api().get(first.url(""), first.clinicianToken(issuer)).statusCode()).isEqualTo(200);
    }

    @Test
    void aClinicianNoLongerRegisteredSupervisesNothing() {
        Booked session = booked(Duration.ofMinutes(10), 6);
        String patient = session.patientToken(issuer);
        String clinician = session.clinicianToken(issuer);
        assertThat(api().put(session.url("/preparation"), patient, preparation(true)).statusCode()).isEqualTo(200);
        assertThat(api().post(session.url("/vitals"), clinician, vitals("PRE_DOSE", 124, 80)).statusCode()).isEqualTo(200);
        assertThat(api().get(session.url(""), clinician).statusCode()).isEqualTo(200);

        access.deregister(session.clinician.toString());
        HttpResponse<String> read = api().get(session.url(""), clinician);
        assertThat(read.statusCode()).isEqualTo(403);
        assertThat(read.body()).doesNotContain(INTENTION, MONITOR_PHONE);
        assertThat(api().post(session.url("/start"), clinician, "").statusCode()).isEqualTo(403);
        assertThat(api().post(session.url("/defer"), clinician, "{\"reason\":\"CLINICIAN_DECISION\"}").statusCode())
                .isEqualTo(403);
        assertThat(api().post(session.url("/vitals"), clinician, vitals("PRE_DOSE", 124, 80)).statusCode())
                .isEqualTo(403);
        assertThat(api().get("/api/sessions/patients/" + session.patient, clinician).statusCode()).isEqualTo(403);
        String range = "&from=" + clock.instant() + "&to=" + clock.instant().plus(Duration.ofDays(1));
        assertThat(problemType(api().get("/api/sessions?providerId=" + session.clinician + range, clinician)))
                .isEqualTo("urn:care:problem:staff-not-registered");

        JsonNode unchanged = Api.json(api().get(session.url(""), patient));
        assertThat(unchanged.path("status").asString()).isEqualTo("SCHEDULED");
        assertThat(unchanged.path("vitals").size()).isEqualTo(1);
        assertThat(audited(session.patient)).filteredOn(entry -> session.clinician.toString()
                .equals(entry.getString("subject")) && "DENIED".equals(entry.getString("outcome")))
                .extracting(entry -> entry.getString("reason")).hasSize(5).containsOnly("NOT_REGISTERED");
    }

    @Test
    void aStepOfTheSupervisingClinicianIsRefusedWhenTheSessionMovedToAnotherMeanwhile() {
        Booked session = booked(Duration.ofHours(30), 7);
        DosingSession checked = mongo.findById(session.sessionId, DosingSession.class);
        AccessDecision decision = patientAccess.check(new Caller(session.clinician.toString(), Set.of(Role.CLINICIAN),
                Optional.empty()), session.patient.toString(), Permission.SESSION_SUPERVISE, "session.defer")
                .resource("The session", session.sessionId).bookedProvider(checked.providerId(), StaffRole.CLINICIAN)
                .decide();
        assertThat(decision.basis()).isEqualTo(Relationship.BOOKED_PROVIDER);

        // Between the check and the write, the appointment moves to a colleague.
        UUID cover = UUID.fromString(access.clinician());
        events.publish(new AppointmentRescheduled(UUID.randomUUID(), session.patient, clock.instant(), session.appointment,
                AppointmentKind.DOSING_SESSION, cover, session.start, session.start, session.start.plus(Duration.ofHours(3)),
                ChangeInitiator.CLINIC_STAFF, false));
        Awaitility.await().atMost(WAIT).until(() -> cover.toString()
                .equals(mongo.findById(session.sessionId, DosingSession.class).providerId()));

        assertThatThrownBy(() -> controller.change(checked, decision, current -> current.defer(
                SessionDeferred.Reason.CLINICIAN_DECISION, clock.instant())))
                .isInstanceOfSatisfying(Refusal.class, refusal -> {
                    assertThat(refusal.kind()).isEqualTo(Refusal.Kind.CONFLICT);
                    assertThat(refusal.type()).isEqualTo("session-moved");
                });
        assertThat(mongo.findById(session.sessionId, DosingSession.class).status())
                .isEqualTo(DosingSession.Status.SCHEDULED);
    }
}
