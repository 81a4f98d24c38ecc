package care.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
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
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import care.contracts.scheduling.AppointmentBooked;
import care.contracts.scheduling.AppointmentKind;
import care.contracts.scheduling.TreatmentPlanCreated;
import care.contracts.session.SessionCompleted;
import care.integration.program.CarePath;
import care.integration.program.Program;
import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.kit.access.Permission;
import care.kit.test.AccessFixture;
import care.kit.test.AccessMatrix;
import care.kit.test.AccessMatrix.Caller;
import care.kit.test.AccessMatrix.Endpoint;
import care.kit.test.Api;
import care.kit.test.MatrixCallers;
import care.kit.test.ServiceIntegrationTest;
import care.kit.test.TestEvents;

/**
 * Every endpoint of the integration service that touches a patient's data, called by every kind of caller, answers
 * as the platform's access table says and leaves an audit record; every other endpoint is named with the reason
 * it touches no patient's data.
 */
@org.junit.jupiter.api.Tag("integration")
@ServiceIntegrationTest
class IntegrationAuthorizationMatrixTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    static TestEvents events;

    @LocalServerPort
    int port;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;


    @BeforeAll
    static void connect() {
        events = new TestEvents();
    }

    @AfterAll
    static void disconnect() {
        events.close();
    }

    /** Every patient endpoint; the coaching session recorded is {@code appointment}'s. */
    static List<Endpoint> endpoints(String patient, String appointment) {
        String base = "/api/integration/patients/" + patient;
        return List.of(
                Endpoint.post(base + "/journal-entries", "{\"text\":\"A quiet walk by the water\",\"mood\":6}",
                        Permission.JOURNAL_WRITE),
                Endpoint.get(base + "/journal-entries", Permission.JOURNAL_READ),
                Endpoint.get(base + "/prompts", Permission.PROGRESS_READ),
                Endpoint.get(base + "/progress", Permission.PROGRESS_READ),
                Endpoint.post(base + "/assessments", "{\"instrument\":\"GAD7\",\"answers\":[1,1,1,1,1,1,1]}",
                        Permission.MEASURE_SUBMIT),
                Endpoint.post(base + "/coaching-sessions", "{\"appointmentId\":\"" + appointment
                        + "\",\"notes\":\"Grounding practice\",\"durationMinutes\":40}", Permission.COACHING_RECORD),
                Endpoint.get(base + "/coaching-sessions", Permission.JOURNAL_READ));
    }

    @Test
    void everyPatientEndpointAnswersAsTheAccessTableSays() {
        AccessFixture access = new AccessFixture(events, mongo);
        String patient = UUID.randomUUID().toString();
        UUID plan = UUID.randomUUID();
        MatrixCallers callers = MatrixCallers.forPatient(access, patient, Instant.now(),
                Instant.now().plus(Duration.ofMinutes(60)), StaffRole.COACH);
        String responsible = callers.subject(Caller.RESPONSIBLE_CLINICIAN);
        String supervising = callers.subject(Caller.SUPERVISING_CLINICIAN);
        String coach = callers.subject(Caller.COACH);
        String booked = callers.subject(Caller.BOOKED_PROVIDER);

        // Two sessions done (the measures after session 2 are due), coaching booked with the care team's coach
        // and, for session 2, with another coach who is not on the team.
        events.publish(new TreatmentPlanCreated(UUID.randomUUID(), UUID.fromString(patient), Instant.now(), plan,
                UUID.randomUUID(), UUID.randomUUID(), UUID.fromString(responsible), 6));
        UUID appointment = UUID.randomUUID();
        for (int number = 1; number <= 2; number++) {
            events.publish(new SessionCompleted(UUID.randomUUID(), UUID.fromString(patient), Instant.now(),
                    UUID.randomUUID(), UUID.randomUUID(), plan, number, UUID.fromString(supervising), 120));
            Instant start = Instant.now().minus(Duration.ofHours(3 - number));
            events.publish(new AppointmentBooked(UUID.randomUUID(), UUID.fromString(patient), Instant.now(),
                    number == 1 ? appointment : UUID.randomUUID(), plan, null,
                    UUID.fromString(number == 1 ? coach : booked), AppointmentKind.INTEGRATION_COACHING, number, start,
                    start.plus(Duration.ofMinutes(45)), false));
        }
        Awaitility.await().atMost(WAIT).until(() -> {
            CarePath path = mongo.findById(patient, CarePath.class);
            return path != null && coach.equals(path.coachId().orElse(null)) && path.program().map(program ->
                    program.completedSessions() == 2 && program.coachingAppointments().size() == 2).orElse(false);
        });

        Map<Caller, String> subjects = callers.subjects();
        Map<Caller, String> tokens = callers.tokens();

        AccessMatrix matrix = new AccessMatrix(new Api(port), patient, tokens, subjects, mongo);
        endpoints(patient, appointment.toString()).forEach(matrix::check);
        matrix.verify("integration-service");

        // The changes allowed were made once each, by the one caller the table allows.
        Program program = mongo.findById(patient, CarePath.class).program().orElseThrow();
        assertThat(program.measures()).extracting(CarePath.Measure::recordedBy).containsExactly("user-" + patient);
        assertThat(program.coaching()).extracting(CarePath.CoachingRecord::coachId).containsExactly(coach);
        assertThat(Api.json(new Api(port).get("/api/integration/patients/" + patient + "/journal-entries",
                tokens.get(Caller.OWN_PATIENT))).size()).isEqualTo(1);
    }

    @Test
    void everyOtherApiEndpointTouchesNoPatientsData() {
        Map<String, String> others = new LinkedHashMap<>();
        others.put("GET /api/integration/content", "the content library: shared material, no patient's data");
        others.put("GET /api/integration/content/{}", "one item of the content library");
        others.put("POST /api/integration/content", "ADMIN adds to the content library");
        others.put("PUT /api/integration/content/{}", "ADMIN changes a library item");
        others.put("DELETE /api/integration/content/{}", "ADMIN retires a library item");
        others.put("GET /api/integration/caller", "the caller's own token");
        others.put("GET /api/integration/admin/dead-letters", "ADMIN: events that could not be handled (ids, codes)");
        others.put("POST /api/integration/admin/dead-letters/{}/{}/{}/replay", "ADMIN: replays a dead-lettered event");
        AccessMatrix.verifyCoverage(mappings, endpoints(UUID.randomUUID().toString(), UUID.randomUUID().toString()),
                others);
    }
}
