package care.integration.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import care.contracts.CareEvent;
import care.contracts.integration.CoachAssigned;
import care.contracts.integration.IntegrationStarted;
import care.contracts.integration.JournalPromptAssigned;
import care.contracts.integration.OutcomeMeasured;
import care.contracts.integration.OutcomeMeasured.Instrument;
import care.contracts.integration.OutcomeMeasured.Timepoint;
import care.contracts.integration.ProgramCompleted;
import care.contracts.intake.ScreeningCompleted;
import care.contracts.scheduling.AppointmentBooked;
import care.contracts.scheduling.AppointmentKind;
import care.contracts.scheduling.TreatmentPlanCompleted;
import care.contracts.scheduling.TreatmentPlanCreated;
import care.contracts.session.SessionCompleted;
import care.integration.outcome.OutcomePolicy;
import care.integration.pathway.IntegrationPolicy;
import care.kit.domain.Refusal;

/** The care path's rules, without Spring or a store. */
class CarePathTest {

    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    static final IntegrationPolicy POLICY = IntegrationPolicy.defaults();
    static final List<Integer> GAD7_SEVEN = List.of(1, 1, 1, 1, 1, 1, 1);

    final UUID patient = UUID.randomUUID();
    final UUID plan = UUID.randomUUID();
    final UUID clinician = UUID.randomUUID();
    final CarePath path = new CarePath(patient.toString());

    @Test
    void aCompletedSessionAssignsItsPromptsAndOpensTheCoachingWindowAsThePolicySays() {
        IntegrationPolicy clinic = new IntegrationPolicy(Duration.ofHours(12), Duration.ofHours(48),
                Duration.ofHours(24), null);
        path.startPlan(planCreated(6), T0);
        String prompt = UUID.randomUUID().toString();
        Instant done = T0.plus(Duration.ofDays(1));
        List<CareEvent> events = path.completeSession(session(1, done), List.of(prompt), clinic, done);

        JournalPromptAssigned assigned = (JournalPromptAssigned) events.get(0);
        assertThat(assigned.dueAt()).isEqualTo(done.plus(Duration.ofHours(24)));
        assertThat(assigned.assignmentId()).isEqualTo(nameUuid("assignment:" + plan + ":" + prompt));
        IntegrationStarted started = (IntegrationStarted) events.get(1);
        assertThat(started.coachingWindowStart()).isEqualTo(done.plus(Duration.ofHours(12)));
        assertThat(started.coachingWindowEnd()).isEqualTo(done.plus(Duration.ofHours(48)));
        // The same session delivered again changes nothing.
        assertThat(path.completeSession(session(1, done), List.of(prompt), clinic, done)).isEmpty();
    }

    @Test
    void theScreeningBeforeThePlanIsTheBaselineUnderItsDerivedIds() {
        UUID screening = UUID.randomUUID();
        path.recordScreening(screening(screening, 14, 11, T0.minus(Duration.ofDays(3))), T0);
        List<CareEvent> events = path.startPlan(planCreated(6), T0);
        assertThat(events).hasSize(2).allMatch(OutcomeMeasured.class::isInstance);
        assertThat(((OutcomeMeasured) events.get(0)).measurementId())
                .isEqualTo(nameUuid("baseline:" + plan + ":" + screening + ":GAD7"));
        assertThat(path.program().orElseThrow().baselineScore(Instrument.PHQ9)).isEqualTo(11);
    }

    @Test
    void noMeasureIsDueBeforeSessionTwoAndEachIsRecordedOnce() {
        path.recordScreening(screening(UUID.randomUUID(), 14, 11, T0.minus(Duration.ofDays(3))), T0);
        path.startPlan(planCreated(6), T0);
        sessions(1);
        assertThatThrownBy(() -> path.submitMeasure(Instrument.GAD7, GAD7_SEVEN, "user", OutcomePolicy.defaults(), T0))
                .isInstanceOfSatisfying(Refusal.class, refusal -> {
                    assertThat(refusal.kind()).isEqualTo(Refusal.Kind.RULE);
                    assertThat(refusal.type()).isEqualTo("no-measure-due");
                    assertThat(refusal.title()).isEqualTo("No outcome measure due");
                    assertThat(refusal.detail()).isEqualTo("The next questionnaires are due after session 2.");
                });
        sessions(2);
        List<CareEvent> events = path.submitMeasure(Instrument.GAD7, GAD7_SEVEN, "user", OutcomePolicy.defaults(), T0);
        OutcomeMeasured measured = (OutcomeMeasured) events.getFirst();
        // From 14, a score of 7 is exactly half: a response.
        assertThat(measured.timepoint()).isEqualTo(Timepoint.AFTER_SESSION_2);
        assertThat(measured.response()).isTrue();
        assertThat(path.program().orElseThrow().measures().getLast().recordedBy()).isEqualTo("user");
        assertThatThrownBy(() -> path.submitMeasure(Instrument.GAD7, GAD7_SEVEN, "user", OutcomePolicy.defaults(), T0))
                .isInstanceOfSatisfying(Refusal.class, refusal -> {
                    assertThat(refusal.kind()).isEqualTo(Refusal.Kind.CONFLICT);
                    assertThat(refusal.type()).isEqualTo("measure-already-recorded");
                    assertThat(refusal.detail()).isEqualTo("This questionnaire is already recorded for AFTER_SESSION_2.");
                });
    }

