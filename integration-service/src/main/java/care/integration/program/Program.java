package care.integration.program;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import care.contracts.CareEvent;
import care.contracts.integration.CoachingSessionCompleted;
import care.contracts.integration.IntegrationStarted;
import care.contracts.integration.JournalPromptAssigned;
import care.contracts.integration.OutcomeMeasured.Band;
import care.contracts.integration.OutcomeMeasured.Instrument;
import care.contracts.integration.OutcomeMeasured.Timepoint;
import care.contracts.integration.OutcomeMeasuresDue;
import care.contracts.scheduling.AppointmentBooked;
import care.contracts.scheduling.TreatmentPlanCompleted;
import care.contracts.session.SessionCompleted;
import care.integration.outcome.MeasureSchedule;
import care.integration.outcome.OutcomePolicy;
import care.integration.outcome.Score;
import care.integration.outcome.Scoring;
import care.integration.pathway.IntegrationPolicy;
import care.integration.pathway.ProgramRefusal;
import care.integration.program.CarePath.CoachingAppointment;
import care.integration.program.CarePath.CoachingRecord;
import care.integration.program.CarePath.CoachingStatus;
import care.integration.program.CarePath.CompletedSession;
import care.integration.program.CarePath.Measure;
import care.integration.program.CarePath.ProgramStatus;
import care.integration.program.CarePath.PromptAssignment;
import care.kit.domain.DerivedIds;
import care.kit.domain.Refusal;

/**
 * The program of one treatment plan, part of the patient's {@link CarePath} (changed only through it): completed
 * dosing sessions, assigned journal prompts, coaching appointments and sessions, and outcome measures. The program
 * completes once the plan has ended, the last session's coaching is recorded and the end-of-program measures are in.
 */
public class Program {

    String planId;
    Integer plannedSessions;
    String clinicianId;
    Instant startedAt;
    ProgramStatus status = ProgramStatus.ACTIVE;
    Integer endedWithSessions;
    String closure;
    Instant planEndedAt;
    Instant completedAt;
    boolean baselineReported;
    List<Timepoint> announced = new ArrayList<>();
    List<CompletedSession> sessions = new ArrayList<>();
    List<PromptAssignment> prompts = new ArrayList<>();
    List<CoachingAppointment> coachingAppointments = new ArrayList<>();
    List<CoachingRecord> coaching = new ArrayList<>();
    List<Measure> measures = new ArrayList<>();

    Program() {
    }

    Program(String planId) {
        this.planId = planId;
    }

    public String planId() {
        return planId;
    }

    public Integer plannedSessions() {
        return plannedSessions;
    }

    public ProgramStatus status() {
        return status;
    }

    public Instant completedAt() {
        return completedAt;
    }

    public List<PromptAssignment> prompts() {
        return List.copyOf(prompts);
    }

    public List<CoachingAppointment> coachingAppointments() {
        return List.copyOf(coachingAppointments);
    }

    public List<CoachingRecord> coaching() {
        return List.copyOf(coaching);
    }

    public List<Measure> measures() {
        return List.copyOf(measures);
    }

    public boolean planEnded() {
        return status != ProgramStatus.ACTIVE;
    }

    public int completedSessions() {
        return sessions.size();
    }

    /** The highest completed session number, 0 before the first. */
    public int lastSessionNumber() {
        return sessions.stream().mapToInt(CompletedSession::number).max().orElse(0);
    }

    public Optional<Measure> measure(Instrument instrument, Timepoint timepoint) {
        return measures.stream().filter(m -> m.instrument() == instrument && m.timepoint() == timepoint).findFirst();
    }

    public boolean coachingRecordedFor(int sessionNumber) {
        return coaching.stream().anyMatch(record -> record.sessionNumber() == sessionNumber);
    }

    /** The baseline score of {@code instrument}, or {@code null} without one. */
    public Integer baselineScore(Instrument instrument) {
        return measure(instrument, Timepoint.BASELINE).map(Measure::score).orElse(null);
    }

    /** The assignment of prompt {@code promptId} to the patient, refused when it was never assigned. */
    public String assignmentOf(String promptId) {
        return prompts.stream().filter(a -> a.promptId().equals(promptId)).findFirst()
                .map(PromptAssignment::assignmentId).orElseThrow(ProgramRefusal.PROMPT_NOT_ASSIGNED::refusal);
    }

