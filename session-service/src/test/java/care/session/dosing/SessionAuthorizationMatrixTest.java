package care.session.dosing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import care.contracts.scheduling.AppointmentBooked;
import care.contracts.scheduling.AppointmentKind;
import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.kit.access.Permission;
import care.kit.test.AccessFixture;
import care.kit.test.AccessMatrix;
import care.kit.test.AccessMatrix.Caller;
import care.kit.test.AccessMatrix.Endpoint;
import care.kit.test.Api;
import care.kit.test.MatrixCallers;
import care.kit.test.MovableClock;
import care.kit.test.MovableClockConfiguration;
import care.kit.test.ServiceIntegrationTest;
import care.kit.test.TestEvents;

/**
 * Every session endpoint that touches a patient's data, called by every kind of caller, answers as the platform's
 * access table says and leaves an audit record. The patient's sessions are booked with a registered clinician who
 * is not on the care team (the booked provider); the care team has a responsible and a supervising clinician, a
 * coach and an emergency access, next to one that has ended. (Same configuration as SessionIntegrationTest, so
 * both run in one application context.)
 */
@org.junit.jupiter.api.Tag("integration")
@ServiceIntegrationTest
@Import(MovableClockConfiguration.class)
@TestPropertySource(properties = "care.session.timer-poll-interval=PT0.2S")
class SessionAuthorizationMatrixTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String PREPARATION = "{\"intention\":\"Meet the fear with curiosity\",\"fastingConfirmed\":true,"
            + "\"monitor\":{\"name\":\"Sam\",\"phone\":\"+14155550142\"},\"noDriving\":true,\"safeEnvironment\":true}";
    static TestEvents events;

    @LocalServerPort
    int port;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    MovableClock clock;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;


    @BeforeAll
    static void connect() {
        events = new TestEvents();
    }

    @AfterAll
    static void disconnect() {
        events.close();
    }

    Api api() {
        return new Api(port);
    }

    /** Scheduling books session {@code number} of the patient with the clinician; waits for the session. */
    String booked(String patientId, String clinician, Duration in, int number) {
        UUID appointment = UUID.randomUUID();
        Instant start = clock.instant().plus(in).truncatedTo(ChronoUnit.MINUTES);
        events.publish(new AppointmentBooked(UUID.randomUUID(), UUID.fromString(patientId), clock.instant(),
                appointment, UUID.randomUUID(), null, UUID.fromString(clinician), AppointmentKind.DOSING_SESSION, number,
                start, start.plus(Duration.ofHours(3)), false));
        String sessionId = DosingSession.idFor(appointment);
        Awaitility.await().atMost(WAIT).until(() -> mongo.findById(sessionId, DosingSession.class) != null);
        return sessionId;
    }

    static String vitals(String phase, int systolic, int diastolic) {
        return "{\"phase\":\"" + phase + "\",\"systolic\":" + systolic + ",\"diastolic\":" + diastolic
                + ",\"heartRate\":74}";
    }

    void expect(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    }

    @Test
    void everySessionEndpointAnswersEveryCallerAsTheAccessTableSays() {
        AccessFixture access = new AccessFixture(events, mongo);
        String patientId = UUID.randomUUID().toString();
        // The emergency access outlasts the monitoring time the clock is moved through below.
        MatrixCallers callers = MatrixCallers.forPatient(access, patientId, clock.instant(),
                clock.instant().plus(Duration.ofHours(6)), StaffRole.CLINICIAN);
        Map<Caller, String> subjects = callers.subjects();
        Map<Caller, String> tokens = callers.tokens();
        String provider = subjects.get(Caller.BOOKED_PROVIDER);
        String patient = tokens.get(Caller.OWN_PATIENT);
        String clinician = tokens.get(Caller.BOOKED_PROVIDER);

        // A session started and monitored for the minimum time, ready to be discharged.
        String discharging = booked(patientId, provider, Duration.ofMinutes(5), 1);
        expect(api().put("/api/sessions/" + discharging + "/preparation", patient, PREPARATION), 200);
        expect(api().post("/api/sessions/" + discharging + "/vitals", patient, vitals("PRE_DOSE", 126, 80)), 200);
        expect(api().post("/api/sessions/" + discharging + "/start", clinician, ""), 200);
        clock.advance(Duration.ofMinutes(121));
        expect(api().post("/api/sessions/" + discharging + "/vitals", clinician, vitals("DISCHARGE", 124, 80)), 200);
        // A session about to start, and one in two weeks.
        String session = booked(patientId, provider, Duration.ofMinutes(10), 2);
        String later = booked(patientId, provider, Duration.ofDays(14), 3);

        List<Endpoint> endpoints = List.of(
                Endpoint.get("/api/sessions/patients/" + patientId, Permission.SESSION_LIST),
                Endpoint.get("/api/sessions/" + session, Permission.SESSION_READ),
                Endpoint.put("/api/sessions/" + session + "/preparation", PREPARATION, Permission.SESSION_PREPARE),
                Endpoint.post("/api/sessions/" + session + "/vitals", vitals("PRE_DOSE", 128, 82),
                        Permission.SESSION_RECORD),
                Endpoint.post("/api/sessions/" + session + "/start", "", Permission.SESSION_SUPERVISE),
                Endpoint.post("/api/sessions/" + session + "/monitor-checks", "{\"status\":\"OK\"}",
                        Permission.SESSION_RECORD),
                Endpoint.post("/api/sessions/" + session + "/adverse-events",
                        "{\"severity\":\"MILD\",\"category\":\"OTHER\",\"description\":\"Brief dizziness\"}",
                        Permission.SESSION_SUPERVISE),
                Endpoint.post("/api/sessions/" + later + "/defer", "{\"reason\":\"PATIENT_UNWELL\"}",
                        Permission.SESSION_SUPERVISE),
                Endpoint.post("/api/sessions/" + discharging + "/complete", "", Permission.SESSION_SUPERVISE),
                Endpoint.post("/api/sessions/" + discharging + "/reflection", "{\"text\":\"Lighter\",\"mood\":7}",
                        Permission.REFLECTION_WRITE));
        AccessMatrix matrix = new AccessMatrix(api(), patientId, tokens, subjects, mongo);
        endpoints.forEach(matrix::check);
        matrix.verify("session-service");

        // Each allowed change was made once, by whom the table allows: nobody else changed anything.
        DosingSession started = mongo.findById(session, DosingSession.class);
        assertThat(started.status()).isEqualTo(DosingSession.Status.IN_PROGRESS);
        assertThat(started.vitals).extracting(sign -> sign.source)
                .containsExactly(DosingSession.Source.PATIENT, DosingSession.Source.CLINICIAN);
        assertThat(started.checkIns).extracting(checkIn -> checkIn.source)
                .containsExactly(DosingSession.Source.PATIENT, DosingSession.Source.CLINICIAN);
        assertThat(started.adverseEvents).extracting(event -> event.reportedBy).containsExactly(provider);
        assertThat(mongo.findById(later, DosingSession.class).status()).isEqualTo(DosingSession.Status.DEFERRED);
        DosingSession completed = mongo.findById(discharging, DosingSession.class);
        assertThat(completed.status()).isEqualTo(DosingSession.Status.COMPLETED);
        assertThat(completed.reflection.mood).isEqualTo(7);

        AccessMatrix.verifyCoverage(mapping, endpoints, Map.of(
                "GET /api/sessions", "a clinician's worklist across patients: the clinician themself (registered) or a"
                        + " coordinator; each patient listed is recorded in the audit trail",
                "GET /api/sessions/caller", "the caller's own token",
                "GET /api/sessions/admin/dead-letters", "operators (ADMIN): events that could not be handled",
                "POST /api/sessions/admin/dead-letters/{}/{}/{}/replay", "operators (ADMIN): an event handled again"));
    }
}
