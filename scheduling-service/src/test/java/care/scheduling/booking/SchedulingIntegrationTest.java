package care.scheduling.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
import care.contracts.intake.ConsultationRequested;
import care.contracts.intake.EligibilityApproved;
import care.contracts.intake.EligibilityDeclined;
import care.contracts.intake.PatientRegistered;
import care.contracts.session.AdverseEventReported;
import care.contracts.session.BloodPressure;
import care.contracts.session.SessionCompleted;
import care.contracts.session.SessionDeferred;
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
import care.scheduling.plan.TreatmentPlan;
import tools.jackson.databind.JsonNode;

/** Plans from intake's events, booking rules, and no double booking, on the real broker and store. */
@org.junit.jupiter.api.Tag("integration")
@ServiceIntegrationTest
@Import(MovableClockConfiguration.class)
class SchedulingIntegrationTest {

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
    final String coordinator = issuer.token("coord-1", Role.COORDINATOR);
    AccessFixture access;

    @BeforeAll
    static void start() {
        recorder = new TopicRecorder(List.of(Topics.SCHEDULING_EVENTS));
        events = new TestEvents();
    }

    @BeforeEach
    void staff() {
        access = new AccessFixture(events, mongo);
    }

    @AfterAll
    static void everyEventMatchesItsSchema() throws InterruptedException {
        recorder.close();
        events.close();
        recorder.assertEveryEventMatchesItsSchema(Topics.SCHEDULING_EVENTS);
    }

    Api api() {
        return new Api(port);
    }

    /** A registered clinician, licensed in US-CA, available every day 06:00–22:00 UTC for consultations and dosing. */
    String provider() {
        String id = access.clinician("US-CA");
        StringBuilder weekly = new StringBuilder();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")) {
            weekly.append(weekly.isEmpty() ? "" : ",").append("{\"day\":\"").append(day)
                    .append("\",\"start\":\"06:00\",\"end\":\"22:00\"}");
        }
        HttpResponse<String> put = api().put("/api/scheduling/providers/" + id + "/availability", coordinator,
                "{\"timeZone\":\"Etc/UTC\",\"weekly\":[" + weekly + "],\"appointmentTypes\":[\"CONSULTATION\",\"DOSING_SESSION\"]}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        return id;
    }