    boolean hasSession(int number) {
        return sessions.stream().anyMatch(s -> s.number() == number);
    }

    // ---- changes, through the care path ----

    /** The baseline measures from the screening, recorded in the program and reported once. */
    List<CareEvent> baseline(UUID patient, CarePath.Screening screening, Instant now) {
        baselineReported = true;
        List<CareEvent> events = new ArrayList<>();
        for (Instrument instrument : Instrument.values()) {
            if (measure(instrument, Timepoint.BASELINE).isPresent()) {
                continue;
            }
            int score = instrument == Instrument.GAD7 ? screening.gad7() : screening.phq9();
            boolean item9 = instrument == Instrument.PHQ9 && screening.item9Positive();
            Measure measure = new Measure(DerivedIds.of("baseline:" + planId + ":" + screening.screeningId() + ":"
                    + instrument).toString(), instrument, Timepoint.BASELINE, score,
                    Band.of(instrument, score), null, item9, null, null, false, false,
                    screening.at(), "screening");
            measures.add(measure);
            events.add(ProgramEvents.measured(patient, planId, measure, now));
        }
        return events;
    }

    List<CareEvent> completeSession(SessionCompleted completed, List<String> promptIds, IntegrationPolicy policy,
            Instant now) {
        Instant at = completed.occurredAt();
        sessions.add(new CompletedSession(completed.sessionNumber(), completed.sessionId().toString(),
                completed.clinicianId().toString(), at));
        List<CareEvent> events = new ArrayList<>();
        for (String promptId : promptIds) {
            String assignmentId = DerivedIds.of("assignment:" + planId + ":" + promptId).toString();
            Instant due = policy.journalDueAt(at);
            prompts.add(new PromptAssignment(assignmentId, promptId, completed.sessionNumber(), now, due));
            events.add(new JournalPromptAssigned(UUID.randomUUID(), completed.patientId(), now,
                    UUID.fromString(assignmentId), UUID.fromString(promptId), completed.sessionNumber(), due));
        }
        events.add(new IntegrationStarted(UUID.randomUUID(), completed.patientId(), now, completed.planId(),
                completed.sessionId(), completed.sessionNumber(), policy.coachingOpensAt(at),
                policy.coachingClosesAt(at)));
        return events;
    }

    void endPlan(TreatmentPlanCompleted ended) {
        if (plannedSessions == null) {
            plannedSessions = ended.plannedSessions();
        }
        status = ProgramStatus.PLAN_ENDED;
        endedWithSessions = ended.completedSessions();
        closure = ended.closure().name();
        planEndedAt = ended.occurredAt();
    }

    void bookCoaching(AppointmentBooked booked) {
        String appointmentId = booked.appointmentId().toString();
        coachingAppointments.removeIf(a -> a.appointmentId().equals(appointmentId));
        coachingAppointments.add(new CoachingAppointment(appointmentId, booked.providerId().toString(),
                booked.sessionNumber(), booked.startsAt(), booked.endsAt(), CoachingStatus.BOOKED));
    }

    void changeCoachingAppointment(String appointmentId, UnaryOperator<CoachingAppointment> change) {
        coachingAppointments.replaceAll(a -> a.appointmentId().equals(appointmentId) ? change.apply(a) : a);
    }

    List<CareEvent> submitMeasure(UUID patient, Instrument instrument, List<Integer> answers, String recordedBy,
            OutcomePolicy policy, Instant now) {
        Score score = Scoring.score(instrument, answers);
        Timepoint timepoint = MeasureSchedule.current(completedSessions(), plannedSessions, planEnded());
        // The baseline is the intake screening's; between it and session 2 nothing is due.
        if (timepoint == Timepoint.BASELINE) {
            throw ProgramRefusal.noMeasureDue(
                    MeasureSchedule.nextAfterSession(completedSessions(), plannedSessions, planEnded()));
        }
        if (measure(instrument, timepoint).isPresent()) {
            throw Refusal.conflict("measure-already-recorded",
                    "This questionnaire is already recorded for " + timepoint + ".");
        }
        Integer baseline = baselineScore(instrument);
        Scoring.Comparison comparison = Scoring.compare(policy, baseline, score.total());
        Integer comparedWith = comparison.change() == null ? null : baseline;
        Measure measure = new Measure(UUID.randomUUID().toString(), instrument, timepoint, score.total(), score.band(),
                List.copyOf(answers), score.item9Positive(), comparedWith, comparison.change(), comparison.response(),
                comparison.remission(), now, recordedBy);
        measures.add(measure);
        return List.of(ProgramEvents.measured(patient, planId, measure, now));
    }

