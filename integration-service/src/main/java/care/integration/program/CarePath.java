package care.integration.program;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

import care.contracts.CareEvent;
import care.contracts.integration.CoachAssigned;
import care.contracts.integration.OutcomeMeasured.Band;
import care.contracts.integration.OutcomeMeasured.Instrument;
import care.contracts.integration.OutcomeMeasured.Timepoint;
import care.contracts.intake.ScreeningCompleted;
import care.contracts.scheduling.AppointmentBooked;
import care.contracts.scheduling.TreatmentPlanCompleted;
import care.contracts.scheduling.TreatmentPlanCreated;
import care.contracts.session.SessionCompleted;
import care.integration.outcome.OutcomePolicy;
import care.integration.pathway.IntegrationPolicy;
import care.integration.pathway.ProgramRefusal;
import care.kit.domain.Aggregate;

/**
 * One patient's integration: their coach (their care team's), the baseline from screening, and the current
 * {@link Program} (plan) with its completed dosing sessions, assigned journal prompts, coaching appointments and
 * sessions, and outcome measures. One document per patient, so every change and the events it causes are one
 * write. Journal entries live in their own documents ({@link JournalEntry}); coaching notes and item answers
 * stay here and never leave the service.
 * <p>
 * Each change takes the time (and the policy where a rule needs it), checks the rules, changes the state and
 * returns the events it causes; a refused action is a {@link care.kit.domain.Refusal}.
 */
@Aggregate
@Document("care_paths")
public class CarePath {

    public enum ProgramStatus {
        ACTIVE, PLAN_ENDED, COMPLETED
    }

    public enum CoachingStatus {
        BOOKED, CANCELLED, MISSED, COMPLETED
    }

    /** The intake screening's totals (the baseline when taken before the plan). */
    public record Screening(String screeningId, Instant at, int gad7, int phq9, boolean item9Positive) {
    }

    public record CompletedSession(int number, String sessionId, String clinicianId, Instant completedAt) {
    }

    public record PromptAssignment(String assignmentId, String promptId, int sessionNumber, Instant assignedAt,
            Instant dueAt) {
    }

    public record CoachingAppointment(String appointmentId, String providerId, int sessionNumber, Instant start,
            Instant end, CoachingStatus status) {

        CoachingAppointment withStatus(CoachingStatus changed) {
            return new CoachingAppointment(appointmentId, providerId, sessionNumber, start, end, changed);
        }
    }

    public record CoachingRecord(String appointmentId, String coachId, int sessionNumber, Instant recordedAt,
            int durationMinutes, String notes, List<String> contentIds) {
    }

    public record Measure(String measurementId, Instrument instrument, Timepoint timepoint, int score, Band band,
            List<Integer> answers, boolean item9Positive, Integer baselineScore, Integer change, boolean response,
            boolean remission, Instant measuredAt, String recordedBy) {
    }

    @Id
    String id;
    @Version
    Long version;
    String coachId;
    Screening latestScreening;
    Program program;
    /** Programs of earlier plans (a returning patient), kept whole: their measures are part of the record. */
    List<Program> earlierPrograms = new ArrayList<>();

    CarePath() {
    }

    /** A patient this service has just heard of. */
    public CarePath(String patientId) {
        this.id = patientId;
    }

    public String patientId() {
        return id;
    }

    public Optional<String> coachId() {
        return Optional.ofNullable(coachId);
    }

    public Optional<Program> program() {
        return Optional.ofNullable(program);
    }

    public List<Program> earlierPrograms() {
        return List.copyOf(earlierPrograms);
    }

    // ---- events from the other services ----

    /** The latest screening; it becomes the baseline when the plan starts (or if it arrives just after). */
    public List<CareEvent> recordScreening(ScreeningCompleted screening, Instant now) {
        Screening taken = new Screening(screening.screeningId().toString(), screening.occurredAt(),
                screening.gad7Total(), screening.phq9Total(), screening.phq9Item9Positive());
        if (latestScreening == null || !taken.at().isBefore(latestScreening.at())) {
            latestScreening = taken;
        }
        if (program != null && !program.baselineReported && program.startedAt != null
                && !taken.at().isAfter(program.startedAt)) {
            return program.baseline(patient(), taken, now);
        }
        return List.of();
    }

    /** The program starts with the plan; the screening before it is the baseline. */
    public List<CareEvent> startPlan(TreatmentPlanCreated created, Instant now) {
        String planId = created.planId().toString();
        if (program == null || !planId.equals(program.planId)) {
            start(planId);
        }
        program.plannedSessions = created.plannedSessions();
        program.clinicianId = created.clinicianId().toString();
        program.startedAt = created.occurredAt();
        List<CareEvent> events = new ArrayList<>();
        if (!program.baselineReported && latestScreening != null
                && !latestScreening.at().isAfter(created.occurredAt())) {
            events.addAll(program.baseline(patient(), latestScreening, now));
        }
        events.addAll(program.measuresDue(patient(), now));
        events.addAll(program.completion(patient(), now));
        return events;
    }

