package care.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import care.contracts.intake.EligibilityApproved;
import care.contracts.intake.PatientRegistered;
import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.kit.access.Permission;
import care.kit.security.Role;
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
import care.kit.test.TestIssuer;

/**
 * Every scheduling endpoint that touches one patient's data, called by every kind of caller, answers as the
 * platform's access table says and leaves an audit record; every other endpoint is named with why it touches no
 * patient's data.
 */
@org.junit.jupiter.api.Tag("integration")
@ServiceIntegrationTest
@Import(MovableClockConfiguration.class)
class SchedulingAuthorizationMatrixTest {

    static final Duration WAIT = Duration.ofSeconds(30);
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

    final TestIssuer issuer = TestIssuer.get();

    @BeforeAll
    static void start() {
        events = new TestEvents();
    }

    @AfterAll
    static void stop() {
        events.close();
    }

    /** The fixture: a patient with a plan, a care team, and appointments with a clinician not on the team. */
    record Fixture(String patientId, String planId, String responsible, String booked, String appointment,
            String otherAppointment, Instant start) {
    }

    @Test
    void everyPatientEndpointAnswersAsTheAccessTableSays() {
        AccessFixture access = new AccessFixture(events, mongo);
        String patientId = UUID.randomUUID().toString();
        events.publish(new PatientRegistered(UUID.randomUUID(), UUID.fromString(patientId), clock.instant(),
                UUID.randomUUID(), "US-CA"));
        events.publish(new EligibilityApproved(UUID.randomUUID(), UUID.fromString(patientId), clock.instant(),
                UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 6, "1.0", List.of()));
        Awaitility.await().atMost(WAIT).until(() -> mongo.getCollection("plans")
                .countDocuments(Filters.eq("patientId", patientId)) == 1);
        String planId = mongo.getCollection("plans").find(Filters.eq("patientId", patientId)).first().getString("_id");

        MatrixCallers callers = MatrixCallers.forPatient(access, patientId, clock.instant(),
                clock.instant().plus(Duration.ofHours(1)), StaffRole.CLINICIAN);
        Map<Caller, String> subjects = callers.subjects();

        Map<Caller, String> tokens = callers.tokens();

        String booked = subjects.get(Caller.BOOKED_PROVIDER);
        String responsible = subjects.get(Caller.RESPONSIBLE_CLINICIAN);
        availability(booked);
        availability(responsible);
        Instant start = clock.instant().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(3)).plus(Duration.ofHours(10));
        String patientToken = tokens.get(Caller.OWN_PATIENT);
        String appointment = book(patientToken, patientId, booked, start, 1);
        String otherAppointment = book(patientToken, patientId, booked, start.plus(Duration.ofDays(7)), 2);
        Fixture fixture = new Fixture(patientId, planId, responsible, booked, appointment, otherAppointment, start);

        AccessMatrix matrix = new AccessMatrix(new Api(port), patientId, tokens, subjects, mongo);
        endpoints(fixture).forEach(matrix::check);
        matrix.verify("scheduling");
    }

    @Test
    void everyApiEndpointIsInTheMatrixOrTouchesNoPatientsData() {
        String id = UUID.randomUUID().toString();
        Fixture fixture = new Fixture(id, id, id, id, id, id, Instant.now());
        AccessMatrix.verifyCoverage(mapping, endpoints(fixture), Map.of(
                "PUT /api/scheduling/providers/{}/availability", "a provider's own weekly availability",
                "GET /api/scheduling/slots", "free time of registered providers, no appointment or patient in it",
                "GET /api/scheduling/caller", "the caller's own token",
                "GET /api/scheduling/admin/dead-letters", "operations (ADMIN): events that could not be handled",
                "POST /api/scheduling/admin/dead-letters/{}/{}/{}/replay", "operations (ADMIN): handle an event again"));
    }

    /**
     * The patient endpoints. {@code GET /appointments?providerId=} (same mapping as {@code ?patientId=}) is a
     * provider's own calendar, decided per listed patient (see CareTeamBookingIntegrationTest).
     */
    List<Endpoint> endpoints(Fixture fixture) {
        String patient = fixture.patientId();
        Instant start = fixture.start();
        String range = "&from=" + start.minus(Duration.ofDays(1)) + "&to=" + start.plus(Duration.ofDays(20));
        return List.of(
                Endpoint.get("/api/scheduling/patients/" + patient + "/plan", Permission.SCHEDULE_READ),
                Endpoint.get("/api/scheduling/appointments?patientId=" + patient + range, Permission.SCHEDULE_READ),
                // Staff of the care team book with themselves only: with the responsible clinician as the provider,
                // the supervising clinician and the coach are refused (403 book-as-yourself).
                Endpoint.post("/api/scheduling/appointments", "{\"patientId\":\"" + patient
                        + "\",\"type\":\"DOSING_SESSION\",\"providerId\":\"" + fixture.responsible() + "\",\"start\":\""
                        + start.plus(Duration.ofDays(17)) + "\",\"sessionNumber\":6}", Permission.APPOINTMENT_BOOK)
                        .deniedAnyway(Caller.SUPERVISING_CLINICIAN, Caller.COACH),
                Endpoint.post("/api/scheduling/appointments/" + fixture.appointment() + "/reschedule",
                        "{\"start\":\"" + start.plus(Duration.ofDays(1)) + "\"}", Permission.APPOINTMENT_CHANGE),
                Endpoint.post("/api/scheduling/appointments/" + fixture.otherAppointment() + "/cancel",
                        "{\"reason\":\"PATIENT_REQUEST\"}", Permission.APPOINTMENT_CHANGE)
                        .before(() -> mongo.getCollection("appointments").updateOne(
                                Filters.eq("_id", fixture.otherAppointment()), Updates.set("status", "BOOKED"))),
                Endpoint.post("/api/scheduling/appointments/" + fixture.appointment() + "/no-show", "",
                        Permission.APPOINTMENT_NO_SHOW),
                // Held for missed appointments before each call: the responsible clinician and an emergency access
                // resume it.
                Endpoint.post("/api/scheduling/patients/" + patient + "/plan/resume", "", Permission.PLAN_RESUME)
                        .before(() -> mongo.getCollection("plans").updateOne(Filters.eq("_id", fixture.planId()),
                                Updates.combine(Updates.set("status", "PAUSED"), Updates.set("holds", List.of(
                                        new Document("reason", "MISSED_APPOINTMENTS").append("since", new Date())
                                                .append("escalationIds", List.of())))))));
    }

    void availability(String providerId) {
        StringBuilder weekly = new StringBuilder();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")) {
            weekly.append(weekly.isEmpty() ? "" : ",").append("{\"day\":\"").append(day)
                    .append("\",\"start\":\"06:00\",\"end\":\"22:00\"}");
        }
        HttpResponse<String> put = new Api(port).put("/api/scheduling/providers/" + providerId + "/availability",
                issuer.token("matrix-coordinator", Role.COORDINATOR), "{\"timeZone\":\"Etc/UTC\",\"weekly\":[" + weekly
                        + "],\"appointmentTypes\":[\"DOSING_SESSION\"]}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    }

    String book(String token, String patientId, String providerId, Instant start, int session) {
        HttpResponse<String> booked = new Api(port).post("/api/scheduling/appointments", token, "{\"patientId\":\""
                + patientId + "\",\"type\":\"DOSING_SESSION\",\"providerId\":\"" + providerId + "\",\"start\":\""
                + start + "\",\"sessionNumber\":" + session + "}");
        assertThat(booked.statusCode()).as(booked.body()).isEqualTo(201);
        return Api.json(booked).path("appointmentId").asString();
    }
}
