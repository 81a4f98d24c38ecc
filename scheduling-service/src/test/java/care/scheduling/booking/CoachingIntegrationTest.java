package care.scheduling.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
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
import care.contracts.intake.PatientRegistered;
import care.contracts.intake.SafetyEscalationRaised;
import care.contracts.intake.SafetyEscalationResolved;
import care.contracts.integration.CoachAssigned;
import care.contracts.integration.CoachingSessionCompleted;
import care.contracts.integration.IntegrationStarted;
import care.contracts.scheduling.AppointmentKind;
import care.contracts.scheduling.TreatmentPlanPaused;
import care.contracts.session.AdverseEventReported;
import care.contracts.session.SessionCompleted;
import care.kit.security.Role;
import care.kit.test.AccessFixture;
import care.kit.test.Api;
import care.kit.test.MovableClock;
import care.kit.test.MovableClockConfiguration;
import care.kit.test.ServiceIntegrationTest;
import care.kit.test.TestEvents;
import care.kit.test.TestIssuer;
import care.kit.test.TopicRecorder;
import care.scheduling.plan.ConsultationTrack;
import care.scheduling.plan.TreatmentPlan;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Integration coaching booked by itself from the integration service's events, and the safety-escalation
 * pause, on the real broker and store. Each test has its own patients and providers.
 * <p>
 * To know that every delivery of an event was handled, a test publishes a later event of the same patient
 * on the same topic whose effect shows in the store (events of a patient are handled in order). To know
 * that everything those deliveries stored was published, it then waits for a scheduling event stored
 * later (the outbox publishes a patient's events in the order they were stored).
 */
@org.junit.jupiter.api.Tag("integration")
@ServiceIntegrationTest
@Import(MovableClockConfiguration.class)
class CoachingIntegrationTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String BOOKED = "care.scheduling.AppointmentBooked.v1";
    static final String RESCHEDULED = "care.scheduling.AppointmentRescheduled.v1";
    static final String NOT_SCHEDULED = "care.scheduling.CoachingNotScheduled.v1";
    static final String PAUSED = "care.scheduling.TreatmentPlanPaused.v1";
    static final String RESUMED = "care.scheduling.TreatmentPlanResumed.v1";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String EVERY_DAY_6_TO_22 = everyDay("06:00", "22:00");

    static TopicRecorder recorder;
    static TestEvents events;

    /** A dosing session booked at {@code start} that ran two hours past its booked {@code end}. */
    record Dosing(String appointmentId, Instant start, Instant end, Instant fulfilledAt) {
    }

    @LocalServerPort
    int port;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    MovableClock clock;

    final TestIssuer issuer = TestIssuer.get();
    final String coordinator = issuer.token("coord-coaching", Role.COORDINATOR);
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

    @Test
    void aCompletedSessionsCoachingIsBookedOnceWithTheCoachInsideItsWindowAndMovedOnlyWithinIt() {
        UUID patient = approvedPatient(6);
        UUID planId = planOf(patient);
        String clinician = provider(EVERY_DAY_6_TO_22, "\"DOSING_SESSION\"");
        String coach = provider(EVERY_DAY_6_TO_22, "\"INTEGRATION_COACHING\"");
        assignCoach(patient, coach, null);
        Dosing dosing = completedDosing(patient, planId, 1, clinician);

        // Wider than scheduling's own window (24–72 h after the session was fulfilled): both bound the booking.
        Instant windowStart = dosing.end().plus(Duration.ofHours(20));
        Instant windowEnd = dosing.end().plus(Duration.ofHours(80));
        IntegrationStarted started = new IntegrationStarted(UUID.randomUUID(), patient, clock.instant(), planId,
                UUID.randomUUID(), 1, windowStart, windowEnd);
        for (int delivery = 0; delivery < 5; delivery++) {
            events.publish(started);
        }

        JsonNode booked = awaitOne(patient, BOOKED, coaching());
        String appointment = booked.path("appointmentId").asString();
        Instant start = Instant.parse(booked.path("startsAt").asString());
        assertThat(booked.path("providerId").asString()).isEqualTo(coach);
        assertThat(booked.path("sessionNumber").asInt()).isEqualTo(1);
        assertThat(booked.path("planId").asString()).isEqualTo(planId.toString());
        assertThat(start).isBetween(windowStart, windowEnd)
                .isBetween(dosing.fulfilledAt().plus(Duration.ofHours(24)), dosing.fulfilledAt().plus(Duration.ofHours(72)));
        // The coach's first free slot, counted from when the session was fulfilled, not from its booked end
        // (which would have allowed two hours earlier).
        assertThat(start).isEqualTo(dosing.fulfilledAt().plus(Duration.ofHours(24)));
        assertThat(Instant.parse(booked.path("endsAt").asString())).isEqualTo(start.plus(Duration.ofMinutes(45)));

        // A later event of the patient on the same topic was handled, so all five deliveries were.
        String nextCoach = UUID.randomUUID().toString();
        assignCoach(patient, nextCoach, coach);
        assertThat(coachingsOf(patient)).hasSize(1);
        assertThat(coachingsOf(patient).getFirst().providerId()).as("booked coaching stays with its coach").isEqualTo(coach);

        String token = issuer.patientToken("p-" + patient, patient.toString());
        Instant inside = dosing.fulfilledAt().plus(Duration.ofHours(48));
        HttpResponse<String> moved = reschedule(appointment, token, inside);
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        assertThat(Api.json(moved).path("start").asString()).isEqualTo(inside.toString());
        assertThat(Api.json(moved).path("sessionNumber").asInt()).isEqualTo(1);
        for (Instant outside : List.of(dosing.fulfilledAt().plus(Duration.ofHours(73)),
                dosing.end().plus(Duration.ofHours(25)))) {
            HttpResponse<String> refused = reschedule(appointment, token, outside);
            assertThat(refused.statusCode()).as(outside + ": " + refused.body()).isEqualTo(422);
            assertThat(Api.json(refused).path("type").asString()).isEqualTo("urn:care:problem:coaching-window");
        }
        assertThat(mongo.findById(appointment, Appointment.class).start()).isEqualTo(inside);
        awaitOne(patient, RESCHEDULED, event -> event.path("appointmentId").asString().equals(appointment));
        assertThat(received(patient, BOOKED, coaching())).hasSize(1);
        assertThat(received(patient, NOT_SCHEDULED, any())).isEmpty();

        // An assignment older than the one applied, arriving late, changes nothing.
        events.publish(new CoachAssigned(UUID.randomUUID(), patient, clock.instant().minus(Duration.ofDays(1)),
                UUID.randomUUID(), null));
        CoachingSessionCompleted completed = new CoachingSessionCompleted(UUID.randomUUID(), patient, clock.instant(),
                UUID.fromString(appointment), planId, UUID.fromString(coach), 1, 50, List.of(UUID.randomUUID()));
        events.publish(completed);
        events.publish(completed);
        Awaitility.await().atMost(WAIT).until(() -> mongo.findById(appointment, Appointment.class).status()
                == Appointment.Status.FULFILLED);
        assertThat(mongo.findById(patient.toString(), CoachAssignment.class).coachId).isEqualTo(nextCoach);
        JsonNode found = Api.json(api().get("/api/scheduling/appointments?patientId=" + patient + "&from="
                + dosing.start() + "&to=" + dosing.start().plus(Duration.ofDays(10)), token));
        assertThat(found.toString()).contains("\"appointmentId\":\"" + appointment + "\"");
        for (JsonNode view : found) {
            assertThat(view.path("status").asString()).isEqualTo("FULFILLED");
        }
    }

    @Test
    void withoutACoachTheOfferWaitsAndAssigningOneBooksIt() {
        UUID patient = approvedPatient(6);
        UUID planId = planOf(patient);
        String clinician = provider(EVERY_DAY_6_TO_22, "\"DOSING_SESSION\"");
        String coach = provider(EVERY_DAY_6_TO_22, "\"INTEGRATION_COACHING\"");
        Dosing dosing = completedDosing(patient, planId, 1, clinician);
        IntegrationStarted started = offer(patient, planId, 1, dosing);
        events.publish(started);
        events.publish(started);

        JsonNode waiting = awaitOne(patient, NOT_SCHEDULED, any());
        assertThat(waiting.path("reason").asString()).isEqualTo("NO_COACH_ASSIGNED");
        assertThat(waiting.path("coachId").isNull()).as(waiting.toString()).isTrue();
        assertThat(waiting.path("planId").asString()).isEqualTo(planId.toString());
        assertThat(waiting.path("sessionNumber").asInt()).isEqualTo(1);
        assertThat(Instant.parse(waiting.path("windowStart").asString())).isEqualTo(started.coachingWindowStart());
        assertThat(Instant.parse(waiting.path("windowEnd").asString())).isEqualTo(started.coachingWindowEnd());
        assertThat(coachingsOf(patient)).isEmpty();

        CoachAssigned assigned = new CoachAssigned(UUID.randomUUID(), patient, clock.instant(), UUID.fromString(coach), null);
        events.publish(assigned);
        events.publish(assigned);
        JsonNode booked = awaitOne(patient, BOOKED, coaching());
        Instant start = Instant.parse(booked.path("startsAt").asString());
        assertThat(booked.path("providerId").asString()).isEqualTo(coach);
        assertThat(booked.path("sessionNumber").asInt()).isEqualTo(1);
        assertThat(start).isBetween(started.coachingWindowStart(), started.coachingWindowEnd());

        String nextCoach = UUID.randomUUID().toString();
        assignCoach(patient, nextCoach, coach);
        assertThat(mongo.findById(patient.toString(), CoachAssignment.class).pendingOffers).isEmpty();
        assertThat(coachingsOf(patient)).hasSize(1);
        String appointment = booked.path("appointmentId").asString();
        String token = issuer.patientToken("p", patient.toString());
        HttpResponse<String> moved = reschedule(appointment, token, start.plus(Duration.ofHours(3)));
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        awaitOne(patient, RESCHEDULED, event -> event.path("appointmentId").asString().equals(appointment));
        assertThat(received(patient, NOT_SCHEDULED, any())).hasSize(1);
        assertThat(received(patient, BOOKED, coaching())).hasSize(1);

        // The patient declines it; the offer delivered once more late does not book it again.
        assertThat(api().post("/api/scheduling/appointments/" + appointment + "/cancel", token,
                "{\"reason\":\"PATIENT_REQUEST\"}").statusCode()).isEqualTo(200);
        events.publish(started);
        assignCoach(patient, UUID.randomUUID().toString(), nextCoach);
        assertThat(coachingsOf(patient)).singleElement().extracting(Appointment::status)
                .isEqualTo(Appointment.Status.CANCELLED);
        assertThat(mongo.findById(patient.toString(), CoachAssignment.class).unscheduled).isEmpty();
    }

    @Test
    void aCoachWithNoTimeInTheWindowIsReportedOnceAndACoordinatorCanStillBookIt() {
        UUID patient = approvedPatient(6);
        UUID planId = planOf(patient);
        String clinician = provider(EVERY_DAY_6_TO_22, "\"DOSING_SESSION\"");
        String busyCoach = provider("", "\"INTEGRATION_COACHING\"");
        assignCoach(patient, busyCoach, null);
        Dosing dosing = completedDosing(patient, planId, 1, clinician);
        IntegrationStarted started = offer(patient, planId, 1, dosing);
        events.publish(started);
        events.publish(started);

        JsonNode report = awaitOne(patient, NOT_SCHEDULED, any());
        assertThat(report.path("reason").asString()).isEqualTo("NO_FREE_SLOT");
        assertThat(report.path("coachId").asString()).isEqualTo(busyCoach);
        assertThat(report.path("sessionNumber").asInt()).isEqualTo(1);

        // A new coach does not retry an offer already reported: a coordinator arranges it.
        String otherCoach = provider(EVERY_DAY_6_TO_22, "\"INTEGRATION_COACHING\"");
        assignCoach(patient, otherCoach, busyCoach);
        assertThat(coachingsOf(patient)).isEmpty();
        Instant start = dosing.fulfilledAt().plus(Duration.ofHours(30));
        HttpResponse<String> arranged = api().post("/api/scheduling/appointments", coordinator, "{\"patientId\":\""
                + patient + "\",\"type\":\"INTEGRATION_COACHING\",\"providerId\":\"" + otherCoach + "\",\"start\":\""
                + start + "\",\"sessionNumber\":1}");
        assertThat(arranged.statusCode()).as(arranged.body()).isEqualTo(201);
        awaitOne(patient, BOOKED, coaching());
        assertThat(received(patient, NOT_SCHEDULED, any())).hasSize(1);
    }

    @Test
    void anOfferWhoseWindowPassedBeforeACoachWasAssignedIsReported() {
        UUID patient = approvedPatient(6);
        UUID planId = planOf(patient);
        String clinician = provider(EVERY_DAY_6_TO_22, "\"DOSING_SESSION\"");
        String coach = provider(EVERY_DAY_6_TO_22, "\"INTEGRATION_COACHING\"");
        Dosing dosing = completedDosing(patient, planId, 1, clinician);
        IntegrationStarted started = offer(patient, planId, 1, dosing);
        events.publish(started);
        awaitOne(patient, NOT_SCHEDULED, reason("NO_COACH_ASSIGNED"));

        clock.advance(Duration.between(clock.instant(), started.coachingWindowEnd()).plus(Duration.ofHours(1)));
        assignCoach(patient, coach, null);
        JsonNode passed = awaitOne(patient, NOT_SCHEDULED, reason("WINDOW_PASSED"));
        assertThat(passed.path("coachId").asString()).isEqualTo(coach);
        assertThat(Instant.parse(passed.path("windowEnd").asString())).isEqualTo(started.coachingWindowEnd());
        assertThat(mongo.findById(patient.toString(), CoachAssignment.class).pendingOffers).isEmpty();
        assertThat(coachingsOf(patient)).isEmpty();
    }

    @Test
    void theCoachingAfterTheFinalSessionIsBookedAfterThePlanCompleted() {
        UUID patient = approvedPatient(4);
        UUID planId = planOf(patient);
        String clinician = provider(EVERY_DAY_6_TO_22, "\"DOSING_SESSION\"");
        String coach = provider(EVERY_DAY_6_TO_22, "\"INTEGRATION_COACHING\"");
        assignCoach(patient, coach, null);
        for (int number = 1; number <= 3; number++) {
            events.publish(new SessionCompleted(UUID.randomUUID(), patient, clock.instant(), UUID.randomUUID(),
                    UUID.randomUUID(), planId, number, UUID.fromString(clinician), 125));
        }
        Dosing last = completedDosing(patient, planId, 4, clinician);
        Awaitility.await().atMost(WAIT).until(() -> storedPlan(planId).status() == TreatmentPlan.Status.COMPLETED);

        IntegrationStarted started = offer(patient, planId, 4, last);
        events.publish(started);
        JsonNode booked = awaitOne(patient, BOOKED, coaching());
        assertThat(booked.path("sessionNumber").asInt()).isEqualTo(4);
        assertThat(booked.path("providerId").asString()).isEqualTo(coach);
        assertThat(Instant.parse(booked.path("startsAt").asString()))
                .isBetween(started.coachingWindowStart(), started.coachingWindowEnd());
        String appointment = booked.path("appointmentId").asString();
        assertThat(mongo.findById(appointment, Appointment.class).status()).isEqualTo(Appointment.Status.BOOKED);

        // The patient declines it; the offer delivered once more late does not book it again.
        assertThat(api().post("/api/scheduling/appointments/" + appointment + "/cancel",
                issuer.patientToken("p", patient.toString()), "{\"reason\":\"PATIENT_REQUEST\"}").statusCode())
                .isEqualTo(200);
        events.publish(started);
        assignCoach(patient, UUID.randomUUID().toString(), coach);
        assertThat(coachingsOf(patient)).singleElement().extracting(Appointment::status)
                .isEqualTo(Appointment.Status.CANCELLED);
    }

    @Test
    void removingTheCoachFromTheCareTeamKeepsBookedCoachingAndLaterOffersWaitForTheNextCoach() {
        UUID patient = approvedPatient(6);
        UUID planId = planOf(patient);
        String clinician = provider(EVERY_DAY_6_TO_22, "\"DOSING_SESSION\"");
        String coach = provider(EVERY_DAY_6_TO_22, "\"INTEGRATION_COACHING\"");
        String responsible = access.clinician("US-CA");
        access.team(patient.toString()).responsible(responsible).coach(coach).publish();
        CoachAssigned assigned = new CoachAssigned(UUID.randomUUID(), patient, clock.instant(), UUID.fromString(coach),
                null);
        events.publish(assigned);
        Awaitility.await().atMost(WAIT).until(() -> coach.equals(assignmentOf(patient).coachId));
        Dosing first = completedDosing(patient, planId, 1, clinician);
        events.publish(offer(patient, planId, 1, first));
        JsonNode booked = awaitOne(patient, BOOKED, coaching());
        String firstCoaching = booked.path("appointmentId").asString();
        assertThat(booked.path("providerId").asString()).isEqualTo(coach);

        // The coordinator removes the coach from the care team: scheduling no longer books with them.
        access.team(patient.toString()).responsible(responsible).publish();
        Awaitility.await().atMost(WAIT).until(() -> assignmentOf(patient).coachId == null);
        Appointment kept = mongo.findById(firstCoaching, Appointment.class);
        assertThat(kept.status()).as("coaching already booked stays").isEqualTo(Appointment.Status.BOOKED);
        assertThat(kept.providerId()).isEqualTo(coach);

        Dosing second = completedDosing(patient, planId, 2, clinician);
        IntegrationStarted secondOffer = offer(patient, planId, 2, second);
        events.publish(secondOffer);
        JsonNode waiting = awaitOne(patient, NOT_SCHEDULED, event -> event.path("sessionNumber").asInt() == 2);
        assertThat(waiting.path("reason").asString()).isEqualTo("NO_COACH_ASSIGNED");
        assertThat(waiting.path("coachId").isNull()).as(waiting.toString()).isTrue();

        // The removed coach's assignment delivered again does not bring them back or book the waiting offer.
        events.publish(assigned);
        String nextCoach = provider(EVERY_DAY_6_TO_22, "\"INTEGRATION_COACHING\"");
        access.team(patient.toString()).responsible(responsible).coach(nextCoach).publish();
        assignCoach(patient, nextCoach, null);
        JsonNode rebooked = awaitOne(patient, BOOKED, event -> event.path("sessionNumber").asInt() == 2
                && coaching().test(event));
        assertThat(rebooked.path("providerId").asString()).isEqualTo(nextCoach);
        assertThat(Instant.parse(rebooked.path("startsAt").asString()))
                .isBetween(secondOffer.coachingWindowStart(), secondOffer.coachingWindowEnd());
        assertThat(coachingsOf(patient)).extracting(Appointment::providerId).containsExactlyInAnyOrder(coach, nextCoach);
        assertThat(received(patient, NOT_SCHEDULED, any())).hasSize(1);
    }

    @Test
    void aSafetyEscalationHoldsThePlanUntilReviewedAndResumedByTheResponsibleClinicianWhileCoachingGoesOn() {
        UUID patient = approvedPatient(6);
        UUID planId = planOf(patient);
        String clinician = provider(EVERY_DAY_6_TO_22, "\"DOSING_SESSION\"");
        String coach = provider(EVERY_DAY_6_TO_22, "\"INTEGRATION_COACHING\"");
        String responsible = access.clinician("US-CA");
        access.team(patient.toString()).responsible(responsible).coach(coach).publish();
        String responsibleToken = issuer.token(responsible, Role.CLINICIAN);
        Instant first = dayAt10(3);
        assertThat(book(patient, "DOSING_SESSION", clinician, first, 1).statusCode()).isEqualTo(201);

        SafetyEscalationRaised raised = new SafetyEscalationRaised(UUID.randomUUID(), patient, clock.instant(),
                UUID.randomUUID(), SafetyEscalationRaised.Trigger.SUICIDE_RISK_DISCLOSED, null);
        events.publish(raised);
        events.publish(raised);
        intakeHandledUpTo(patient);

        JsonNode paused = awaitOne(patient, PAUSED, any());
        assertThat(paused.path("reason").asString()).isEqualTo("SAFETY_ESCALATION");
        assertThat(paused.path("planId").asString()).isEqualTo(planId.toString());
        assertThat(paused.path("clinicianId").isNull()).isTrue();
        assertThat(plan(patient).path("status").asString()).isEqualTo("PAUSED");
        HttpResponse<String> blocked = book(patient, "DOSING_SESSION", clinician, first.plus(Duration.ofDays(2)), 2);
        assertThat(blocked.statusCode()).isEqualTo(422);
        assertThat(Api.json(blocked).path("type").asString()).isEqualTo("urn:care:problem:plan-not-active");
        // The hold stops dosing only: coaching after the booked session can still be booked.
        HttpResponse<String> coaching = book(patient, "INTEGRATION_COACHING", coach,
                first.plus(Duration.ofHours(3 + 24)), null);
        assertThat(coaching.statusCode()).as(coaching.body()).isEqualTo(201);
        assertThat(Api.json(coaching).path("sessionNumber").asInt()).isEqualTo(1);

        // Nobody resumes while the escalation is open, not even the responsible clinician.
        HttpResponse<String> open = resume(patient, responsibleToken, null);
        assertThat(open.statusCode()).as(open.body()).isEqualTo(409);
        assertThat(Api.json(open).path("type").asString()).isEqualTo("urn:care:problem:safety-escalation-open");

        UUID reviewer = UUID.fromString(access.clinician("US-CA"));
        events.publish(new SafetyEscalationResolved(UUID.randomUUID(), patient, clock.instant(), raised.escalationId(),
                SafetyEscalationResolved.Outcome.CLEARED, reviewer));
        intakeHandledUpTo(patient);
        assertThat(storedPlan(planId).status()).as("cleared, the plan waits for its clinician")
                .isEqualTo(TreatmentPlan.Status.PAUSED);
        HttpResponse<String> resumed = resume(patient, responsibleToken, null);
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        assertThat(Api.json(resumed).path("status").asString()).isEqualTo("ACTIVE");

        // The reviewed escalation delivered again changes nothing.
        events.publish(raised);
        intakeHandledUpTo(patient);
        assertThat(storedPlan(planId).status()).isEqualTo(TreatmentPlan.Status.ACTIVE);

        // Held for a severe adverse event, a new escalation holds the plan for that too, and is announced.
        events.publish(new AdverseEventReported(UUID.randomUUID(), patient, clock.instant(), UUID.randomUUID(),
                UUID.randomUUID(), planId, UUID.randomUUID(), AdverseEventReported.Severity.SEVERE,
                AdverseEventReported.Category.RESPIRATORY_DEPRESSION, null));
        Awaitility.await().atMost(WAIT).until(() -> storedPlan(planId).status() == TreatmentPlan.Status.PAUSED);
        SafetyEscalationRaised again = new SafetyEscalationRaised(UUID.randomUUID(), patient, clock.instant(),
                UUID.randomUUID(), SafetyEscalationRaised.Trigger.CLINICIAN_CONCERN, null);
        events.publish(again);
        intakeHandledUpTo(patient);
        assertThat(storedPlan(planId).holds()).extracting(TreatmentPlan.Hold::reason).containsExactlyInAnyOrder(
                TreatmentPlanPaused.Reason.SEVERE_ADVERSE_EVENT, TreatmentPlanPaused.Reason.SAFETY_ESCALATION);
        assertThat(resume(patient, responsibleToken, "Reviewed").statusCode()).isEqualTo(409);
        events.publish(new SafetyEscalationResolved(UUID.randomUUID(), patient, clock.instant(), again.escalationId(),
                SafetyEscalationResolved.Outcome.CLEARED, reviewer));
        intakeHandledUpTo(patient);
        HttpResponse<String> noRationale = resume(patient, responsibleToken, null);
        assertThat(noRationale.statusCode()).as(noRationale.body()).isEqualTo(400);
        assertThat(Api.json(noRationale).path("errors").toString()).contains("\"field\":\"rationale\"");
        assertThat(resume(patient, responsibleToken, "Event reviewed with the patient; dose lowered").statusCode())
                .isEqualTo(200);
        events.publish(again);
        intakeHandledUpTo(patient);
        assertThat(storedPlan(planId).status()).isEqualTo(TreatmentPlan.Status.ACTIVE);

        HttpResponse<String> second = book(patient, "DOSING_SESSION", clinician, first.plus(Duration.ofDays(2)), 2);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
        String secondId = Api.json(second).path("appointmentId").asString();
        awaitOne(patient, BOOKED, event -> event.path("appointmentId").asString().equals(secondId));
        assertThat(received(patient, PAUSED, reason("SAFETY_ESCALATION"))).hasSize(2);
        assertThat(received(patient, PAUSED, reason("SEVERE_ADVERSE_EVENT"))).hasSize(1);
        assertThat(received(patient, RESUMED, any())).hasSize(2)
                .allSatisfy(event -> assertThat(event.path("clinicianId").asString()).isEqualTo(responsible));
        assertThat(recorder.matching(r -> patient.toString().equals(r.key())))
                .noneSatisfy(r -> assertThat(r.value()).contains("dose lowered"));
    }

    // --- helpers ---

    Api api() {
        return new Api(port);
    }

    static String everyDay(String from, String to) {
        StringBuilder weekly = new StringBuilder();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")) {
            weekly.append(weekly.isEmpty() ? "" : ",").append("{\"day\":\"").append(day).append("\",\"start\":\"")
                    .append(from).append("\",\"end\":\"").append(to).append("\"}");
        }
        return weekly.toString();
    }

    /**
     * A provider with these weekly windows (UTC) for these appointment types: a registered coach for coaching, a
     * registered clinician licensed in US-CA otherwise.
     */
    String provider(String weekly, String types) {
        String id = types.contains("INTEGRATION_COACHING") ? access.coach() : access.clinician("US-CA");
        HttpResponse<String> put = api().put("/api/scheduling/providers/" + id + "/availability", coordinator,
                "{\"timeZone\":\"Etc/UTC\",\"weekly\":[" + weekly + "],\"appointmentTypes\":[" + types + "]}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        return id;
    }

    /** A patient of US-CA with an approved plan. */
    UUID approvedPatient(int sessions) {
        UUID patient = UUID.randomUUID();
        events.publish(new PatientRegistered(UUID.randomUUID(), patient, clock.instant(), UUID.randomUUID(), "US-CA"));
        events.publish(new EligibilityApproved(UUID.randomUUID(), patient, clock.instant(), UUID.randomUUID(),
                UUID.randomUUID(), UUID.randomUUID(), sessions, "1.0", List.of()));
        Awaitility.await().atMost(WAIT).until(() -> mongo.exists(
                Query.query(Criteria.where("patientId").is(patient.toString())), TreatmentPlan.class));
        return patient;
    }

    UUID planOf(UUID patient) {
        return UUID.fromString(mongo.findOne(Query.query(Criteria.where("patientId").is(patient.toString())),
                TreatmentPlan.class).id());
    }

    TreatmentPlan storedPlan(UUID planId) {
        return mongo.findById(planId.toString(), TreatmentPlan.class);
    }

    JsonNode plan(UUID patient) {
        return Api.json(api().get("/api/scheduling/patients/" + patient + "/plan", coordinator));
    }

    /** 10:00 UTC, some days from (test) now. */
    Instant dayAt10(int daysAhead) {
        return clock.instant().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(daysAhead)).plus(Duration.ofHours(10));
    }

    HttpResponse<String> book(UUID patient, String type, String provider, Instant start, Integer session) {
        return api().post("/api/scheduling/appointments", issuer.patientToken("p-" + patient, patient.toString()),
                "{\"patientId\":\"" + patient + "\",\"type\":\"" + type + "\",\"providerId\":\"" + provider
                        + "\",\"start\":\"" + start + "\"" + (session == null ? "" : ",\"sessionNumber\":" + session) + "}");
    }

    HttpResponse<String> resume(UUID patient, String token, String rationale) {
        return api().post("/api/scheduling/patients/" + patient + "/plan/resume", token,
                rationale == null ? "" : "{\"rationale\":\"" + rationale + "\"}");
    }

    CoachAssignment assignmentOf(UUID patient) {
        CoachAssignment assignment = mongo.findById(patient.toString(), CoachAssignment.class);
        return assignment == null ? new CoachAssignment() : assignment;
    }

    HttpResponse<String> reschedule(String appointment, String token, Instant start) {
        return api().post("/api/scheduling/appointments/" + appointment + "/reschedule", token,
                "{\"start\":\"" + start + "\"}");
    }

    /**
     * Books dosing session {@code number}, moves the clock past it and has the session service complete it
     * two hours after its booked end; returns once scheduling has fulfilled the appointment.
     */
    Dosing completedDosing(UUID patient, UUID planId, int number, String clinician) {
        Instant start = dayAt10(3);
        HttpResponse<String> booked = book(patient, "DOSING_SESSION", clinician, start, number);
        assertThat(booked.statusCode()).as(booked.body()).isEqualTo(201);
        String appointment = Api.json(booked).path("appointmentId").asString();
        Instant end = start.plus(Duration.ofHours(3));
        Instant fulfilledAt = end.plus(Duration.ofHours(2));
        clock.advance(Duration.between(clock.instant(), fulfilledAt).plus(Duration.ofMinutes(1)));
        events.publish(new SessionCompleted(UUID.randomUUID(), patient, fulfilledAt, UUID.randomUUID(),
                UUID.fromString(appointment), planId, number, UUID.fromString(clinician), 125));
        Awaitility.await().atMost(WAIT).until(() -> mongo.findById(appointment, Appointment.class).status()
                == Appointment.Status.FULFILLED);
        return new Dosing(appointment, start, end, fulfilledAt);
    }

    /** Coaching offered 24–72 h after the session's completion, as the integration service does. */
    IntegrationStarted offer(UUID patient, UUID planId, int number, Dosing dosing) {
        return new IntegrationStarted(UUID.randomUUID(), patient, clock.instant(), planId, UUID.randomUUID(), number,
                dosing.fulfilledAt().plus(Duration.ofHours(24)), dosing.fulfilledAt().plus(Duration.ofHours(72)));
    }

    /**
     * Assigns the coach and waits until scheduling stored it: then every earlier event of the patient on
     * the integration topic has been handled too.
     */
    void assignCoach(UUID patient, String coach, String previous) {
        events.publish(new CoachAssigned(UUID.randomUUID(), patient, clock.instant(), UUID.fromString(coach),
                previous == null ? null : UUID.fromString(previous)));
        Awaitility.await().atMost(WAIT).until(() -> {
            CoachAssignment assignment = mongo.findById(patient.toString(), CoachAssignment.class);
            return assignment != null && coach.equals(assignment.coachId);
        });
    }

    /** Waits until an intake event published now was handled, and with it every earlier one of the patient. */
    void intakeHandledUpTo(UUID patient) {
        UUID consultation = UUID.randomUUID();
        events.publish(new ConsultationRequested(UUID.randomUUID(), patient, clock.instant(), consultation,
                UUID.randomUUID(), "US-CA"));
        Awaitility.await().atMost(WAIT).until(() -> mongo.findById(consultation.toString(), ConsultationTrack.class) != null);
    }

    List<Appointment> coachingsOf(UUID patient) {
        return mongo.find(Query.query(Criteria.where("patientId").is(patient.toString()).and("kind")
                .is(AppointmentKind.INTEGRATION_COACHING)), Appointment.class);
    }

    static Predicate<JsonNode> any() {
        return event -> true;
    }

    static Predicate<JsonNode> coaching() {
        return event -> "INTEGRATION_COACHING".equals(event.path("kind").asString());
    }

    static Predicate<JsonNode> reason(String reason) {
        return event -> reason.equals(event.path("reason").asString());
    }

    /** The patient's scheduling events of this type recorded so far that match. */
    static List<JsonNode> received(UUID patient, String type, Predicate<JsonNode> matching) {
        return recorder.matching(r -> patient.toString().equals(r.key()) && type.equals(r.type())).stream()
                .map(r -> JSON.readTree(r.value())).filter(matching).toList();
    }

    /** Waits for the first matching event of the patient and returns it. */
    static JsonNode awaitOne(UUID patient, String type, Predicate<JsonNode> matching) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> !received(patient, type, matching).isEmpty());
        return received(patient, type, matching).getFirst();
    }
}