    @Test
    void withoutAStartedProgramNothingIsMeasured() {
        assertThatThrownBy(() -> path.submitMeasure(Instrument.GAD7, GAD7_SEVEN, "user", OutcomePolicy.defaults(), T0))
                .isInstanceOfSatisfying(Refusal.class, refusal -> assertThat(refusal.type()).isEqualTo("no-program"));
    }

    @Test
    void onlyTheAppointmentsCoachRecordsItsSessionOnceItHasStarted() {
        path.startPlan(planCreated(6), T0);
        sessions(1);
        UUID coach = UUID.randomUUID();
        UUID appointment = UUID.randomUUID();
        Instant start = T0.plus(Duration.ofDays(2));
        path.bookCoaching(new AppointmentBooked(UUID.randomUUID(), patient, T0, appointment, plan, null, coach,
                AppointmentKind.INTEGRATION_COACHING, 1, start, start.plus(Duration.ofMinutes(45)), false));
        String id = appointment.toString();

        assertThat(refusal(() -> path.recordCoaching(UUID.randomUUID().toString(), coach.toString(), null, null,
                List.of(), start)).type()).isEqualTo("unknown-coaching-appointment");
        Refusal notTheirs = refusal(() -> path.recordCoaching(id, UUID.randomUUID().toString(), null, null, List.of(),
                start));
        assertThat(notTheirs.kind()).isEqualTo(Refusal.Kind.FORBIDDEN);
        assertThat(notTheirs.detail()).contains("appointment's coach");
        assertThat(refusal(() -> path.recordCoaching(id, coach.toString(), null, null, List.of(),
                start.minusMillis(1))).type()).isEqualTo("coaching-not-started");

        path.recordCoaching(id, coach.toString(), "notes", null, List.of(), start);
        assertThat(path.program().orElseThrow().coaching().getLast().durationMinutes()).isEqualTo(45);
        Refusal again = refusal(() -> path.recordCoaching(id, coach.toString(), null, null, List.of(), start));
        assertThat(again.kind()).isEqualTo(Refusal.Kind.CONFLICT);
        assertThat(again.type()).isEqualTo("coaching-already-recorded");
    }

    @Test
    void aCancelledAppointmentHasNoSessionToRecord() {
        path.startPlan(planCreated(6), T0);
        UUID coach = UUID.randomUUID();
        UUID appointment = UUID.randomUUID();
        path.bookCoaching(new AppointmentBooked(UUID.randomUUID(), patient, T0, appointment, plan, null, coach,
                AppointmentKind.INTEGRATION_COACHING, 1, T0, T0.plus(Duration.ofMinutes(45)), false));
        path.closeCoaching(appointment.toString(), CarePath.CoachingStatus.CANCELLED);
        assertThat(refusal(() -> path.recordCoaching(appointment.toString(), coach.toString(), null, null, List.of(),
                T0)).type()).isEqualTo("coaching-appointment-cancelled");
    }

