package care.integration.program;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;

import care.contracts.Topics;
import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.contracts.intake.ScreeningCompleted;
import care.contracts.scheduling.AppointmentBooked;
import care.contracts.scheduling.AppointmentCancelled;
import care.contracts.scheduling.AppointmentKind;
import care.contracts.scheduling.ChangeInitiator;
import care.contracts.scheduling.TreatmentPlanCompleted;
import care.contracts.scheduling.TreatmentPlanCreated;
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
import care.kit.test.TopicRecorder.Received;
import tools.jackson.databind.JsonNode;

/**
 * The integration phase on the real broker and store: other services' events go in through Kafka (the care
 * team as intake publishes it, too), the care team and the patient act through the API, and the integration
 * events come out on Kafka.
 */
@org.junit.jupiter.api.Tag("integration")
@ServiceIntegrationTest
@Import(MovableClockConfiguration.class)
class IntegrationJourneyIntegrationTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String JOURNAL_TEXT = "The knot in my chest loosened when I named the fear";
    static final String COACH_NOTES = "Explored the fear of judgement at work; agreed on a breathing practice";
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
        recorder = new TopicRecorder(List.of(Topics.INTEGRATION_EVENTS));
        events = new TestEvents();
    }

    @AfterAll
    static void everyEventMatchesItsSchemaAndCarriesNoFreeText() throws InterruptedException {
        recorder.close();
        events.close();
        assertThat(recorder.all()).isNotEmpty();
        recorder.assertEveryEventMatchesItsSchema(Topics.INTEGRATION_EVENTS);
        for (Received received : recorder.all()) {
            assertThat(received.value()).doesNotContain(JOURNAL_TEXT, COACH_NOTES, "\"mood\"", "\"notes\"", "\"text\"",
                    "\"answers\"");
        }
    }

    /** A patient whose plan was created after a screening of GAD-7 14 and PHQ-9 11. */
    record Patient(UUID id, UUID plan, UUID clinician, UUID coach, int planned) {

        String token(TestIssuer issuer) {
            return issuer.patientToken("user-" + id, id.toString());
        }

        String coachToken(TestIssuer issuer) {
            return issuer.token(coach.toString(), Role.COACH);
        }

        String clinicianToken(TestIssuer issuer) {
            return issuer.token(clinician.toString(), Role.CLINICIAN);
        }

        String url(String step) {
            return "/api/integration/patients/" + id + step;
        }
    }

    Api api() {
        return new Api(port);
    }

    AccessFixture access() {
        if (access == null) {
            access = new AccessFixture(events, mongo);
        }
        return access;
    }

    /** Registers the patient's clinician and coach in the staff directory, as intake publishes it. */
    void registerStaff(Patient patient) {
        access().register(patient.clinician().toString(), List.of(StaffRole.CLINICIAN), List.of("US-CA"));
        access().register(patient.coach().toString(), List.of(StaffRole.COACH), List.of());
    }

    /** Publishes the care team intake keeps: the clinician responsible and, when {@code withCoach}, the coach. */
    void careTeam(Patient patient, boolean withCoach) {
        AccessFixture.Team team = access().team(patient.id().toString()).responsible(patient.clinician().toString());
        if (withCoach) {
            team.coach(patient.coach().toString());
        }
        team.publish();
    }

    Patient enrolled(int planned) {
        Patient patient = new Patient(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), planned);
        events.publish(new ScreeningCompleted(UUID.randomUUID(), patient.id(), clock.instant().minus(Duration.ofDays(3)),
                UUID.randomUUID(), 14, ScreeningCompleted.Gad7Band.MODERATE, 11, ScreeningCompleted.Phq9Band.MODERATE,
                false, List.of()));
        events.publish(new TreatmentPlanCreated(UUID.randomUUID(), patient.id(), clock.instant(), patient.plan(),
                UUID.randomUUID(), UUID.randomUUID(), patient.clinician(), planned));
        integrationEvents(patient, "OutcomeMeasured", 2);
        return patient;
    }

    SessionCompleted completed(Patient patient, int number) {
        SessionCompleted completed = new SessionCompleted(UUID.randomUUID(), patient.id(), clock.instant(),
                UUID.randomUUID(), UUID.randomUUID(), patient.plan(), number, patient.clinician(), 125);
        events.publish(completed);
        integrationEvents(patient, "IntegrationStarted", number);
        return completed;
    }

    List<Received> integrationEvents(Patient patient, String type, int count) {
        return recorder.await(r -> patient.id().toString().equals(r.key())
                && ("care.integration." + type + ".v1").equals(r.type()), count, WAIT);
    }

    List<Received> recorded(Patient patient, String type) {
        return recorder.matching(r -> patient.id().toString().equals(r.key())
                && ("care.integration." + type + ".v1").equals(r.type()));
    }

    static String answers(int total, int items, boolean item9) {
        List<Integer> answers = new ArrayList<>();
        int left = total - (item9 ? 1 : 0);
        for (int i = 0; i < items; i++) {
            int answer = i == 8 ? (item9 ? 1 : 0) : Math.min(3, left);
            if (i != 8) {
                left -= answer;
            }
            answers.add(answer);
        }
        return answers.toString().replace(" ", "");
    }

    HttpResponse<String> assess(Patient patient, String token, String instrument, int total, boolean item9) {
        int items = instrument.equals("GAD7") ? 7 : 9;
        return api().post(patient.url("/assessments"), token, "{\"instrument\":\"" + instrument + "\",\"answers\":"
                + answers(total, items, item9) + "}");
    }

    static String problemType(HttpResponse<String> response) {
        return Api.json(response).path("type").asString();
    }

    @Test
    void aSixSessionProgramRunsFromBaselineToCompletion() {
        Patient patient = enrolled(6);
        String token = patient.token(issuer);
        List<Received> baseline = integrationEvents(patient, "OutcomeMeasured", 2);
        assertThat(baseline).extracting(Received::value).allSatisfy(value -> assertThat(value)
                .contains("\"timepoint\":\"BASELINE\"", "\"planId\":\"" + patient.plan() + "\""));
        assertThat(baseline).extracting(Received::value).anySatisfy(value -> assertThat(value)
                .contains("\"instrument\":\"GAD7\"", "\"score\":14", "\"band\":\"MODERATE\""));

        // Intake's care team names the clinician, then the coach; scheduling learns of the coach through
        // CoachAssigned. A later change of the team that keeps the coach announces nothing.
        registerStaff(patient);
        careTeam(patient, false);
        careTeam(patient, true);
        assertThat(integrationEvents(patient, "CoachAssigned", 1).getFirst().value())
                .contains("\"coachId\":\"" + patient.coach() + "\"", "\"previousCoachId\":null");
        access().team(patient.id().toString()).responsible(patient.clinician().toString())
                .supervising(access().clinician()).coach(patient.coach().toString()).publish();

        // Session 1 completes: its prompts are assigned and coaching is offered 24-72 h later. Delivered three
        // times, it assigns them once.
        SessionCompleted first = completed(patient, 1);
        events.publish(first);
        events.publish(first);
        Received started = integrationEvents(patient, "IntegrationStarted", 1).getFirst();
        assertThat(started.value()).contains("\"sessionNumber\":1",
                "\"coachingWindowStart\":\"" + first.occurredAt().plus(Duration.ofHours(24)) + "\"",
                "\"coachingWindowEnd\":\"" + first.occurredAt().plus(Duration.ofHours(72)) + "\"");
        List<Received> prompts = integrationEvents(patient, "JournalPromptAssigned", 2);
        assertThat(prompts).allSatisfy(p -> assertThat(p.value()).contains("\"sessionNumber\":1"));

        // Session 2 (its events also show that the redelivered session 1 has been handled by now).
        clock.advance(Duration.ofDays(3));
        completed(patient, 2);
        integrationEvents(patient, "JournalPromptAssigned", 4);
        assertThat(recorded(patient, "IntegrationStarted")).hasSize(2);
        assertThat(recorded(patient, "JournalPromptAssigned")).hasSize(4);
        assertThat(recorded(patient, "CoachAssigned")).hasSize(1);

        JsonNode promptList = Api.json(api().get(patient.url("/prompts"), token));
        assertThat(promptList.size()).isEqualTo(4);
        String promptId = promptList.get(0).path("promptId").asString();
        assertThat(promptList.get(0).path("text").asString()).isNotBlank();

        // The patient journals; the text and mood stay here.
        HttpResponse<String> entry = api().post(patient.url("/journal-entries"), token,
                "{\"promptId\":\"" + promptId + "\",\"text\":\"" + JOURNAL_TEXT + "\",\"mood\":6}");
        assertThat(entry.statusCode()).as(entry.body()).isEqualTo(201);
        Received submitted = integrationEvents(patient, "JournalEntrySubmitted", 1).getFirst();
        assertThat(submitted.value()).contains("\"wordCount\":11",
                "\"assignmentId\":\"" + promptList.get(0).path("assignmentId").asString() + "\"");
        assertThat(api().get(patient.url("/journal-entries"), token).body()).contains(JOURNAL_TEXT);
        assertThat(api().get(patient.url("/journal-entries"), patient.coachToken(issuer)).body())
                .contains(JOURNAL_TEXT);
        assertThat(api().get(patient.url("/journal-entries"), patient.clinicianToken(issuer)).body())
                .contains(JOURNAL_TEXT);
        assertThat(api().get(patient.url("/journal-entries"), issuer.token(UUID.randomUUID().toString(),
                Role.CLINICIAN)).statusCode()).isEqualTo(403);
        assertThat(api().get(patient.url("/journal-entries"), issuer.token(UUID.randomUUID().toString(),
                Role.COACH)).statusCode()).isEqualTo(403);
        assertThat(api().get(patient.url("/journal-entries"), issuer.token(access().coach(), Role.COACH))
                .statusCode()).isEqualTo(403);
        assertThat(api().get(patient.url("/journal-entries"), coordinator).statusCode()).isEqualTo(403);
        assertThat(api().get(patient.url("/journal-entries"), issuer.token("admin-1", Role.ADMIN)).statusCode())
                .isEqualTo(403);
        UUID other = UUID.randomUUID();
        assertThat(api().get(patient.url("/journal-entries"), issuer.patientToken("user-" + other, other.toString()))
                .statusCode()).isEqualTo(404);

        // Session 2 reached the first timepoint after baseline: both questionnaires are due, announced once.
        assertThat(integrationEvents(patient, "OutcomeMeasuresDue", 1).getFirst().value())
                .contains("\"timepoint\":\"AFTER_SESSION_2\"", "\"instruments\":[\"GAD7\",\"PHQ9\"]");

        // After session 2: GAD-7 14 → 7 is exactly a 50 % drop, a response; PHQ-9 unchanged.
        HttpResponse<String> gad7 = assess(patient, token, "GAD7", 7, false);
        assertThat(gad7.statusCode()).as(gad7.body()).isEqualTo(201);
        assertThat(Api.json(gad7).path("timepoint").asString()).isEqualTo("AFTER_SESSION_2");
        assertThat(Api.json(gad7).path("changeFromBaseline").asInt()).isEqualTo(-7);
        assertThat(assess(patient, token, "PHQ9", 11, false).statusCode()).isEqualTo(201);
        assertThat(problemType(assess(patient, token, "GAD7", 6, false)))
                .isEqualTo("urn:care:problem:measure-already-recorded");
        List<Received> afterTwo = integrationEvents(patient, "OutcomeMeasured", 4).stream()
                .filter(r -> r.value().contains("AFTER_SESSION_2")).toList();
        assertThat(afterTwo).hasSize(2);
        assertThat(afterTwo).anySatisfy(r -> assertThat(r.value()).contains("\"instrument\":\"GAD7\"", "\"score\":7",
                "\"baselineScore\":14", "\"changeFromBaseline\":-7", "\"response\":true", "\"remission\":false",
                "\"band\":\"MILD\""));
        assertThat(afterTwo).anySatisfy(r -> assertThat(r.value()).contains("\"instrument\":\"PHQ9\"", "\"score\":11",
                "\"changeFromBaseline\":0", "\"response\":false", "\"remission\":false"));

        // After session 4: GAD-7 4 is a remission; PHQ-9 6 with item 9 answered is flagged for intake's escalation.
        clock.advance(Duration.ofDays(3));
        completed(patient, 3);
        clock.advance(Duration.ofDays(3));
        completed(patient, 4);
        assertThat(assess(patient, token, "GAD7", 4, false).statusCode()).isEqualTo(201);
        HttpResponse<String> phq9 = assess(patient, token, "PHQ9", 6, true);
        assertThat(phq9.statusCode()).isEqualTo(201);
        assertThat(Api.json(phq9).path("safetyReviewRequested").asBoolean()).isTrue();
        List<Received> afterFour = integrationEvents(patient, "OutcomeMeasured", 6).stream()
                .filter(r -> r.value().contains("AFTER_SESSION_4")).toList();
        assertThat(afterFour).anySatisfy(r -> assertThat(r.value()).contains("\"instrument\":\"GAD7\"", "\"score\":4",
                "\"response\":true", "\"remission\":true", "\"band\":\"MINIMAL\""));
        assertThat(afterFour).anySatisfy(r -> assertThat(r.value()).contains("\"instrument\":\"PHQ9\"", "\"score\":6",
                "\"response\":false", "\"remission\":false", "\"phq9Item9Positive\":true"));

        clock.advance(Duration.ofDays(3));
        completed(patient, 5);
        clock.advance(Duration.ofDays(3));
        SessionCompleted last = completed(patient, 6);

        // Scheduling booked the coaching after session 6 with the coach; the coach records it afterwards.
        UUID appointment = UUID.randomUUID();
        Instant coachingStart = last.occurredAt().plus(Duration.ofHours(26)).truncatedTo(ChronoUnit.MINUTES);
        events.publish(new AppointmentBooked(UUID.randomUUID(), patient.id(), clock.instant(), appointment,
                patient.plan(), null, patient.coach(), AppointmentKind.INTEGRATION_COACHING, 6, coachingStart,
                coachingStart.plus(Duration.ofMinutes(45)), false));
        Awaitility.await().atMost(WAIT).until(() -> Api.json(api().get(patient.url("/progress"), token))
                .path("coaching").size() == 1);
        String coachingBody = "{\"appointmentId\":\"" + appointment + "\",\"notes\":\"" + COACH_NOTES
                + "\",\"contentIds\":[\"" + starterContentId() + "\"]}";
        assertThat(problemType(api().post(patient.url("/coaching-sessions"), patient.coachToken(issuer), coachingBody)))
                .isEqualTo("urn:care:problem:coaching-not-started");
        clock.advance(Duration.ofHours(27));
        assertThat(api().post(patient.url("/coaching-sessions"), issuer.token(UUID.randomUUID().toString(), Role.COACH),
                coachingBody).statusCode()).isEqualTo(403);
        assertThat(api().post(patient.url("/coaching-sessions"), token, coachingBody).statusCode()).isEqualTo(403);
        HttpResponse<String> coached = api().post(patient.url("/coaching-sessions"), patient.coachToken(issuer),
                coachingBody);
        assertThat(coached.statusCode()).as(coached.body()).isEqualTo(201);
        assertThat(Api.json(coached).path("durationMinutes").asInt()).isEqualTo(45);
        assertThat(problemType(api().post(patient.url("/coaching-sessions"), patient.coachToken(issuer), coachingBody)))
                .isEqualTo("urn:care:problem:coaching-already-recorded");
        assertThat(integrationEvents(patient, "CoachingSessionCompleted", 1).getFirst().value()).contains(
                "\"appointmentId\":\"" + appointment + "\"", "\"coachId\":\"" + patient.coach() + "\"",
                "\"sessionNumber\":6", "\"durationMinutes\":45", starterContentId());
        assertThat(api().get(patient.url("/coaching-sessions"), patient.coachToken(issuer)).body()).contains(COACH_NOTES);

        // The end-of-program measures are due now that all six sessions are done.
        JsonNode progress = Api.json(api().get(patient.url("/progress"), token));
        assertThat(progress.path("completedSessions").asInt()).isEqualTo(6);
        assertThat(progress.path("plannedSessions").asInt()).isEqualTo(6);
        assertThat(progress.path("due").toString()).contains("\"kind\":\"OUTCOME_MEASURE\"", "\"timepoint\":\"PROGRAM_END\"");
        assertThat(assess(patient, token, "GAD7", 3, false).statusCode()).isEqualTo(201);
        assertThat(assess(patient, token, "PHQ9", 4, false).statusCode()).isEqualTo(201);
        assertThat(recorded(patient, "ProgramCompleted")).isEmpty();

        assertThat(recorded(patient, "OutcomeMeasuresDue")).extracting(r -> r.value().replaceAll(
                ".*\"timepoint\":\"([A-Z_0-9]+)\".*", "$1")).containsExactly("AFTER_SESSION_2", "AFTER_SESSION_4",
                "PROGRAM_END");

        // The plan ends: the program is complete, with the outcome summary.
        events.publish(new TreatmentPlanCompleted(UUID.randomUUID(), patient.id(), clock.instant(), patient.plan(),
                TreatmentPlanCompleted.Closure.ALL_SESSIONS_COMPLETED, 6, 6, patient.clinician()));
        String done = integrationEvents(patient, "ProgramCompleted", 1).getFirst().value();
        assertThat(done).contains("\"completedSessions\":6", "\"plannedSessions\":6", "\"coachingSessions\":1",
                "\"gad7\":{\"instrument\":\"GAD7\",\"baselineScore\":14,\"endScore\":3,\"changeFromBaseline\":-11,"
                        + "\"response\":true,\"remission\":true}",
                "\"phq9\":{\"instrument\":\"PHQ9\",\"baselineScore\":11,\"endScore\":4,\"changeFromBaseline\":-7,"
                        + "\"response\":true,\"remission\":true}");

        JsonNode finished = Api.json(api().get(patient.url("/progress"), patient.clinicianToken(issuer)));
        assertThat(finished.path("status").asString()).isEqualTo("COMPLETED");
        assertThat(finished.path("measures").path("GAD7").size()).isEqualTo(4);
        assertThat(finished.path("measures").path("GAD7").get(3).path("timepoint").asString()).isEqualTo("PROGRAM_END");
        assertThat(finished.path("journal").path("entries").asInt()).isEqualTo(1);
        assertThat(finished.path("journal").path("promptsAssigned").asInt()).isEqualTo(12);
        assertThat(finished.path("due").size()).isZero();
        assertThat(problemType(assess(patient, token, "GAD7", 3, false))).isEqualTo("urn:care:problem:program-completed");

        // A returning patient's new plan starts a new program; the finished one is kept, measures and all.
        UUID nextPlan = UUID.randomUUID();
        events.publish(new TreatmentPlanCreated(UUID.randomUUID(), patient.id(), clock.instant(), nextPlan,
                UUID.randomUUID(), UUID.randomUUID(), patient.clinician(), 4));
        Awaitility.await().atMost(WAIT).until(() -> Api.json(api().get(patient.url("/progress"), token))
                .path("planId").asString().equals(nextPlan.toString()));
        JsonNode returning = Api.json(api().get(patient.url("/progress"), token));
        assertThat(returning.path("status").asString()).isEqualTo("ACTIVE");
        assertThat(returning.path("earlierPrograms").toString()).contains("\"planId\":\"" + patient.plan() + "\"",
                "\"status\":\"COMPLETED\"", "\"completedSessions\":6");
        assertThat(mongo.findById(patient.id().toString(), CarePath.class).earlierPrograms().getFirst().measures())
                .hasSize(8);
    }

    @Test
    void aFourSessionPlanTakesTheEndOfProgramMeasureAfterSessionFour() {
        Patient patient = enrolled(4);
        String token = patient.token(issuer);
        for (int number = 1; number <= 4; number++) {
            clock.advance(Duration.ofDays(3));
            completed(patient, number);
        }
        HttpResponse<String> measured = assess(patient, token, "GAD7", 9, false);
        assertThat(Api.json(measured).path("timepoint").asString()).isEqualTo("PROGRAM_END");
        JsonNode progress = Api.json(api().get(patient.url("/progress"), token));
        assertThat(progress.path("missedMeasures").toString()).contains("AFTER_SESSION_2");
        assertThat(progress.path("due").toString()).contains("\"instrument\":\"PHQ9\"", "\"kind\":\"COACHING_SESSION\"");
    }

    @Test
    void eventsMayArriveInAnyOrder() {
        Patient patient = new Patient(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 4);
        // Session 1's completion overtakes the plan's creation, and the screening comes last.
        SessionCompleted first = new SessionCompleted(UUID.randomUUID(), patient.id(), clock.instant(),
                UUID.randomUUID(), UUID.randomUUID(), patient.plan(), 1, patient.clinician(), 121);
        events.publish(first);
        integrationEvents(patient, "IntegrationStarted", 1);
        events.publish(new TreatmentPlanCreated(UUID.randomUUID(), patient.id(), clock.instant().minus(Duration.ofDays(2)),
                patient.plan(), UUID.randomUUID(), UUID.randomUUID(), patient.clinician(), 4));
        events.publish(new ScreeningCompleted(UUID.randomUUID(), patient.id(), clock.instant().minus(Duration.ofDays(5)),
                UUID.randomUUID(), 16, ScreeningCompleted.Gad7Band.SEVERE, 9, ScreeningCompleted.Phq9Band.MILD,
                false, List.of()));
        List<Received> baseline = integrationEvents(patient, "OutcomeMeasured", 2);
        assertThat(baseline).anySatisfy(r -> assertThat(r.value()).contains("\"score\":16", "\"timepoint\":\"BASELINE\""));
        JsonNode progress = Api.json(api().get(patient.url("/progress"), patient.token(issuer)));
        assertThat(progress.path("plannedSessions").asInt()).isEqualTo(4);
        assertThat(progress.path("completedSessions").asInt()).isEqualTo(1);
        assertThat(progress.path("next").path("afterSession").asInt()).isEqualTo(2);
        assertThat(recorded(patient, "JournalPromptAssigned")).hasSize(2);
    }

    @Test
    void badInputAndRefusedActionsChangeNothing() {
        Patient patient = enrolled(6);
        String token = patient.token(issuer);
        registerStaff(patient);
        careTeam(patient, true);

        // Malformed input: 400 naming the field.
        HttpResponse<String> shortList = api().post(patient.url("/assessments"), token,
                "{\"instrument\":\"GAD7\",\"answers\":[1,1,1,1,1,1,1,1,1]}");
        assertThat(shortList.statusCode()).isEqualTo(400);
        assertThat(shortList.body()).contains("answers").doesNotContain("Exception");
        HttpResponse<String> outOfRange = api().post(patient.url("/assessments"), token,
                "{\"instrument\":\"GAD7\",\"answers\":[1,1,4,1,1,1,1]}");
        assertThat(outOfRange.statusCode()).isEqualTo(400);
        assertThat(outOfRange.body()).contains("answers");
        assertThat(api().post(patient.url("/assessments"), token, "{\"answers\":[1,1,1,1,1,1,1]}").body())
                .contains("instrument");
        assertThat(api().post(patient.url("/assessments"), token, "{\"instrument\":\"BDI\",\"answers\":[1]}")
                .statusCode()).isEqualTo(400);
        assertThat(api().post("/api/integration/patients/not-a-uuid/assessments", token,
                "{\"instrument\":\"GAD7\",\"answers\":[1,1,1,1,1,1,1]}").statusCode()).isEqualTo(400);
        HttpResponse<String> blank = api().post(patient.url("/journal-entries"), token, "{\"text\":\"  \",\"mood\":5}");
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(blank.body()).contains("text");
        assertThat(api().post(patient.url("/journal-entries"), token, "{\"text\":\"fine\",\"mood\":11}").body())
                .contains("mood");
        assertThat(api().post(patient.url("/journal-entries"), token, "{\"text\":\"fine\",\"promptId\":\"x\"}").body())
                .contains("promptId");

        // Refusals: 403/404/409/422 problems.
        assertThat(problemType(api().post(patient.url("/journal-entries"), token,
                "{\"text\":\"fine\",\"promptId\":\"" + UUID.randomUUID() + "\"}")))
                .isEqualTo("urn:care:problem:prompt-not-assigned");
        HttpResponse<String> early = assess(patient, token, "GAD7", 5, false);
        assertThat(early.statusCode()).isEqualTo(422);
        assertThat(problemType(early)).isEqualTo("urn:care:problem:no-measure-due");
        assertThat(Api.json(early).path("detail").asString()).contains("after session 2");
        // The questionnaire is the patient's own: nobody answers it for them.
        for (String staff : List.of(patient.coachToken(issuer), patient.clinicianToken(issuer), coordinator)) {
            assertThat(assess(patient, staff, "GAD7", 5, false).statusCode()).isEqualTo(403);
        }
        // Intake assigns the coach (the care team): this service no longer does.
        HttpResponse<String> assign = api().put(patient.url("/coach"), coordinator,
                "{\"coachId\":\"" + UUID.randomUUID() + "\"}");
        assertThat(assign.statusCode()).isEqualTo(404);
        assertThat(problemType(assign)).isEqualTo("urn:care:problem:not-found");
        assertThat(api().post(patient.url("/journal-entries"), patient.coachToken(issuer), "{\"text\":\"x\"}")
                .statusCode()).isEqualTo(403);
        UUID stranger = UUID.randomUUID();
        assertThat(api().get(patient.url("/progress"), issuer.patientToken("user-" + stranger, stranger.toString()))
                .statusCode()).isEqualTo(404);
        assertThat(api().get(patient.url("/progress"), issuer.token("admin-1", Role.ADMIN)).statusCode()).isEqualTo(403);

        String coaching = "{\"appointmentId\":\"" + UUID.randomUUID() + "\",\"notes\":\"n\"}";
        assertThat(problemType(api().post(patient.url("/coaching-sessions"), patient.coachToken(issuer), coaching)))
                .isEqualTo("urn:care:problem:unknown-coaching-appointment");

        // A cancelled coaching appointment has no session to record.
        completed(patient, 1);
        UUID appointment = UUID.randomUUID();
        Instant start = clock.instant().plus(Duration.ofHours(25)).truncatedTo(ChronoUnit.MINUTES);
        events.publish(new AppointmentBooked(UUID.randomUUID(), patient.id(), clock.instant(), appointment,
                patient.plan(), null, patient.coach(), AppointmentKind.INTEGRATION_COACHING, 1, start,
                start.plus(Duration.ofMinutes(45)), false));
        events.publish(new AppointmentCancelled(UUID.randomUUID(), patient.id(), clock.instant(), appointment,
                AppointmentKind.INTEGRATION_COACHING, start, ChangeInitiator.PATIENT,
                AppointmentCancelled.Reason.PATIENT_REQUEST, false));
        Awaitility.await().atMost(WAIT).until(() -> Api.json(api().get(patient.url("/progress"), token))
                .path("coaching").toString().contains("CANCELLED"));
        assertThat(problemType(api().post(patient.url("/coaching-sessions"), patient.coachToken(issuer),
                "{\"appointmentId\":\"" + appointment + "\"}")))
                .isEqualTo("urn:care:problem:coaching-appointment-cancelled");
        HttpResponse<String> unknownContent = api().post(patient.url("/coaching-sessions"), patient.coachToken(issuer),
                "{\"appointmentId\":\"" + appointment + "\",\"contentIds\":[\"" + UUID.randomUUID() + "\"]}");
        assertThat(problemType(unknownContent)).isEqualTo("urn:care:problem:unknown-content");

        // The patient's coach does not record a session another coach was booked for.
        UUID elsewhere = UUID.randomUUID();
        Instant earlier = clock.instant().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MINUTES);
        events.publish(new AppointmentBooked(UUID.randomUUID(), patient.id(), clock.instant(), elsewhere,
                patient.plan(), null, UUID.fromString(access().coach()), AppointmentKind.INTEGRATION_COACHING, 1,
                earlier, earlier.plus(Duration.ofMinutes(45)), false));
        Awaitility.await().atMost(WAIT).until(() -> Api.json(api().get(patient.url("/progress"), token))
                .path("coaching").toString().contains(elsewhere.toString()));
        HttpResponse<String> notTheirs = api().post(patient.url("/coaching-sessions"), patient.coachToken(issuer),
                "{\"appointmentId\":\"" + elsewhere + "\",\"notes\":\"n\"}");
        assertThat(notTheirs.statusCode()).isEqualTo(403);
        assertThat(Api.json(notTheirs).path("detail").asString()).contains("appointment's coach");

        // Nothing was stored by any of it.
        JsonNode progress = Api.json(api().get(patient.url("/progress"), token));
        assertThat(progress.path("journal").path("entries").asInt()).isZero();
        assertThat(progress.path("measures").path("GAD7").size()).isEqualTo(1);
        assertThat(progress.path("coachId").asString()).isEqualTo(patient.coach().toString());
        assertThat(recorded(patient, "JournalEntrySubmitted")).isEmpty();
        assertThat(recorded(patient, "CoachingSessionCompleted")).isEmpty();
    }

    @Test
    void journalEntriesAreIdempotentUnderAKey() {
        Patient patient = enrolled(4);
        java.util.Map<String, String> key = java.util.Map.of("Idempotency-Key", "entry-1");
        HttpResponse<String> first = api().postWithHeaders(patient.url("/journal-entries"), patient.token(issuer), key,
                "{\"text\":\"Free journaling on a calm morning\",\"mood\":7}");
        HttpResponse<String> retry = api().postWithHeaders(patient.url("/journal-entries"), patient.token(issuer), key,
                "{\"text\":\"Free journaling on a calm morning\",\"mood\":7}");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(Api.json(retry).path("entryId").asString()).isEqualTo(Api.json(first).path("entryId").asString());
        assertThat(integrationEvents(patient, "JournalEntrySubmitted", 1).getFirst().value())
                .contains("\"assignmentId\":null", "\"wordCount\":6");
        assertThat(Api.json(api().get(patient.url("/journal-entries"), patient.token(issuer))).size()).isEqualTo(1);
    }

    String starterContentId() {
        return Api.json(api().get("/api/integration/content?kind=BREATHWORK&tag=anxiety", coordinator))
                .path("items").get(0).path("contentId").asString();
    }
}