    /**
     * Each completed session assigns its prompts and opens its coaching window; a session of an older plan, or one
     * already recorded, changes nothing.
     *
     * @param promptIds the journaling prompts that follow this session
     */
    public List<CareEvent> completeSession(SessionCompleted completed, List<String> promptIds,
            IntegrationPolicy policy, Instant now) {
        Program current = programFor(completed.planId().toString());
        if (current == null || current.hasSession(completed.sessionNumber())) {
            return List.of();
        }
        List<CareEvent> events = new ArrayList<>(current.completeSession(completed, promptIds, policy, now));
        events.addAll(current.measuresDue(patient(), now));
        return events;
    }

    /** The plan ended; the program completes once its last steps are done. */
    public List<CareEvent> endPlan(TreatmentPlanCompleted ended, Instant now) {
        Program current = programFor(ended.planId().toString());
        if (current == null || current.status != ProgramStatus.ACTIVE) {
            return List.of();
        }
        current.endPlan(ended);
        List<CareEvent> events = new ArrayList<>(current.measuresDue(patient(), now));
        events.addAll(current.completion(patient(), now));
        return events;
    }

    /** A coaching appointment was booked (or booked again) for the plan's program. */
    public List<CareEvent> bookCoaching(AppointmentBooked booked) {
        Program current = programFor(booked.planId().toString());
        if (current != null) {
            current.bookCoaching(booked);
        }
        return List.of();
    }

    /** A coaching appointment was moved, possibly to another coach. */
    public List<CareEvent> rescheduleCoaching(String appointmentId, String providerId, Instant start, Instant end) {
        if (program != null) {
            program.changeCoachingAppointment(appointmentId, a -> new CoachingAppointment(a.appointmentId(),
                    providerId, a.sessionNumber(), start, end, a.status()));
        }
        return List.of();
    }

    /** A booked coaching appointment was cancelled or missed ({@code CANCELLED} or {@code MISSED}). */
    public List<CareEvent> closeCoaching(String appointmentId, CoachingStatus closed) {
        if (program != null) {
            program.changeCoachingAppointment(appointmentId,
                    a -> a.status() == CoachingStatus.BOOKED ? a.withStatus(closed) : a);
        }
        return List.of();
    }

    /** Whether {@code coach} (or no coach, {@code null}) is the patient's coach already. */
    public boolean hasCoach(String coach) {
        return Objects.equals(coach, coachId);
    }

    /**
     * The patient's care team changed (intake owns it): its coach becomes the patient's coach, announced by
     * CoachAssigned, which scheduling books the coaching with; a team without a coach leaves the patient without
     * one (nothing is announced: CoachAssigned names a coach).
     *
     * @return the events, or {@code null} when the coach is the same (nothing changed, nothing to write)
     */
    public List<CareEvent> assignCoach(String coach, Instant occurredAt) {
        if (hasCoach(coach)) {
            return null;
        }
        String previous = coachId;
        coachId = coach;
        if (coach == null) {
            return List.of();
        }
        return List.of(new CoachAssigned(UUID.randomUUID(), patient(), occurredAt, UUID.fromString(coach),
                previous == null ? null : UUID.fromString(previous)));
    }

    // ---- the care team's and the patient's actions ----

    /** The program of a patient who may act in it now: started, and not yet completed. */
    public Program activeProgram() {
        if (program == null || program.startedAt == null) {
            throw ProgramRefusal.NO_PROGRAM.refusal();
        }
        if (program.status == ProgramStatus.COMPLETED) {
            throw ProgramRefusal.PROGRAM_COMPLETED.refusal();
        }
        return program;
    }

    /**
     * Scores a questionnaire for the timepoint reached now and compares it with the baseline. A PHQ-9 item 9
     * above 0 is flagged on the event, and intake raises its safety escalation. The measure recorded is the
     * active program's last.
     */
    public List<CareEvent> submitMeasure(Instrument instrument, List<Integer> answers, String recordedBy,
            OutcomePolicy policy, Instant now) {
        Program current = activeProgram();
        List<CareEvent> events = new ArrayList<>(current.submitMeasure(patient(), instrument, answers, recordedBy,
                policy, now));
        events.addAll(current.completion(patient(), now));
        return events;
    }

    /**
     * The coach records the coaching session that took place at a coaching appointment; only the appointment's
     * coach may, once, after it started. The record is the program's last.
     */
    public List<CareEvent> recordCoaching(String appointmentId, String coach, String notes, Integer durationMinutes,
            List<String> contentIds, Instant now) {
        if (program == null) {
            throw ProgramRefusal.UNKNOWN_COACHING_APPOINTMENT.refusal();
        }
        List<CareEvent> events = new ArrayList<>(program.recordCoaching(patient(), appointmentId, coach, notes,
                durationMinutes, contentIds, now));
        events.addAll(program.completion(patient(), now));
        return events;
    }

    /**
     * The program an event of plan {@code planId} belongs to. An event may arrive before the plan's own
     * TreatmentPlanCreated (they travel on different topics): it starts the program, which the plan's event
     * completes. An event of an older plan is ignored, and one of a newer plan replaces a completed program.
     */
    private Program programFor(String planId) {
        if (program != null && planId.equals(program.planId)) {
            return program;
        }
        if (program != null && program.status != ProgramStatus.COMPLETED && program.startedAt != null) {
            return null;
        }
        return start(planId);
    }

    /** Starts the program of a new plan; the current one, if any, is kept among the earlier programs. */
    private Program start(String planId) {
        if (program != null) {
            earlierPrograms.add(program);
        }
        program = new Program(planId);
        return program;
    }

    private UUID patient() {
        return UUID.fromString(id);
    }
}