    @Test
    void theProgramCompletesWhenThePlanHasEndedAndTheEndMeasuresAreIn() {
        path.recordScreening(screening(UUID.randomUUID(), 14, 11, T0.minus(Duration.ofDays(3))), T0);
        path.startPlan(planCreated(4), T0);
        sessions(2);
        path.endPlan(new TreatmentPlanCompleted(UUID.randomUUID(), patient, T0, plan,
                TreatmentPlanCompleted.Closure.CLOSED_BY_CLINICIAN, 2, 4, clinician), T0);
        UUID coach = UUID.randomUUID();
        UUID appointment = UUID.randomUUID();
        path.bookCoaching(new AppointmentBooked(UUID.randomUUID(), patient, T0, appointment, plan, null, coach,
                AppointmentKind.INTEGRATION_COACHING, 2, T0, T0.plus(Duration.ofMinutes(45)), false));
        assertThat(path.submitMeasure(Instrument.GAD7, GAD7_SEVEN, "user", OutcomePolicy.defaults(), T0)).hasSize(1);
        assertThat(path.submitMeasure(Instrument.PHQ9, List.of(0, 0, 0, 0, 0, 0, 1, 1, 1), "user",
                OutcomePolicy.defaults(), T0)).hasSize(1);
        List<CareEvent> events = path.recordCoaching(appointment.toString(), coach.toString(), null, 40, List.of(), T0);
        ProgramCompleted completed = (ProgramCompleted) events.getLast();
        assertThat(completed.completedSessions()).isEqualTo(2);
        assertThat(completed.plannedSessions()).isEqualTo(4);
        assertThat(completed.phq9().remission()).isTrue();
        assertThat(path.program().orElseThrow().status()).isEqualTo(CarePath.ProgramStatus.COMPLETED);
        assertThat(refusal(path::activeProgram).type()).isEqualTo("program-completed");
    }

    @Test
    void theCareTeamsCoachIsAnnouncedOnlyWhenItChanges() {
        String coach = UUID.randomUUID().toString();
        assertThat(path.assignCoach(null, T0)).isNull();
        assertThat(path.assignCoach(coach, T0)).singleElement().isInstanceOfSatisfying(CoachAssigned.class,
                assigned -> assertThat(assigned.previousCoachId()).isNull());
        assertThat(path.assignCoach(coach, T0)).isNull();
        assertThat(path.assignCoach(null, T0)).isEmpty();
        assertThat(path.coachId()).isEmpty();
    }

    @Test
    void aJournalEntryAnswersOnlyAnAssignedPrompt() {
        path.startPlan(planCreated(6), T0);
        String prompt = UUID.randomUUID().toString();
        path.completeSession(session(1, T0), List.of(prompt), POLICY, T0);
        Program program = path.activeProgram();
        Refusal refused = refusal(() -> new JournalEntry(UUID.randomUUID().toString()).write(patient.toString(),
                program, UUID.randomUUID().toString(), "text", 5, T0));
        assertThat(refused.type()).isEqualTo("prompt-not-assigned");
        assertThat(refused.detail()).isEqualTo("This prompt has not been assigned to the patient.");
        JournalEntry entry = new JournalEntry(UUID.randomUUID().toString());
        entry.write(patient.toString(), program, prompt, " Slept  well ", 5, T0);
        assertThat(entry.assignmentId()).isEqualTo(program.prompts().getFirst().assignmentId());
        assertThat(entry.wordCount()).isEqualTo(2);
    }

    @Test
    void storedIdsKeepTheirKeys() {
        assertThat(JournalPrompts.idOf("after-1-noticing")).isEqualTo(nameUuid("prompt:after-1-noticing").toString());
        assertThat(JournalEntry.idFor("p-1", "entry-1")).isEqualTo(nameUuid("journal:p-1|entry-1").toString());
    }

    private void sessions(int upTo) {
        for (int number = 1; number <= upTo; number++) {
            path.completeSession(session(number, T0), List.of(), POLICY, T0);
        }
    }

    private TreatmentPlanCreated planCreated(int planned) {
        return new TreatmentPlanCreated(UUID.randomUUID(), patient, T0, plan, UUID.randomUUID(), UUID.randomUUID(),
                clinician, planned);
    }

    private SessionCompleted session(int number, Instant at) {
        return new SessionCompleted(UUID.randomUUID(), patient, at, UUID.randomUUID(), UUID.randomUUID(), plan, number,
                clinician, 120);
    }

    private ScreeningCompleted screening(UUID id, int gad7, int phq9, Instant at) {
        return new ScreeningCompleted(UUID.randomUUID(), patient, at, id, gad7, ScreeningCompleted.Gad7Band.MODERATE,
                phq9, ScreeningCompleted.Phq9Band.MODERATE, false, List.of());
    }

    private static Refusal refusal(Runnable action) {
        try {
            action.run();
        } catch (Refusal refused) {
            return refused;
        }
        throw new AssertionError("not refused");
    }

    private static UUID nameUuid(String key) {
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
    }
}
