package care.scheduling.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import io.micrometer.core.instrument.MeterRegistry;
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
import care.contracts.intake.ConsultationRequested;
import care.contracts.intake.EligibilityApproved;
import care.contracts.intake.PatientRegistered;
import care.contracts.intake.SafetyEscalationRaised;
import care.contracts.intake.SafetyEscalationResolved;
import care.contracts.integration.CoachAssigned;
import care.contracts.integration.IntegrationStarted;
import care.contracts.scheduling.TreatmentPlanPaused.Reason;
import care.contracts.session.AdverseEventReported;
import care.kit.security.Role;
import care.kit.test.AccessFixture;
import care.kit.test.Api;
import care.kit.test.MovableClock;
import care.kit.test.MovableClockConfiguration;
import care.kit.test.ServiceIntegrationTest;
import care.kit.test.TestEvents;
import care.kit.test.TestIssuer;
import care.kit.test.TopicRecorder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Why a plan is held, who may resume it and when, and a safety review that refers the patient out, on the real
 * broker and store. Each test has its own patient, care team and providers.
 */
@org.junit.jupiter.api.Tag("integration")
@ServiceIntegrationTest
@Import(MovableClockConfiguration.class)
class PlanHoldsIntegrationTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String PAUSED = "care.scheduling.TreatmentPlanPaused.v1";
    static final String RESUMED = "care.scheduling.TreatmentPlanResumed.v1";
    static final String CREATED = "care.scheduling.TreatmentPlanCreated.v1";
    static final String COMPLETED = "care.scheduling.TreatmentPlanCompleted.v1";
    static final String CANCELLED = "care.scheduling.AppointmentCancelled.v1";
    static final JsonMapper JSON = JsonMapper.builder().build();

    static TopicRecorder recorder;
    static TestEvents events;

    @LocalServerPort
    int port;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    MovableClock clock;
    @Autowired
    MeterRegistry meters;

    final TestIssuer issuer = TestIssuer.get();
    final String coordinator = issuer.token("coord-holds", Role.COORDINATOR);
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
    void eachReasonHoldsThePlanAndDecidesWhoMayResumeIt() {
        UUID patient = approvedPatient();
        String planId = planOf(patient).id();
        String responsible = access.clinician("US-CA");
        String onCall = access.clinician("US-CA");
        String formerOnCall = access.clinician("US-CA");
        String bystander = access.clinician("US-CA");
        String provider = provider();
        String providerToken = issuer.token(provider, Role.CLINICIAN);
        String responsibleToken = issuer.token(responsible, Role.CLINICIAN);
        String onCallToken = issuer.token(onCall, Role.CLINICIAN);
        access.team(patient.toString()).responsible(responsible).publish();

        HttpResponse<String> notPaused = resume(patient, responsibleToken, null);
        assertThat(notPaused.statusCode()).isEqualTo(409);
        assertThat(type(notPaused)).isEqualTo("urn:care:problem:plan-not-paused");

        // Two no-shows hold the plan for missed appointments.
        String first = bookDosing(patient, provider, dayAt10(3), 1);
        String second = bookDosing(patient, provider, dayAt10(10), 2);
        clock.advance(Duration.ofDays(11));
        for (String missed : List.of(first, second)) {
            HttpResponse<String> noShow = api().post("/api/scheduling/appointments/" + missed + "/no-show",
                    providerToken, "");
            assertThat(noShow.statusCode()).as(noShow.body()).isEqualTo(200);
        }
        assertThat(planOf(patient).holds()).extracting(TreatmentPlan.Hold::reason)
                .containsExactly(Reason.MISSED_APPOINTMENTS);
        // Emergency access opened now (the clock moved on), and one that has ended.
        access.team(patient.toString()).responsible(responsible).emergency(onCall, clock.instant().plus(Duration.ofHours(1)))
                .emergency(formerOnCall, clock.instant().minus(Duration.ofMinutes(1))).publish();

        // Missed appointments only: an emergency access may resume; nobody else outside the responsible clinician.
        for (String refused : List.of(issuer.token(formerOnCall, Role.CLINICIAN), issuer.token(bystander, Role.CLINICIAN),
                providerToken, coordinator)) {
            HttpResponse<String> denied = resume(patient, refused, null);
            assertThat(denied.statusCode()).as(denied.body()).isEqualTo(403);
            assertThat(type(denied)).isEqualTo("urn:care:problem:forbidden");
        }
        HttpResponse<String> byOnCall = resume(patient, onCallToken, null);
        assertThat(byOnCall.statusCode()).as(byOnCall.body()).isEqualTo(200);
        assertThat(Api.json(byOnCall).path("status").asString()).isEqualTo("ACTIVE");
        assertThat(planOf(patient).missedSinceResume()).isZero();

        // A severe adverse event, then a safety escalation while the plan is already held: each is announced.
        events.publish(new AdverseEventReported(UUID.randomUUID(), patient, clock.instant(), UUID.randomUUID(),
                UUID.randomUUID(), UUID.fromString(planId), UUID.randomUUID(), AdverseEventReported.Severity.SEVERE,
                AdverseEventReported.Category.RESPIRATORY_DEPRESSION, null));
        Awaitility.await().atMost(WAIT).until(() -> planOf(patient).heldFor(Reason.SEVERE_ADVERSE_EVENT));
        SafetyEscalationRaised raised = escalation(patient);
        events.publish(raised);
        intakeHandledUpTo(patient);
        assertThat(planOf(patient).holds()).extracting(TreatmentPlan.Hold::reason)
                .containsExactlyInAnyOrder(Reason.SEVERE_ADVERSE_EVENT, Reason.SAFETY_ESCALATION);
        assertThat(planOf(patient).holds()).filteredOn(hold -> hold.reason() == Reason.SAFETY_ESCALATION)
                .singleElement().extracting(TreatmentPlan.Hold::escalationIds)
                .isEqualTo(List.of(raised.escalationId().toString()));

        // While the escalation is open nobody resumes, whatever else the plan is held for.
        for (String clinician : List.of(responsibleToken, onCallToken)) {
            HttpResponse<String> open = resume(patient, clinician, "Reviewed");
            assertThat(open.statusCode()).as(open.body()).isEqualTo(409);
            assertThat(type(open)).isEqualTo("urn:care:problem:safety-escalation-open");
        }
        events.publish(new SafetyEscalationResolved(UUID.randomUUID(), patient, clock.instant(), raised.escalationId(),
                SafetyEscalationResolved.Outcome.CLEARED, UUID.fromString(bystander)));
        intakeHandledUpTo(patient);
        assertThat(planOf(patient).status()).isEqualTo(TreatmentPlan.Status.PAUSED);

        // Cleared: only the responsible clinician, with a rationale for the adverse event.
        HttpResponse<String> emergency = resume(patient, onCallToken, "Looked at it at night");
        assertThat(emergency.statusCode()).as(emergency.body()).isEqualTo(403);
        assertThat(type(emergency)).isEqualTo("urn:care:problem:responsible-clinician-required");
        for (String rationale : new String[] { null, "   ", "x".repeat(2001) }) {
            HttpResponse<String> invalid = resume(patient, responsibleToken, rationale);
            assertThat(invalid.statusCode()).as(invalid.body()).isEqualTo(400);
            assertThat(Api.json(invalid).path("errors").toString()).contains("\"field\":\"rationale\"");
            assertThat(invalid.body()).doesNotContain("xxxx");
        }
        assertThat(planOf(patient).status()).isEqualTo(TreatmentPlan.Status.PAUSED);
        String rationale = "Apnoea resolved on repositioning; dose reduced for session 3, monitored in clinic";
        HttpResponse<String> resumed = resume(patient, responsibleToken, rationale);
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        assertThat(resumed.body()).doesNotContain("Apnoea");

        TreatmentPlan plan = planOf(patient);
        assertThat(plan.status()).isEqualTo(TreatmentPlan.Status.ACTIVE);
        assertThat(plan.holds()).isEmpty();
        assertThat(plan.resumptions()).hasSize(2);
        TreatmentPlan.Resumption byEmergency = plan.resumptions().get(0);
        assertThat(byEmergency.clinicianId()).isEqualTo(onCall);
        assertThat(byEmergency.basis()).isEqualTo("EMERGENCY_ACCESS");
        assertThat(byEmergency.lifted()).containsExactly(Reason.MISSED_APPOINTMENTS);
        assertThat(byEmergency.rationale()).isNull();
        TreatmentPlan.Resumption byResponsible = plan.resumptions().get(1);
        assertThat(byResponsible.clinicianId()).isEqualTo(responsible);
        assertThat(byResponsible.basis()).isEqualTo("RESPONSIBLE_CLINICIAN");
        assertThat(byResponsible.lifted()).containsExactlyInAnyOrder(Reason.SEVERE_ADVERSE_EVENT, Reason.SAFETY_ESCALATION);
        assertThat(byResponsible.rationale()).isEqualTo(rationale);
        assertThat(byResponsible.at()).isCloseTo(clock.instant(), org.assertj.core.api.Assertions.within(1,
                ChronoUnit.MINUTES));

        List<JsonNode> resumptions = awaitEvents(patient, RESUMED, any(), 2);
        assertThat(resumptions).extracting(event -> event.path("clinicianId").asString())
                .containsExactly(onCall, responsible);
        assertThat(received(patient, PAUSED, any())).extracting(event -> event.path("reason").asString())
                .containsExactly("MISSED_APPOINTMENTS", "SEVERE_ADVERSE_EVENT", "SAFETY_ESCALATION");
        assertThat(recorder.all()).noneSatisfy(record -> assertThat(record.value()).contains("Apnoea"));
        assertThat(meters.counter("care.scheduling.plan.resumed", "reason", "MISSED_APPOINTMENTS").count())
                .isGreaterThanOrEqualTo(1);
        assertThat(meters.counter("care.scheduling.plan.resumed", "reason", "SAFETY_ESCALATION").count())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void anEscalationRaisedBeforeThePlanExistsHoldsItFromTheStart() {
        UUID patient = UUID.randomUUID();
        events.publish(new PatientRegistered(UUID.randomUUID(), patient, clock.instant(), UUID.randomUUID(), "US-CA"));
        SafetyEscalationRaised raised = escalation(patient);
        events.publish(raised);
        UUID clinician = UUID.fromString(access.clinician("US-CA"));
        events.publish(new EligibilityApproved(UUID.randomUUID(), patient, clock.instant(), UUID.randomUUID(), clinician,
                UUID.randomUUID(), 4, "1.0", List.of()));
        Awaitility.await().atMost(WAIT).until(() -> mongo.exists(Query.query(Criteria.where("patientId")
                .is(patient.toString())), TreatmentPlan.class));
        access.team(patient.toString()).responsible(clinician.toString()).publish();
        String responsible = issuer.token(clinician.toString(), Role.CLINICIAN);

        assertThat(planOf(patient).status()).isEqualTo(TreatmentPlan.Status.PAUSED);
        JsonNode paused = awaitEvents(patient, PAUSED, any(), 1).getFirst();
        assertThat(paused.path("reason").asString()).isEqualTo("SAFETY_ESCALATION");
        assertThat(received(patient, CREATED, any())).hasSize(1);
        HttpResponse<String> blocked = api().post("/api/scheduling/appointments", issuer.patientToken("p", patient.toString()),
                "{\"patientId\":\"" + patient + "\",\"type\":\"DOSING_SESSION\",\"providerId\":\"" + provider()
                        + "\",\"start\":\"" + dayAt10(3) + "\",\"sessionNumber\":1}");
        assertThat(type(blocked)).isEqualTo("urn:care:problem:plan-not-active");
        assertThat(type(resume(patient, responsible, null))).isEqualTo("urn:care:problem:safety-escalation-open");

        events.publish(new SafetyEscalationResolved(UUID.randomUUID(), patient, clock.instant(), raised.escalationId(),
                SafetyEscalationResolved.Outcome.CLEARED, clinician));
        intakeHandledUpTo(patient);
        HttpResponse<String> resumed = resume(patient, responsible, null);
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        assertThat(Api.json(resumed).path("status").asString()).isEqualTo("ACTIVE");
        awaitEvents(patient, RESUMED, any(), 1);
    }

    @Test
    void aReferralOutEndsThePlanAndCancelsItsFutureAppointmentsOnce() {
        UUID patient = approvedPatient();
        String planId = planOf(patient).id();
        String responsible = access.clinician("US-CA");
        String coach = access.coach();
        access.team(patient.toString()).responsible(responsible).coach(coach).publish();
        String provider = provider();
        putAvailability(coach, "INTEGRATION_COACHING");
        Instant firstStart = dayAt10(3);
        String past = bookDosing(patient, provider, firstStart, 1);
        String dosing = bookDosing(patient, provider, dayAt10(10), 2);
        HttpResponse<String> coaching = api().post("/api/scheduling/appointments", issuer.token(coach, Role.COACH),
                "{\"patientId\":\"" + patient + "\",\"type\":\"INTEGRATION_COACHING\",\"providerId\":\"" + coach
                        + "\",\"start\":\"" + firstStart.plus(Duration.ofHours(27)) + "\",\"sessionNumber\":1}");
        assertThat(coaching.statusCode()).as(coaching.body()).isEqualTo(201);
        String coachingId = Api.json(coaching).path("appointmentId").asString();
        // The first dosing session's time has passed without news from the session service.
        clock.advance(Duration.between(clock.instant(), firstStart.plus(Duration.ofHours(4))));

        SafetyEscalationRaised raised = escalation(patient);
        events.publish(raised);
        UUID reviewer = UUID.fromString(access.clinician("US-CA"));
        SafetyEscalationResolved referred = new SafetyEscalationResolved(UUID.randomUUID(), patient, clock.instant(),
                raised.escalationId(), SafetyEscalationResolved.Outcome.REFERRED_OUT, reviewer);
        events.publish(referred);
        events.publish(referred);
        intakeHandledUpTo(patient);

        JsonNode completed = awaitEvents(patient, COMPLETED, any(), 1).getFirst();
        assertThat(completed.path("closure").asString()).isEqualTo("CLOSED_BY_CLINICIAN");
        assertThat(completed.path("clinicianId").asString()).isEqualTo(reviewer.toString());
        assertThat(completed.path("planId").asString()).isEqualTo(planId);
        assertThat(completed.path("completedSessions").asInt()).isZero();
        assertThat(completed.path("plannedSessions").asInt()).isEqualTo(6);
        List<JsonNode> cancelled = awaitEvents(patient, CANCELLED, any(), 2);
        assertThat(cancelled).extracting(event -> event.path("appointmentId").asString())
                .containsExactlyInAnyOrder(dosing, coachingId);
        assertThat(cancelled).allSatisfy(event -> {
            assertThat(event.path("reason").asString()).isEqualTo("PLAN_CLOSED");
            assertThat(event.path("initiatedBy").asString()).isEqualTo("SYSTEM");
        });
        assertThat(status(past)).as("a session whose time has passed is left to the session service").isEqualTo("BOOKED");
        assertThat(status(dosing)).isEqualTo("CANCELLED");
        assertThat(status(coachingId)).isEqualTo("CANCELLED");

        JsonNode plan = Api.json(api().get("/api/scheduling/patients/" + patient + "/plan", coordinator));
        assertThat(plan.path("status").asString()).isEqualTo("COMPLETED");
        assertThat(type(resume(patient, issuer.token(responsible, Role.CLINICIAN), null)))
                .isEqualTo("urn:care:problem:plan-not-paused");
        HttpResponse<String> noMoreCoaching = api().post("/api/scheduling/appointments", coordinator,
                "{\"patientId\":\"" + patient + "\",\"type\":\"INTEGRATION_COACHING\",\"providerId\":\"" + coach
                        + "\",\"start\":\"" + firstStart.plus(Duration.ofHours(28)) + "\",\"sessionNumber\":1}");
        assertThat(noMoreCoaching.statusCode()).isEqualTo(422);
        assertThat(type(noMoreCoaching)).isEqualTo("urn:care:problem:plan-not-active");

        // Coaching the integration service offers after the plan ended is neither booked nor reported.
        events.publish(new CoachAssigned(UUID.randomUUID(), patient, clock.instant(), UUID.fromString(coach), null));
        events.publish(new IntegrationStarted(UUID.randomUUID(), patient, clock.instant(), UUID.fromString(planId),
                UUID.randomUUID(), 1, firstStart.plus(Duration.ofHours(24)), firstStart.plus(Duration.ofHours(72))));
        String nextCoach = access.coach();
        events.publish(new CoachAssigned(UUID.randomUUID(), patient, clock.instant().plusSeconds(1),
                UUID.fromString(nextCoach), UUID.fromString(coach)));
        Awaitility.await().atMost(WAIT).until(() -> {
            Document assignment = mongo.getCollection("coach_assignments").find(new Document("_id", patient.toString()))
                    .first();
            return assignment != null && nextCoach.equals(assignment.getString("coachId"));
        });
        Document assignment = mongo.getCollection("coach_assignments").find(new Document("_id", patient.toString()))
                .first();
        assertThat(assignment.getList("unscheduled", Document.class)).isEmpty();
        assertThat(assignment.getList("pendingOffers", Document.class)).isEmpty();
        assertThat(mongo.getCollection("appointments").countDocuments(new Document("patientId", patient.toString())
                .append("kind", "INTEGRATION_COACHING"))).isEqualTo(1);

        // Delivered once more, much later: nothing ends or is cancelled twice.
        events.publish(referred);
        intakeHandledUpTo(patient);
        assertThat(received(patient, COMPLETED, any())).hasSize(1);
        assertThat(received(patient, CANCELLED, any())).hasSize(2);
    }

    // --- helpers ---

    Api api() {
        return new Api(port);
    }

    /** A patient of US-CA with an approved plan of six sessions. */
    UUID approvedPatient() {
        UUID patient = UUID.randomUUID();
        events.publish(new PatientRegistered(UUID.randomUUID(), patient, clock.instant(), UUID.randomUUID(), "US-CA"));
        events.publish(new EligibilityApproved(UUID.randomUUID(), patient, clock.instant(), UUID.randomUUID(),
                UUID.randomUUID(), UUID.randomUUID(), 6, "1.0", List.of()));
        Awaitility.await().atMost(WAIT).until(() -> mongo.exists(Query.query(Criteria.where("patientId")
                .is(patient.toString())), TreatmentPlan.class));
        return patient;
    }

    TreatmentPlan planOf(UUID patient) {
        return mongo.findOne(Query.query(Criteria.where("patientId").is(patient.toString())), TreatmentPlan.class);
    }

    /** A registered clinician licensed in US-CA, offering dosing sessions every day 06:00–22:00 UTC. */
    String provider() {
        String id = access.clinician("US-CA");
        putAvailability(id, "DOSING_SESSION");
        return id;
    }

    void putAvailability(String providerId, String kind) {
        StringBuilder weekly = new StringBuilder();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")) {
            weekly.append(weekly.isEmpty() ? "" : ",").append("{\"day\":\"").append(day)
                    .append("\",\"start\":\"06:00\",\"end\":\"22:00\"}");
        }
        HttpResponse<String> put = api().put("/api/scheduling/providers/" + providerId + "/availability", coordinator,
                "{\"timeZone\":\"Etc/UTC\",\"weekly\":[" + weekly + "],\"appointmentTypes\":[\"" + kind + "\"]}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    }

    Instant dayAt10(int daysAhead) {
        return clock.instant().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(daysAhead)).plus(Duration.ofHours(10));
    }

    String bookDosing(UUID patient, String provider, Instant start, int session) {
        HttpResponse<String> booked = api().post("/api/scheduling/appointments",
                issuer.patientToken("p-" + patient, patient.toString()), "{\"patientId\":\"" + patient
                        + "\",\"type\":\"DOSING_SESSION\",\"providerId\":\"" + provider + "\",\"start\":\"" + start
                        + "\",\"sessionNumber\":" + session + "}");
        assertThat(booked.statusCode()).as(booked.body()).isEqualTo(201);
        return Api.json(booked).path("appointmentId").asString();
    }

    String status(String appointmentId) {
        return mongo.getCollection("appointments").find(new Document("_id", appointmentId)).first()
                .getString("status");
    }

    HttpResponse<String> resume(UUID patient, String token, String rationale) {
        return api().post("/api/scheduling/patients/" + patient + "/plan/resume", token,
                rationale == null ? "" : "{\"rationale\":\"" + rationale + "\"}");
    }

    static String type(HttpResponse<String> response) {
        return Api.json(response).path("type").asString();
    }

    SafetyEscalationRaised escalation(UUID patient) {
        return new SafetyEscalationRaised(UUID.randomUUID(), patient, clock.instant(), UUID.randomUUID(),
                SafetyEscalationRaised.Trigger.SUICIDE_RISK_DISCLOSED, null);
    }

    /** Waits until an intake event published now was handled, and with it every earlier one of the patient. */
    void intakeHandledUpTo(UUID patient) {
        UUID consultation = UUID.randomUUID();
        events.publish(new ConsultationRequested(UUID.randomUUID(), patient, clock.instant(), consultation,
                UUID.randomUUID(), "US-CA"));
        Awaitility.await().atMost(WAIT).until(() -> mongo.findById(consultation.toString(), ConsultationTrack.class) != null);
    }

    static Predicate<JsonNode> any() {
        return event -> true;
    }

    static List<JsonNode> received(UUID patient, String type, Predicate<JsonNode> matching) {
        return recorder.matching(r -> patient.toString().equals(r.key()) && type.equals(r.type())).stream()
                .map(r -> JSON.readTree(r.value())).filter(matching).toList();
    }

    static List<JsonNode> awaitEvents(UUID patient, String type, Predicate<JsonNode> matching, int count) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> received(patient, type, matching).size() >= count);
        return received(patient, type, matching);
    }
}