    List<CareEvent> recordCoaching(UUID patient, String appointmentId, String coach, String notes,
            Integer durationMinutes, List<String> contentIds, Instant now) {
        CoachingAppointment appointment = coachingAppointments.stream()
                .filter(a -> a.appointmentId().equals(appointmentId)).findFirst()
                .orElseThrow(ProgramRefusal.UNKNOWN_COACHING_APPOINTMENT::refusal);
        if (!appointment.providerId().equalsIgnoreCase(coach)) {
            throw Refusal.forbidden("forbidden", "Only the appointment's coach records its session.");
        }
        switch (appointment.status()) {
            case COMPLETED -> throw Refusal.conflict("coaching-already-recorded",
                    "This coaching session is already recorded.");
            case CANCELLED -> throw ProgramRefusal.COACHING_APPOINTMENT_CANCELLED.refusal();
            default -> {
            }
        }
        if (now.isBefore(appointment.start())) {
            throw ProgramRefusal.COACHING_NOT_STARTED.refusal();
        }
        int minutes = durationMinutes != null ? durationMinutes
                : (int) Duration.between(appointment.start(), appointment.end()).toMinutes();
        CoachingRecord record = new CoachingRecord(appointmentId, appointment.providerId(),
                appointment.sessionNumber(), now, minutes, notes, List.copyOf(contentIds));
        coaching.add(record);
        changeCoachingAppointment(appointmentId, a -> a.withStatus(CoachingStatus.COMPLETED));
        return List.of(new CoachingSessionCompleted(UUID.randomUUID(), patient, now, UUID.fromString(appointmentId),
                UUID.fromString(planId), UUID.fromString(appointment.providerId()), appointment.sessionNumber(), minutes,
                contentIds.stream().map(UUID::fromString).toList()));
    }

    /**
     * Announces the timepoint reached now, once per plan, with the questionnaires still to answer for it
     * (the baseline is the screening's and is never announced).
     */
    List<CareEvent> measuresDue(UUID patient, Instant now) {
        if (status == ProgramStatus.COMPLETED) {
            return List.of();
        }
        Timepoint current = MeasureSchedule.current(completedSessions(), plannedSessions, planEnded());
        if (current == Timepoint.BASELINE || announced.contains(current)) {
            return List.of();
        }
        announced.add(current);
        List<Instrument> open = Arrays.stream(Instrument.values())
                .filter(instrument -> measure(instrument, current).isEmpty()).toList();
        if (open.isEmpty()) {
            return List.of();
        }
        return List.of(new OutcomeMeasuresDue(UUID.randomUUID(), patient, now, UUID.fromString(planId), current, open));
    }

    /**
     * The program completes when the plan has ended, the coaching after the last completed session is
     * recorded (there is none to record if no session took place) and both end-of-program measures are in.
     */
    List<CareEvent> completion(UUID patient, Instant now) {
        if (status != ProgramStatus.PLAN_ENDED) {
            return List.of();
        }
        Optional<Measure> gad7 = measure(Instrument.GAD7, Timepoint.PROGRAM_END);
        Optional<Measure> phq9 = measure(Instrument.PHQ9, Timepoint.PROGRAM_END);
        int last = lastSessionNumber();
        if (gad7.isEmpty() || phq9.isEmpty() || last > 0 && !coachingRecordedFor(last)) {
            return List.of();
        }
        status = ProgramStatus.COMPLETED;
        completedAt = now;
        int planned = plannedSessions;
        int completed = Math.min(endedWithSessions != null ? endedWithSessions : completedSessions(), planned);
        return List.of(ProgramEvents.completed(patient, planId, completed, planned, gad7.get(),
                baselineScore(Instrument.GAD7), phq9.get(), baselineScore(Instrument.PHQ9), coaching.size(), now));
    }
}