    /** A patient of US-CA with an approved plan of six sessions. */
    UUID approvedPatient() {
        UUID patient = UUID.randomUUID();
        events.publish(new PatientRegistered(UUID.randomUUID(), patient, Instant.now(), UUID.randomUUID(), "US-CA"));
        events.publish(new EligibilityApproved(UUID.randomUUID(), patient, Instant.now(), UUID.randomUUID(),
                UUID.randomUUID(), UUID.randomUUID(), 6, "1.0", List.of()));
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> mongo.exists(
                Query.query(Criteria.where("patientId").is(patient.toString())), TreatmentPlan.class));
        return patient;
    }

    TreatmentPlan storedPlan(UUID planId) {
        return mongo.findById(planId.toString(), TreatmentPlan.class);
    }

    /** 10:00 UTC, at least two days from (test) now. */
    Instant dayAt10(int daysAhead) {
        return clock.instant().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(daysAhead)).plus(Duration.ofHours(10));
    }

    HttpResponse<String> book(UUID patient, String type, String provider, Instant start, Integer session, String key) {
        String body = "{\"patientId\":\"" + patient + "\",\"type\":\"" + type + "\",\"providerId\":\"" + provider
                + "\",\"start\":\"" + start + "\"" + (session == null ? "" : ",\"sessionNumber\":" + session) + "}";
        String token = issuer.patientToken("user-" + patient, patient.toString());
        return key == null ? api().post("/api/scheduling/appointments", token, body)
                : api().postWithHeaders("/api/scheduling/appointments", token, java.util.Map.of("Idempotency-Key", key), body);
    }

    @Test
    void anApprovalCreatesOnePlanHoweverOftenItArrives() {
        UUID patient = UUID.randomUUID();
        UUID consultation = UUID.randomUUID();
        EligibilityApproved approved = new EligibilityApproved(UUID.randomUUID(), patient, Instant.now(), consultation,
                UUID.randomUUID(), UUID.randomUUID(), 5, "1.0", List.of());
        events.publish(approved);
        events.publish(approved);
        events.publish(new EligibilityApproved(UUID.randomUUID(), patient, Instant.now(), consultation,
                approved.clinicianId(), approved.programId(), 5, "1.0", List.of()));
        List<Received> created = recorder.await(r -> patient.toString().equals(r.key())
                && "care.scheduling.TreatmentPlanCreated.v1".equals(r.type()), 1, WAIT);
        org.awaitility.Awaitility.await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true);
        assertThat(recorder.matching(r -> patient.toString().equals(r.key())
                && "care.scheduling.TreatmentPlanCreated.v1".equals(r.type()))).hasSize(1);
        assertThat(created.getFirst().value()).contains("\"plannedSessions\":5");
        JsonNode plan = Api.json(api().get("/api/scheduling/patients/" + patient + "/plan",
                issuer.patientToken("u", patient.toString())));
        assertThat(plan.path("sessions").size()).isEqualTo(5);
        assertThat(plan.path("sessions").get(0).path("status").asString()).isEqualTo("UNSCHEDULED");
        assertThat(api().get("/api/scheduling/patients/" + UUID.randomUUID() + "/plan", coordinator).statusCode())
                .isEqualTo(404);
    }

    @Test
    void aDeclineIsFinalEvenWhenTheRequestArrivesLate() {
        UUID patient = UUID.randomUUID();
        UUID consultation = UUID.randomUUID();
        events.publish(new EligibilityDeclined(UUID.randomUUID(), patient, Instant.now(), consultation, UUID.randomUUID(),
                "1.0", List.of(EligibilityDeclined.Reason.CLINICAL_JUDGEMENT), List.of(), EligibilityDeclined.Referral.NONE));
        events.publish(new ConsultationRequested(UUID.randomUUID(), patient, Instant.now(), consultation,
                UUID.randomUUID(), "US-CA"));
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> mongo.exists(Query.query(Criteria.where("patientId")
                .is(patient.toString()).and("status").is("DECLINED")), care.scheduling.plan.ConsultationTrack.class));
        org.awaitility.Awaitility.await().pollDelay(Duration.ofMillis(700)).atMost(WAIT).until(() -> true);
        HttpResponse<String> refused = book(patient, "CONSULTATION", provider(), dayAt10(3), null, null);
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(Api.json(refused).path("type").asString()).isEqualTo("urn:care:problem:consultation-not-requested");
    }

    @Test
    void dosingSessionsFollowThePacingRules() {
        UUID patient = approvedPatient();
        String provider = provider();
        Instant first = dayAt10(3);
        assertThat(book(patient, "DOSING_SESSION", provider, first, 1, null).statusCode()).isEqualTo(201);

        HttpResponse<String> tooSoon = book(patient, "DOSING_SESSION", provider, first.plus(Duration.ofHours(48)).minusSeconds(300), 2, null);
        assertThat(tooSoon.statusCode()).isEqualTo(422);
        assertThat(Api.json(tooSoon).path("type").asString()).isEqualTo("urn:care:problem:minimum-gap-between-dosing");
        HttpResponse<String> second = book(patient, "DOSING_SESSION", provider, first.plus(Duration.ofHours(48)), 2, null);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(201);

        HttpResponse<String> third = book(patient, "DOSING_SESSION", provider, first.plus(Duration.ofHours(96)), 3, null);
        assertThat(third.statusCode()).isEqualTo(422);
        assertThat(Api.json(third).path("type").asString()).isEqualTo("urn:care:problem:dosing-per-week-cap");
        HttpResponse<String> outOfOrder = book(patient, "DOSING_SESSION", provider, first.minus(Duration.ofHours(72)).plus(Duration.ofDays(1)), 4, null);
        assertThat(outOfOrder.statusCode()).isEqualTo(422);
        assertThat(book(patient, "DOSING_SESSION", provider, first.plus(Duration.ofDays(7)), 3, null).statusCode())
                .isEqualTo(201);
        HttpResponse<String> sameSession = book(patient, "DOSING_SESSION", provider(), first.plus(Duration.ofDays(10)), 3, null);
        assertThat(sameSession.statusCode()).isIn(409, 422);

        JsonNode plan = Api.json(api().get("/api/scheduling/patients/" + patient + "/plan", coordinator));
        assertThat(plan.path("sessions").get(0).path("status").asString()).isEqualTo("SCHEDULED");
        assertThat(plan.path("sessions").get(3).path("status").asString()).isEqualTo("UNSCHEDULED");
        assertThat(recorder.await(r -> patient.toString().equals(r.key())
                && "care.scheduling.AppointmentBooked.v1".equals(r.type()), 3, WAIT)).hasSize(3);
    }

    @Test
    void fiftySimultaneousBookingsOfOneSlotAndOfOverlappingSlotsMakeExactlyOneBookingEach() throws Exception {
        String provider = provider();
        List<UUID> patients = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            UUID patient = UUID.randomUUID();
            patients.add(patient);
            events.publish(new ConsultationRequested(UUID.randomUUID(), patient, Instant.now(), UUID.randomUUID(),
                    UUID.randomUUID(), "US-CA"));
        }
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> mongo.count(Query.query(Criteria.where("patientId")
                .in(patients.stream().map(UUID::toString).toList())), care.scheduling.plan.ConsultationTrack.class) == 100);

        Instant slot = dayAt10(4);
        assertThat(race(patients.subList(0, 50), provider, i -> slot)).containsExactlyInAnyOrder(statuses(1, 49));
        // Ten different starts, 5 minutes apart: each 45-minute consultation plus buffer overlaps all others.
        Instant other = dayAt10(5);
        assertThat(race(patients.subList(50, 100), provider, i -> other.plus(Duration.ofMinutes(5L * (i % 10)))))
                .containsExactlyInAnyOrder(statuses(1, 49));
        assertThat(mongo.count(Query.query(Criteria.where("providerId").is(provider).and("status").is("BOOKED")),
                Appointment.class)).isEqualTo(2);
    }

    private List<Integer> race(List<UUID> patients, String provider, java.util.function.IntFunction<Instant> start)
            throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(patients.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < patients.size(); i++) {
            int index = i;
            results.add(threads.submit(() -> {
                go.await();
                return book(patients.get(index), "CONSULTATION", provider, start.apply(index), null, null).statusCode();
            }));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> result : results) {
            statuses.add(result.get());
        }
        threads.shutdown();
        return statuses;
    }

    private static Integer[] statuses(int created, int conflicts) {
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < created; i++) {
            expected.add(201);
        }
        for (int i = 0; i < conflicts; i++) {
            expected.add(409);
        }
        return expected.toArray(Integer[]::new);
    }

    @Test
    void aRetriedRequestWithTheSameIdempotencyKeyReturnsTheFirstResult() {
        UUID patient = approvedPatient();
        String provider = provider();
        HttpResponse<String> first = book(patient, "DOSING_SESSION", provider, dayAt10(3), 1, "key-1");
        HttpResponse<String> retried = book(patient, "DOSING_SESSION", provider, dayAt10(3), 1, "key-1");
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(retried.statusCode()).isEqualTo(201);
        assertThat(Api.json(retried).path("appointmentId")).isEqualTo(Api.json(first).path("appointmentId"));
        HttpResponse<String> otherBooking = book(patient, "DOSING_SESSION", provider, dayAt10(10), 2, "key-1");
        assertThat(otherBooking.statusCode()).isEqualTo(422);
        assertThat(Api.json(otherBooking).path("type").asString()).isEqualTo("urn:care:problem:idempotency-key-reused");
    }

    @Test
    void cancellingFreesTheSlotAndReschedulingRechecksTheRules() {
        UUID patient = approvedPatient();
        String provider = provider();
        String appointment = Api.json(book(patient, "DOSING_SESSION", provider, dayAt10(3), 1, null)).path("appointmentId").asString();
        String token = issuer.patientToken("u", patient.toString());
        HttpResponse<String> moved = api().post("/api/scheduling/appointments/" + appointment + "/reschedule", token,
                "{\"start\":\"" + dayAt10(4) + "\"}");
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        assertThat(Api.json(moved).path("start").asString()).isEqualTo(dayAt10(4).toString());
        HttpResponse<String> offHours = api().post("/api/scheduling/appointments/" + appointment + "/reschedule", token,
                "{\"start\":\"" + dayAt10(5).plus(Duration.ofHours(11)) + "\"}");
        assertThat(offHours.statusCode()).isEqualTo(422);
        assertThat(Api.json(offHours).path("type").asString()).isEqualTo("urn:care:problem:outside-availability");
        assertThat(api().post("/api/scheduling/appointments/" + appointment + "/cancel",
                issuer.patientToken("x", UUID.randomUUID().toString()), "{\"reason\":\"PATIENT_REQUEST\"}").statusCode())
                .isEqualTo(404);
        HttpResponse<String> cancelled = api().post("/api/scheduling/appointments/" + appointment + "/cancel", token,
                "{\"reason\":\"PATIENT_REQUEST\"}");
        assertThat(Api.json(cancelled).path("status").asString()).isEqualTo("CANCELLED");
        UUID other = approvedPatient();
        assertThat(book(other, "DOSING_SESSION", provider, dayAt10(4), 1, null).statusCode()).isEqualTo(201);
        recorder.await(r -> patient.toString().equals(r.key()) && "care.scheduling.AppointmentCancelled.v1".equals(r.type()), 1, WAIT);
        recorder.await(r -> patient.toString().equals(r.key()) && "care.scheduling.AppointmentRescheduled.v1".equals(r.type()), 1, WAIT);
    }

    @Test
    void twoNoShowsPauseThePlanUntilAClinicianResumesIt() {
        UUID patient = approvedPatient();
        String provider = provider();
        String first = Api.json(book(patient, "DOSING_SESSION", provider, dayAt10(3), 1, null)).path("appointmentId").asString();
        String second = Api.json(book(patient, "DOSING_SESSION", provider, dayAt10(10), 2, null)).path("appointmentId").asString();
        String providerToken = issuer.token(provider, Role.CLINICIAN);
        assertThat(api().post("/api/scheduling/appointments/" + first + "/no-show", providerToken, "").statusCode())
                .isEqualTo(422);
        clock.advance(Duration.ofDays(11));
        assertThat(api().post("/api/scheduling/appointments/" + first + "/no-show", providerToken, "").statusCode()).isEqualTo(200);
        assertThat(api().post("/api/scheduling/appointments/" + second + "/no-show", providerToken, "").statusCode()).isEqualTo(200);
        JsonNode plan = Api.json(api().get("/api/scheduling/patients/" + patient + "/plan", coordinator));
        assertThat(plan.path("status").asString()).isEqualTo("PAUSED");
        HttpResponse<String> blocked = book(patient, "DOSING_SESSION", provider, dayAt10(3), 1, null);
        assertThat(Api.json(blocked).path("type").asString()).isEqualTo("urn:care:problem:plan-not-active");
        recorder.await(r -> patient.toString().equals(r.key()) && "care.scheduling.TreatmentPlanPaused.v1".equals(r.type()), 1, WAIT);

        // Only the care team's responsible clinician (or an emergency access) resumes: not a coordinator, nor the
        // clinician the missed sessions were booked with.
        String responsible = access.clinician("US-CA");
        access.team(patient.toString()).responsible(responsible).publish();
        assertThat(api().post("/api/scheduling/patients/" + patient + "/plan/resume", coordinator, "").statusCode()).isEqualTo(403);
        assertThat(api().post("/api/scheduling/patients/" + patient + "/plan/resume", providerToken, "").statusCode())
                .isEqualTo(403);
        HttpResponse<String> resumed = api().post("/api/scheduling/patients/" + patient + "/plan/resume",
                issuer.token(responsible, Role.CLINICIAN), "");
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        assertThat(Api.json(resumed).path("status").asString()).isEqualTo("ACTIVE");
        assertThat(book(patient, "DOSING_SESSION", provider, dayAt10(3), 1, null).statusCode()).isEqualTo(201);
        recorder.await(r -> patient.toString().equals(r.key()) && "care.scheduling.TreatmentPlanResumed.v1".equals(r.type()), 1, WAIT);
    }

    @Test
    void thePlanCompletesWhenItsLastSessionIsFulfilled() {
        UUID patient = UUID.randomUUID();
        UUID consultation = UUID.randomUUID();
        events.publish(new EligibilityApproved(UUID.randomUUID(), patient, Instant.now(), consultation,
                UUID.randomUUID(), UUID.randomUUID(), 4, "1.0", List.of()));
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> mongo.exists(
                Query.query(Criteria.where("patientId").is(patient.toString())), TreatmentPlan.class));
        String planId = Api.json(api().get("/api/scheduling/patients/" + patient + "/plan", coordinator))
                .path("planId").asString();
        for (int number = 1; number <= 4; number++) {
            care.contracts.session.SessionCompleted completed = new care.contracts.session.SessionCompleted(
                    UUID.randomUUID(), patient, Instant.now(), UUID.randomUUID(), UUID.randomUUID(),
                    UUID.fromString(planId), number, UUID.randomUUID(), 125);
            events.publish(completed);
            events.publish(completed);
        }
        Received completed = recorder.await(r -> patient.toString().equals(r.key())
                && "care.scheduling.TreatmentPlanCompleted.v1".equals(r.type()), 1, WAIT).getFirst();
        assertThat(completed.value()).contains("\"completedSessions\":4", "ALL_SESSIONS_COMPLETED");
        JsonNode plan = Api.json(api().get("/api/scheduling/patients/" + patient + "/plan", coordinator));
        assertThat(plan.path("status").asString()).isEqualTo("COMPLETED");
        assertThat(plan.path("sessions").get(3).path("status").asString()).isEqualTo("FULFILLED");
    }

    @Test
    void aDeferredSessionIsCancelledAndItsNumberCanBeBookedAgainWithinThePacingRules() {
        UUID patient = approvedPatient();
        String provider = provider();
        Instant first = dayAt10(3);
        String firstAppointment = Api.json(book(patient, "DOSING_SESSION", provider, first, 1, null))
                .path("appointmentId").asString();
        String deferredAppointment = Api.json(book(patient, "DOSING_SESSION", provider, dayAt10(10), 2, null))
                .path("appointmentId").asString();
        UUID planId = UUID.fromString(Api.json(api().get("/api/scheduling/patients/" + patient + "/plan", coordinator))
                .path("planId").asString());

        SessionDeferred deferred = new SessionDeferred(UUID.randomUUID(), patient, Instant.now(), UUID.randomUUID(),
                UUID.fromString(deferredAppointment), planId, 2, SessionDeferred.Reason.BLOOD_PRESSURE_ABOVE_LIMIT,
                new BloodPressure(172, 104));
        events.publish(deferred);
        events.publish(deferred);
        // Session 1 took place; handled after both deliveries above (same patient, same partition).
        events.publish(new SessionCompleted(UUID.randomUUID(), patient, Instant.now(), UUID.randomUUID(),
                UUID.fromString(firstAppointment), planId, 1, UUID.randomUUID(), 125));
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> mongo.findById(firstAppointment, Appointment.class)
                .status() == Appointment.Status.FULFILLED);

        Received cancelled = recorder.await(r -> patient.toString().equals(r.key())
                && "care.scheduling.AppointmentCancelled.v1".equals(r.type()), 1, WAIT).getFirst();
        assertThat(cancelled.value()).contains(deferredAppointment, "\"reason\":\"SESSION_DEFERRED\"",
                "\"initiatedBy\":\"SYSTEM\"");
        assertThat(mongo.findById(deferredAppointment, Appointment.class).status()).isEqualTo(Appointment.Status.CANCELLED);
        JsonNode plan = Api.json(api().get("/api/scheduling/patients/" + patient + "/plan", coordinator));
        assertThat(plan.path("sessions").get(0).path("status").asString()).isEqualTo("FULFILLED");
        assertThat(plan.path("sessions").get(1).path("status").asString()).isEqualTo("UNSCHEDULED");

        HttpResponse<String> tooSoon = book(patient, "DOSING_SESSION", provider, first.plus(Duration.ofHours(48))
                .minusSeconds(300), 2, null);
        assertThat(tooSoon.statusCode()).as(tooSoon.body()).isEqualTo(422);
        assertThat(Api.json(tooSoon).path("type").asString()).isEqualTo("urn:care:problem:minimum-gap-between-dosing");
        HttpResponse<String> rebooked = book(patient, "DOSING_SESSION", provider, first.plus(Duration.ofHours(48)), 2, null);
        assertThat(rebooked.statusCode()).as(rebooked.body()).isEqualTo(201);
        assertThat(Api.json(api().get("/api/scheduling/patients/" + patient + "/plan", coordinator))
                .path("sessions").get(1).path("status").asString()).isEqualTo("SCHEDULED");

        org.awaitility.Awaitility.await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true);
        assertThat(recorder.matching(r -> patient.toString().equals(r.key())
                && "care.scheduling.AppointmentCancelled.v1".equals(r.type()))).hasSize(1);
    }

    @Test
    void aSevereAdverseEventPausesThePlanUntilAClinicianResumesIt() {
        UUID patient = approvedPatient();
        UUID otherPatient = approvedPatient();
        String provider = provider();
        UUID planId = UUID.fromString(Api.json(api().get("/api/scheduling/patients/" + patient + "/plan", coordinator))
                .path("planId").asString());
        UUID otherPlanId = UUID.fromString(Api.json(api().get("/api/scheduling/patients/" + otherPatient + "/plan",
                coordinator)).path("planId").asString());

        AdverseEventReported severe = new AdverseEventReported(UUID.randomUUID(), patient, Instant.now(),
                UUID.randomUUID(), UUID.randomUUID(), planId, UUID.randomUUID(), AdverseEventReported.Severity.SEVERE,
                AdverseEventReported.Category.RESPIRATORY_DEPRESSION, null);
        events.publish(severe);
        events.publish(severe);
        events.publish(new AdverseEventReported(UUID.randomUUID(), otherPatient, Instant.now(), UUID.randomUUID(),
                UUID.randomUUID(), otherPlanId, UUID.randomUUID(), AdverseEventReported.Severity.MODERATE,
                AdverseEventReported.Category.BLOOD_PRESSURE_RISE, new BloodPressure(165, 98)));
        // Handled after the events above (same patient, same partition): once it shows, they were handled.
        for (UUID[] marker : List.of(new UUID[] {patient, planId}, new UUID[] {otherPatient, otherPlanId})) {
            events.publish(new SessionCompleted(UUID.randomUUID(), marker[0], Instant.now(), UUID.randomUUID(),
                    UUID.randomUUID(), marker[1], 1, UUID.randomUUID(), 125));
        }
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> storedPlan(planId).fulfilledSessions().contains(1)
                && storedPlan(otherPlanId).fulfilledSessions().contains(1));

        Received paused = recorder.await(r -> patient.toString().equals(r.key())
                && "care.scheduling.TreatmentPlanPaused.v1".equals(r.type()), 1, WAIT).getFirst();
        assertThat(paused.value()).contains("\"reason\":\"SEVERE_ADVERSE_EVENT\"", "\"clinicianId\":null");
        JsonNode plan = Api.json(api().get("/api/scheduling/patients/" + patient + "/plan", coordinator));
        assertThat(plan.path("status").asString()).isEqualTo("PAUSED");
        HttpResponse<String> blocked = book(patient, "DOSING_SESSION", provider, dayAt10(3), 2, null);
        assertThat(blocked.statusCode()).isEqualTo(422);
        assertThat(Api.json(blocked).path("type").asString()).isEqualTo("urn:care:problem:plan-not-active");

        assertThat(Api.json(api().get("/api/scheduling/patients/" + otherPatient + "/plan", coordinator))
                .path("status").asString()).isEqualTo("ACTIVE");
        assertThat(book(otherPatient, "DOSING_SESSION", provider, dayAt10(4), 2, null).statusCode()).isEqualTo(201);

        String responsible = access.clinician("US-CA");
        access.team(patient.toString()).responsible(responsible).publish();
        HttpResponse<String> resumed = api().post("/api/scheduling/patients/" + patient + "/plan/resume",
                issuer.token(responsible, Role.CLINICIAN), "{\"rationale\":\"Reviewed the session record; dose reduced\"}");
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        assertThat(Api.json(resumed).path("status").asString()).isEqualTo("ACTIVE");
        assertThat(book(patient, "DOSING_SESSION", provider, dayAt10(3), 2, null).statusCode()).isEqualTo(201);

        recorder.await(r -> patient.toString().equals(r.key())
                && "care.scheduling.TreatmentPlanResumed.v1".equals(r.type()), 1, WAIT);
        assertThat(recorder.matching(r -> patient.toString().equals(r.key())
                && "care.scheduling.TreatmentPlanPaused.v1".equals(r.type()))).hasSize(1);
        assertThat(recorder.matching(r -> otherPatient.toString().equals(r.key())
                && "care.scheduling.TreatmentPlanPaused.v1".equals(r.type()))).isEmpty();
    }

    @Test
    void aCompletedSessionFulfilsItsAppointment() {
        UUID patient = approvedPatient();
        String provider = provider();
        String appointment = Api.json(book(patient, "DOSING_SESSION", provider, dayAt10(3), 1, null))
                .path("appointmentId").asString();
        UUID planId = UUID.fromString(Api.json(api().get("/api/scheduling/patients/" + patient + "/plan", coordinator))
                .path("planId").asString());
        SessionCompleted completed = new SessionCompleted(UUID.randomUUID(), patient, Instant.now(), UUID.randomUUID(),
                UUID.fromString(appointment), planId, 1, UUID.randomUUID(), 130);
        events.publish(completed);
        events.publish(completed);
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> mongo.findById(appointment, Appointment.class)
                .status() == Appointment.Status.FULFILLED);

        JsonNode found = Api.json(api().get("/api/scheduling/appointments?patientId=" + patient + "&from=" + dayAt10(1)
                + "&to=" + dayAt10(20), issuer.patientToken("p", patient.toString())));
        assertThat(found.size()).isEqualTo(1);
        assertThat(found.get(0).path("status").asString()).isEqualTo("FULFILLED");
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> "FULFILLED".equals(Api.json(api().get(
                "/api/scheduling/patients/" + patient + "/plan", coordinator)).path("sessions").get(0).path("status")
                .asString()));
        HttpResponse<String> cancel = api().post("/api/scheduling/appointments/" + appointment + "/cancel", coordinator,
                "{\"reason\":\"PATIENT_REQUEST\"}");
        assertThat(cancel.statusCode()).isEqualTo(409);
        assertThat(book(patient, "DOSING_SESSION", provider(), dayAt10(5), 1, null).statusCode()).isEqualTo(409);
        assertThat(recorder.matching(r -> patient.toString().equals(r.key())
                && "care.scheduling.AppointmentCancelled.v1".equals(r.type()))).isEmpty();
    }

    @Test
    void everyoneActsOnlyOnWhatIsTheirs() {
        UUID patient = approvedPatient();
        String provider = provider();
        String otherProvider = issuer.token(access.clinician("US-CA"), Role.CLINICIAN);
        String unregistered = issuer.token(UUID.randomUUID().toString(), Role.CLINICIAN);
        for (String someoneElse : List.of(otherProvider, unregistered)) {
            assertThat(api().put("/api/scheduling/providers/" + provider + "/availability", someoneElse,
                    "{\"timeZone\":\"Etc/UTC\",\"weekly\":[],\"appointmentTypes\":[\"CONSULTATION\"]}").statusCode())
                    .isEqualTo(403);
        }
        // Another patient learns nothing: the same 404 as for a patient who does not exist.
        String stranger = issuer.patientToken("s", UUID.randomUUID().toString());
        assertThat(api().post("/api/scheduling/appointments", stranger, "{\"patientId\":\"" + patient
                + "\",\"type\":\"DOSING_SESSION\",\"providerId\":\"" + provider + "\",\"start\":\"" + dayAt10(3)
                + "\",\"sessionNumber\":1}").statusCode()).isEqualTo(404);
        assertThat(api().get("/api/scheduling/patients/" + patient + "/plan", stranger).statusCode()).isEqualTo(404);
        assertThat(api().get("/api/scheduling/appointments?patientId=" + patient + "&from=" + dayAt10(1) + "&to="
                + dayAt10(20), stranger).statusCode()).isEqualTo(404);
        String appointment = Api.json(book(patient, "DOSING_SESSION", provider, dayAt10(3), 1, null)).path("appointmentId").asString();
        assertThat(api().post("/api/scheduling/appointments/" + appointment + "/cancel", stranger,
                "{\"reason\":\"PATIENT_REQUEST\"}").statusCode()).isEqualTo(404);
        // A patient does not record their own no-show; a clinician it is not booked with, or an unregistered one,
        // does not cancel it.
        assertThat(api().post("/api/scheduling/appointments/" + appointment + "/no-show",
                issuer.patientToken("p", patient.toString()), "").statusCode()).isEqualTo(403);
        for (String someoneElse : List.of(otherProvider, unregistered)) {
            assertThat(api().post("/api/scheduling/appointments/" + appointment + "/cancel", someoneElse,
                    "{\"reason\":\"PROVIDER_UNAVAILABLE\"}").statusCode()).isEqualTo(403);
        }
        assertThat(mongo.findById(appointment, Appointment.class).status()).isEqualTo(Appointment.Status.BOOKED);
        JsonNode mine = Api.json(api().get("/api/scheduling/appointments?patientId=" + patient + "&from=" + dayAt10(1)
                + "&to=" + dayAt10(20), issuer.patientToken("p", patient.toString())));
        assertThat(mine.size()).isEqualTo(1);
        HttpResponse<String> badType = api().get("/api/scheduling/slots?type=MASSAGE&from=" + dayAt10(1) + "&to="
                + dayAt10(2), coordinator);
        assertThat(Api.json(badType).path("errors").toString()).contains("\"field\":\"type\"");
        assertThat(badType.body()).doesNotContain("MASSAGE");
    }

    @Test
    void slotsAreFreeTimeMinusBookingsWithinABoundedRange() {
        String provider = provider();
        Instant from = dayAt10(6).minus(Duration.ofHours(4));
        Instant to = from.plus(Duration.ofDays(1));
        JsonNode slots = Api.json(api().get("/api/scheduling/slots?type=DOSING_SESSION&providerId=" + provider
                + "&from=" + from + "&to=" + to, coordinator));
        int free = slots.path("total").asInt();
        assertThat(free).isGreaterThan(0);
        String firstSlot = slots.path("items").get(0).path("start").asString();
        UUID patient = approvedPatient();
        assertThat(book(patient, "DOSING_SESSION", provider, Instant.parse(firstSlot), 1, null).statusCode()).isEqualTo(201);
        JsonNode after = Api.json(api().get("/api/scheduling/slots?type=DOSING_SESSION&providerId=" + provider
                + "&from=" + from + "&to=" + to, coordinator));
        assertThat(after.path("total").asInt()).isEqualTo(free - 1);
        assertThat(after.toString()).doesNotContain(firstSlot);

        HttpResponse<String> tooLong = api().get("/api/scheduling/slots?type=DOSING_SESSION&from=" + from + "&to="
                + from.plus(Duration.ofDays(32)), coordinator);
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(Api.json(tooLong).path("errors").toString()).contains("\"field\":\"to\"");
        assertThat(api().get("/api/scheduling/slots?type=MASSAGE&from=" + from + "&to=" + to, coordinator).statusCode())
                .isEqualTo(400);
        assertThat(api().get("/api/scheduling/slots?type=CONSULTATION&from=yesterday&to=" + to, coordinator).statusCode())
                .isEqualTo(400);
        HttpResponse<String> badZone = api().put("/api/scheduling/providers/" + provider + "/availability", coordinator,
                "{\"timeZone\":\"Mars/Olympus\",\"weekly\":[],\"appointmentTypes\":[\"CONSULTATION\"]}");
        assertThat(badZone.statusCode()).isEqualTo(400);
        assertThat(Api.json(badZone).path("errors").toString()).contains("timeZone");
        HttpResponse<String> offset = api().put("/api/scheduling/providers/" + provider + "/availability", coordinator,
                "{\"timeZone\":\"UTC+02:00\",\"weekly\":[],\"appointmentTypes\":[\"CONSULTATION\"]}");
        assertThat(offset.statusCode()).isEqualTo(400);
        // The zone a browser reports may be plain UTC.
        HttpResponse<String> utc = api().put("/api/scheduling/providers/" + provider + "/availability", coordinator,
                "{\"timeZone\":\"UTC\",\"weekly\":[],\"appointmentTypes\":[\"CONSULTATION\"]}");
        assertThat(utc.statusCode()).as(utc.body()).isEqualTo(200);
        assertThat(Api.json(utc).path("timeZone").asString()).isEqualTo("UTC");
    }
}
