package care.scheduling.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import com.mongodb.client.model.Filters;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import care.contracts.Topics;
import care.contracts.intake.EligibilityApproved;
import care.contracts.intake.PatientRegistered;
import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.kit.audit.AuditTrail;
import care.kit.security.Role;
import care.kit.test.AccessFixture;
import care.kit.test.Api;
import care.kit.test.MovableClock;
import care.kit.test.MovableClockConfiguration;
import care.kit.test.ServiceIntegrationTest;
import care.kit.test.TestEvents;
import care.kit.test.TestIssuer;
import care.kit.test.TopicRecorder;
import care.scheduling.plan.TreatmentPlan;
import tools.jackson.databind.JsonNode;

/**
 * Booking follows the care team and the staff directory: staff book only for patients whose care team they are
 * on, and only with themselves; every provider booked is registered for the appointment's role and, a clinician,
 * licensed where the patient receives care; only registered providers publish availability and are offered.
 */
@org.junit.jupiter.api.Tag("integration")
@ServiceIntegrationTest
@Import(MovableClockConfiguration.class)
class CareTeamBookingIntegrationTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static TopicRecorder recorder;
    static TestEvents events;

    @LocalServerPort
    int port;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    MovableClock clock;

    final TestIssuer issuer = TestIssuer.get();
    final String coordinator = issuer.token("coord-team", Role.COORDINATOR);
    AccessFixture access;

    @BeforeAll
    static void start() {
        recorder = new TopicRecorder(List.of(Topics.SCHEDULING_EVENTS));
        events = new TestEvents();
    }

    @AfterAll
    static void everyEventMatchesItsSchema() throws InterruptedException {
        recorder.close();
        events.close();
        recorder.assertEveryEventMatchesItsSchema(Topics.SCHEDULING_EVENTS);
    }

    @BeforeEach
    void staff() {
        access = new AccessFixture(events, mongo);
    }

    @Test
    void staffWhoPublishAvailabilityCannotBookForAPatientUntilOnTheirCareTeamAndThenOnlyWithThemselves() {
        UUID patient = approvedPatient("US-CA");
        String responsible = access.clinician("US-CA");
        access.team(patient.toString()).responsible(responsible).publish();
        String clinician = access.clinician("US-CA");
        availability(clinician, issuer.token(clinician, Role.CLINICIAN), "DOSING_SESSION");
        Instant first = dayAt10(3);
        String dosing = Api.json(expect(201, book(patientToken(patient), patient, "DOSING_SESSION", clinician, first, 1)))
                .path("appointmentId").asString();
        Instant coachingStart = first.plus(Duration.ofHours(27));

        // A registered coach off the team publishes availability, then tries to book the patient with themself.
        String intruder = access.coach();
        String intruderToken = issuer.token(intruder, Role.COACH);
        availability(intruder, intruderToken, "INTEGRATION_COACHING");
        HttpResponse<String> refused = book(intruderToken, patient, "INTEGRATION_COACHING", intruder, coachingStart, 1);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(type(refused)).isEqualTo("urn:care:problem:forbidden");
        // Nor may a clinician off the team, nor read the patient's schedule.
        String outsider = access.clinician("US-CA");
        String outsiderToken = issuer.token(outsider, Role.CLINICIAN);
        availability(outsider, outsiderToken, "DOSING_SESSION");
        assertThat(book(outsiderToken, patient, "DOSING_SESSION", outsider, dayAt10(6), 2).statusCode()).isEqualTo(403);
        assertThat(api().get("/api/scheduling/patients/" + patient + "/plan", intruderToken).statusCode()).isEqualTo(403);
        assertThat(coachingsOf(patient)).isEmpty();

        // Once the coordinator adds them as the patient's coach they book, with themselves only.
        String otherCoach = access.coach();
        availability(otherCoach, issuer.token(otherCoach, Role.COACH), "INTEGRATION_COACHING");
        access.team(patient.toString()).responsible(responsible).coach(intruder).publish();
        HttpResponse<String> forSomeoneElse = book(intruderToken, patient, "INTEGRATION_COACHING", otherCoach,
                coachingStart, 1);
        assertThat(forSomeoneElse.statusCode()).as(forSomeoneElse.body()).isEqualTo(403);
        assertThat(type(forSomeoneElse)).isEqualTo("urn:care:problem:book-as-yourself");
        HttpResponse<String> booked = book(intruderToken, patient, "INTEGRATION_COACHING", intruder, coachingStart, 1);
        assertThat(booked.statusCode()).as(booked.body()).isEqualTo(201);
        assertThat(Api.json(booked).path("providerId").asString()).isEqualTo(intruder);
        assertThat(coachingsOf(patient)).singleElement().extracting(Appointment::providerId).isEqualTo(intruder);
        // The responsible clinician books with themselves, not with another clinician.
        String responsibleToken = issuer.token(responsible, Role.CLINICIAN);
        availability(responsible, responsibleToken, "DOSING_SESSION");
        HttpResponse<String> withColleague = book(responsibleToken, patient, "DOSING_SESSION", clinician, dayAt10(6), 2);
        assertThat(type(withColleague)).isEqualTo("urn:care:problem:book-as-yourself");
        assertThat(book(responsibleToken, patient, "DOSING_SESSION", responsible, dayAt10(6), 2).statusCode())
                .isEqualTo(201);

        // A clinician booked with the patient reads their schedule, though not on the team; not once cancelled.
        String clinicianToken = issuer.token(clinician, Role.CLINICIAN);
        String schedule = "/api/scheduling/appointments?patientId=" + patient + "&from=" + dayAt10(1) + "&to="
                + dayAt10(20);
        assertThat(Api.json(expect(200, api().get(schedule, clinicianToken))).size()).isEqualTo(3);
        expect(200, api().get("/api/scheduling/patients/" + patient + "/plan", clinicianToken));
        // Removed from the team, the coach books no more, but stays the provider of their booked coaching.
        String coachingId = Api.json(booked).path("appointmentId").asString();
        access.team(patient.toString()).responsible(responsible).publish();
        assertThat(book(intruderToken, patient, "INTEGRATION_COACHING", intruder, coachingStart.plus(Duration.ofHours(2)),
                1).statusCode()).isEqualTo(403);
        expect(200, api().get(schedule, intruderToken));
        expect(200, api().post("/api/scheduling/appointments/" + coachingId + "/reschedule", intruderToken,
                "{\"start\":\"" + coachingStart.plus(Duration.ofHours(1)) + "\"}"));
        expect(200, api().post("/api/scheduling/appointments/" + dosing + "/cancel", patientToken(patient),
                "{\"reason\":\"PATIENT_REQUEST\"}"));
        assertThat(api().get(schedule, clinicianToken).statusCode()).isEqualTo(403);
        assertThat(api().get("/api/scheduling/patients/" + patient + "/plan", clinicianToken).statusCode())
                .isEqualTo(403);

        List<String> denied = auditEntries(patient, intruder, "DENIED");
        assertThat(denied).contains("APPOINTMENT_BOOK", "SCHEDULE_READ");
        assertThat(auditEntries(patient, outsider, "DENIED")).contains("APPOINTMENT_BOOK");
        assertThat(auditEntries(patient, intruder, "GRANTED")).contains("APPOINTMENT_BOOK", "APPOINTMENT_CHANGE");
    }

    @Test
    void everyProviderBookedIsRegisteredForTheAppointmentAndLicensedWhereThePatientIs() {
        UUID patient = approvedPatient("US-CA");
        String clinician = access.clinician("US-CA");
        availability(clinician, coordinator, "CONSULTATION", "DOSING_SESSION");
        String elsewhere = access.clinician("US-NY");
        availability(elsewhere, coordinator, "DOSING_SESSION");
        String coach = access.coach();
        availability(coach, coordinator, "INTEGRATION_COACHING");
        String token = patientToken(patient);

        HttpResponse<String> unlicensed = book(token, patient, "DOSING_SESSION", elsewhere, dayAt10(3), 1);
        assertThat(unlicensed.statusCode()).isEqualTo(422);
        assertThat(type(unlicensed)).isEqualTo("urn:care:problem:provider-not-licensed");
        HttpResponse<String> coachForDosing = book(token, patient, "DOSING_SESSION", coach, dayAt10(3), 1);
        assertThat(coachForDosing.statusCode()).isEqualTo(422);
        assertThat(type(coachForDosing)).isEqualTo("urn:care:problem:provider-not-registered");
        HttpResponse<String> nobody = book(token, patient, "DOSING_SESSION", UUID.randomUUID().toString(), dayAt10(3), 1);
        assertThat(type(nobody)).isEqualTo("urn:care:problem:provider-not-registered");
        String dosing = Api.json(expect(201, book(token, patient, "DOSING_SESSION", clinician, dayAt10(3), 1)))
                .path("appointmentId").asString();
        HttpResponse<String> clinicianForCoaching = book(coordinator, patient, "INTEGRATION_COACHING", clinician,
                dayAt10(3).plus(Duration.ofHours(27)), 1);
        assertThat(type(clinicianForCoaching)).isEqualTo("urn:care:problem:provider-not-registered");
        expect(201, book(coordinator, patient, "INTEGRATION_COACHING", coach, dayAt10(3).plus(Duration.ofHours(27)), 1));

        // Reschedules check again: the clinician now licensed elsewhere only, then no longer registered.
        access.register(clinician, List.of(StaffRole.CLINICIAN), List.of("US-NY"));
        HttpResponse<String> moved = api().post("/api/scheduling/appointments/" + dosing + "/reschedule", token,
                "{\"start\":\"" + dayAt10(4) + "\"}");
        assertThat(moved.statusCode()).isEqualTo(422);
        assertThat(type(moved)).isEqualTo("urn:care:problem:provider-not-licensed");
        access.deregister(clinician);
        assertThat(type(api().post("/api/scheduling/appointments/" + dosing + "/reschedule", token,
                "{\"start\":\"" + dayAt10(4) + "\"}"))).isEqualTo("urn:care:problem:provider-not-registered");
        assertThat(mongo.findById(dosing, Appointment.class).start()).isEqualTo(dayAt10(3));

        // Where the patient receives care must be known before a clinician is booked.
        UUID unknown = approvedPatient(null);
        HttpResponse<String> noJurisdiction = book(patientToken(unknown), unknown, "DOSING_SESSION", elsewhere,
                dayAt10(3), 1);
        assertThat(noJurisdiction.statusCode()).isEqualTo(422);
        assertThat(type(noJurisdiction)).isEqualTo("urn:care:problem:jurisdiction-unknown");
        events.publish(new PatientRegistered(UUID.randomUUID(), unknown, clock.instant(), UUID.randomUUID(), "US-NY"));
        Awaitility.await().atMost(WAIT).until(() -> book(patientToken(unknown), unknown, "DOSING_SESSION", elsewhere,
                dayAt10(3), 1).statusCode() == 201);
    }

    @Test
    void onlyRegisteredProvidersPublishAvailabilityAndAreOffered() {
        String clinician = access.clinician("US-CA");
        String coach = access.coach();
        String unregistered = UUID.randomUUID().toString();

        HttpResponse<String> notRegistered = availability(unregistered, coordinator, "DOSING_SESSION");
        assertThat(notRegistered.statusCode()).isEqualTo(422);
        assertThat(type(notRegistered)).isEqualTo("urn:care:problem:provider-not-registered");
        assertThat(type(availability(coach, coordinator, "DOSING_SESSION"))).isEqualTo("urn:care:problem:provider-not-registered");
        assertThat(type(availability(clinician, coordinator, "CONSULTATION", "INTEGRATION_COACHING")))
                .isEqualTo("urn:care:problem:provider-not-registered");
        HttpResponse<String> self = availability(unregistered, issuer.token(unregistered, Role.CLINICIAN), "DOSING_SESSION");
        assertThat(self.statusCode()).isEqualTo(403);
        assertThat(type(self)).isEqualTo("urn:care:problem:staff-not-registered");
        // A coach's id with a clinician's token is not a registered clinician.
        assertThat(type(availability(coach, issuer.token(coach, Role.CLINICIAN), "INTEGRATION_COACHING")))
                .isEqualTo("urn:care:problem:staff-not-registered");
        assertThat(mongo.exists(Query.query(Criteria.where("_id").in(unregistered, coach)),
                care.scheduling.provider.ProviderSchedule.class)).isFalse();

        expect(200, availability(clinician, issuer.token(clinician, Role.CLINICIAN), "DOSING_SESSION"));
        expect(200, availability(coach, issuer.token(coach, Role.COACH), "INTEGRATION_COACHING"));
        String slots = "/api/scheduling/slots?type=DOSING_SESSION&providerId=" + clinician + "&from=" + dayAt10(2)
                + "&to=" + dayAt10(3);
        assertThat(Api.json(expect(200, api().get(slots, issuer.patientToken("p", UUID.randomUUID().toString()))))
                .path("total").asInt()).isPositive();
        access.deregister(clinician);
        assertThat(Api.json(expect(200, api().get(slots, coordinator))).path("total").asInt()).isZero();
        assertThat(Api.json(expect(200, api().get("/api/scheduling/slots?type=INTEGRATION_COACHING&providerId=" + coach
                + "&from=" + dayAt10(2) + "&to=" + dayAt10(3), coordinator))).path("total").asInt()).isPositive();
        // A deregistered clinician no longer manages their availability.
        assertThat(availability(clinician, issuer.token(clinician, Role.CLINICIAN), "DOSING_SESSION").statusCode())
                .isEqualTo(403);
    }

    @Test
    void aProvidersCalendarIsTheirsAndEachPatientListedIsAccounted() {
        UUID patient = approvedPatient("US-CA");
        UUID otherPatient = approvedPatient("US-CA");
        String clinician = access.clinician("US-CA");
        availability(clinician, coordinator, "DOSING_SESSION");
        expect(201, book(patientToken(patient), patient, "DOSING_SESSION", clinician, dayAt10(3), 1));
        expect(201, book(patientToken(otherPatient), otherPatient, "DOSING_SESSION", clinician, dayAt10(4), 1));
        String calendar = "/api/scheduling/appointments?providerId=" + clinician + "&from=" + dayAt10(1) + "&to="
                + dayAt10(10);

        JsonNode own = Api.json(expect(200, api().get(calendar, issuer.token(clinician, Role.CLINICIAN))));
        assertThat(own).extracting(view -> view.path("patientId").asString())
                .containsExactlyInAnyOrder(patient.toString(), otherPatient.toString());
        assertThat(Api.json(expect(200, api().get(calendar, coordinator))).size()).isEqualTo(2);
        String colleague = access.clinician("US-CA");
        assertThat(api().get(calendar, issuer.token(colleague, Role.CLINICIAN)).statusCode()).isEqualTo(403);
        HttpResponse<String> unregistered = api().get(calendar, issuer.token(clinician, Role.COACH));
        assertThat(unregistered.statusCode()).isEqualTo(403);
        assertThat(type(unregistered)).isEqualTo("urn:care:problem:staff-not-registered");
        assertThat(api().get(calendar, issuer.patientToken("p", patient.toString())).statusCode()).isEqualTo(403);

        for (UUID listed : List.of(patient, otherPatient)) {
            assertThat(auditEntries(listed, clinician, "GRANTED")).contains("SCHEDULE_READ");
            assertThat(auditEntries(listed, "coord-team", "GRANTED")).contains("SCHEDULE_READ");
        }
        assertThat(mongo.getCollection(AuditTrail.COLLECTION).countDocuments(Filters.and(
                Filters.elemMatch("entries", Filters.eq("subject", colleague)),
                Filters.elemMatch("entries", Filters.eq("action", "scheduling.provider.appointments.read")))))
                .as("the refusal of someone else's calendar is recorded").isEqualTo(1);
    }

    // --- helpers ---

    Api api() {
        return new Api(port);
    }

    /** A patient with an approved plan of six sessions, registered in this jurisdiction (null: not told). */
    UUID approvedPatient(String jurisdiction) {
        UUID patient = UUID.randomUUID();
        if (jurisdiction != null) {
            events.publish(new PatientRegistered(UUID.randomUUID(), patient, clock.instant(), UUID.randomUUID(),
                    jurisdiction));
        }
        events.publish(new EligibilityApproved(UUID.randomUUID(), patient, clock.instant(), UUID.randomUUID(),
                UUID.randomUUID(), UUID.randomUUID(), 6, "1.0", List.of()));
        Awaitility.await().atMost(WAIT).until(() -> mongo.exists(Query.query(Criteria.where("patientId")
                .is(patient.toString())), TreatmentPlan.class));
        return patient;
    }

    String patientToken(UUID patient) {
        return issuer.patientToken("p-" + patient, patient.toString());
    }

    /** Every day 06:00–22:00 UTC for these appointment types, put by {@code token}. */
    HttpResponse<String> availability(String providerId, String token, String... kinds) {
        StringBuilder weekly = new StringBuilder();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")) {
            weekly.append(weekly.isEmpty() ? "" : ",").append("{\"day\":\"").append(day)
                    .append("\",\"start\":\"06:00\",\"end\":\"22:00\"}");
        }
        return api().put("/api/scheduling/providers/" + providerId + "/availability", token,
                "{\"timeZone\":\"Etc/UTC\",\"weekly\":[" + weekly + "],\"appointmentTypes\":[\""
                        + String.join("\",\"", kinds) + "\"]}");
    }

    HttpResponse<String> book(String token, UUID patient, String type, String provider, Instant start, Integer session) {
        return api().post("/api/scheduling/appointments", token, "{\"patientId\":\"" + patient + "\",\"type\":\"" + type
                + "\",\"providerId\":\"" + provider + "\",\"start\":\"" + start + "\""
                + (session == null ? "" : ",\"sessionNumber\":" + session) + "}");
    }

    Instant dayAt10(int daysAhead) {
        return clock.instant().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(daysAhead)).plus(Duration.ofHours(10));
    }

    List<Appointment> coachingsOf(UUID patient) {
        return mongo.find(Query.query(Criteria.where("patientId").is(patient.toString()).and("kind")
                .is("INTEGRATION_COACHING")), Appointment.class);
    }

    /** The permissions of this subject's audit entries about the patient with this outcome. */
    List<String> auditEntries(UUID patient, String subject, String outcome) {
        return mongo.getCollection(AuditTrail.COLLECTION).find(Filters.elemMatch("entries", Filters.and(
                Filters.eq("patientId", patient.toString()), Filters.eq("subject", subject)))).into(new java.util.ArrayList<>())
                .stream().flatMap(record -> record.getList("entries", Document.class).stream())
                .filter(entry -> patient.toString().equals(entry.getString("patientId"))
                        && subject.equals(entry.getString("subject")) && outcome.equals(entry.getString("outcome")))
                .map(entry -> entry.getString("permission")).toList();
    }

    static HttpResponse<String> expect(int status, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response;
    }

    static String type(HttpResponse<String> response) {
        return Api.json(response).path("type").asString();
    }
}
