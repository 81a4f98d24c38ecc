package care.integration.program;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import care.contracts.CareEvent;
import care.contracts.integration.CoachAssigned;
import care.contracts.integration.CoachingSessionCompleted;
import care.contracts.integration.IntegrationStarted;
import care.contracts.integration.JournalPromptAssigned;
import care.contracts.integration.OutcomeMeasured;
import care.contracts.integration.OutcomeMeasuresDue;
import care.contracts.integration.OutcomeMeasured.Instrument;
import care.contracts.integration.OutcomeMeasured.Timepoint;
import care.contracts.integration.ProgramCompleted;
import care.contracts.intake.CareTeamChanged;
import care.contracts.intake.ScreeningCompleted;
import care.contracts.scheduling.AppointmentBooked;
import care.contracts.scheduling.AppointmentCancelled;
import care.contracts.scheduling.AppointmentKind;
import care.contracts.scheduling.AppointmentMissed;
import care.contracts.scheduling.AppointmentRescheduled;
import care.contracts.scheduling.TreatmentPlanCompleted;
import care.contracts.scheduling.TreatmentPlanCreated;
import care.contracts.session.SessionCompleted;
import care.integration.IntegrationPolicy;
import care.integration.outcome.MeasureSchedule;
import care.integration.outcome.Score;
import care.integration.outcome.Scoring;
import care.kit.outbox.Outbox;
import care.kit.problem.ProblemException;
import care.integration.program.CarePath.CoachingAppointment;
import care.integration.program.CarePath.CoachingRecord;
import care.integration.program.CarePath.CoachingStatus;
import care.integration.program.CarePath.CompletedSession;
import care.integration.program.CarePath.Measure;
import care.integration.program.CarePath.Program;
import care.integration.program.CarePath.ProgramStatus;
import care.integration.program.CarePath.PromptAssignment;

/**
 * A patient's way through integration, driven by the other services' events and by the care team (whose
 * coach is the patient's coach): the program starts with the plan (and reports the screening's baseline), each
 * completed session assigns its journaling prompts and opens the coaching window, measures are scored against
 * baseline, and the program completes once the plan has ended, the last session's coaching is recorded and the
 * end-of-program measure is in. Every change, with the events it causes, is one write of the patient's
 * {@link CarePath}.
 */
@Component
public class CarePaths {

    private final MongoTemplate mongo;
    private final Outbox outbox;
    private final Clock clock;
    private final IntegrationPolicy policy;
    private final JournalPrompts prompts;
    private final MeterRegistry meters;

    CarePaths(MongoTemplate mongo, Outbox outbox, Clock clock, IntegrationPolicy policy, JournalPrompts prompts,
            MeterRegistry meters) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.clock = clock;
        this.policy = policy;
        this.prompts = prompts;
        this.meters = meters;
    }

    public Optional<CarePath> find(String patientId) {
        return Optional.ofNullable(mongo.findById(patientId, CarePath.class));
    }

    /** The patient's path, or 404 when this service has not heard of the patient. */
    public CarePath get(String patientId) {
        return find(patientId).orElseThrow(() -> ProblemException.notFound("The patient"));
    }

    public Instant now() {
        return clock.instant();
    }

    // ---- events from the other services ----

    /** The latest screening; it becomes the baseline when the plan starts (or if it arrives just after). */
    void onScreening(ScreeningCompleted screening) {
        handle(screening.patientId(), path -> {
            CarePath.Screening taken = new CarePath.Screening(screening.screeningId().toString(), screening.occurredAt(),
                    screening.gad7Total(), screening.phq9Total(), screening.phq9Item9Positive());
            if (path.latestScreening == null || !taken.at().isBefore(path.latestScreening.at())) {
                path.latestScreening = taken;
            }
            Program program = path.program;
            if (program != null && !program.baselineReported && program.startedAt != null
                    && !taken.at().isAfter(program.startedAt)) {
                return baseline(path, taken);
            }
            return List.of();
        });
    }

    /** The program starts with the plan; the screening before it is the baseline. */
    void onPlanCreated(TreatmentPlanCreated created) {
        handle(created.patientId(), path -> {
            String planId = created.planId().toString();
            Program program = path.program;
            if (program == null || !planId.equals(program.planId)) {
                program = path.start(planId);
            }
            program.plannedSessions = created.plannedSessions();
            program.clinicianId = created.clinicianId().toString();
            program.startedAt = created.occurredAt();
            List<CareEvent> events = new ArrayList<>();
            CarePath.Screening screening = path.latestScreening;
            if (!program.baselineReported && screening != null && !screening.at().isAfter(created.occurredAt())) {
                events.addAll(baseline(path, screening));
            }
            events.addAll(measuresDue(path));
            events.addAll(completion(path));
            return events;
        });
    }

    /** Each completed session assigns its prompts and opens its coaching window. */
    void onSessionCompleted(SessionCompleted completed) {
        handle(completed.patientId(), path -> {
            Program program = programFor(path, completed.planId().toString());
            if (program == null || program.sessions.stream().anyMatch(s -> s.number() == completed.sessionNumber())) {
                return List.of();
            }
            Instant at = completed.occurredAt();
            program.sessions.add(new CompletedSession(completed.sessionNumber(), completed.sessionId().toString(),
                    completed.clinicianId().toString(), at));
            List<CareEvent> events = new ArrayList<>();
            for (JournalPrompts.Prompt prompt : prompts.forSession(completed.sessionNumber())) {
                String assignmentId = derived("assignment:" + program.planId + ":" + prompt.promptId());
                Instant due = at.plus(policy.journalAnswerWithin());
                program.prompts.add(new PromptAssignment(assignmentId, prompt.promptId(), completed.sessionNumber(),
                        now(), due));
                events.add(new JournalPromptAssigned(UUID.randomUUID(), completed.patientId(), now(),
                        UUID.fromString(assignmentId), UUID.fromString(prompt.promptId()), completed.sessionNumber(), due));
            }
            events.add(new IntegrationStarted(UUID.randomUUID(), completed.patientId(), now(), completed.planId(),
                    completed.sessionId(), completed.sessionNumber(), at.plus(policy.coachingWindowStart()),
                    at.plus(policy.coachingWindowEnd())));
            events.addAll(measuresDue(path));
            return events;
        });
    }

    /** The plan ended; the program completes once its last steps are done. */
    void onPlanCompleted(TreatmentPlanCompleted ended) {
        handle(ended.patientId(), path -> {
            Program program = programFor(path, ended.planId().toString());
            if (program == null || program.status != ProgramStatus.ACTIVE) {
                return List.of();
            }
            if (program.plannedSessions == null) {
                program.plannedSessions = ended.plannedSessions();
            }
            program.status = ProgramStatus.PLAN_ENDED;
            program.endedWithSessions = ended.completedSessions();
            program.closure = ended.closure().name();
            program.planEndedAt = ended.occurredAt();
            List<CareEvent> events = new ArrayList<>(measuresDue(path));
            events.addAll(completion(path));
            return events;
        });
    }

    void onAppointmentBooked(AppointmentBooked booked) {
        if (booked.kind() != AppointmentKind.INTEGRATION_COACHING) {
            return;
        }
        handle(booked.patientId(), path -> {
            Program program = programFor(path, booked.planId().toString());
            if (program != null) {
                program.coachingAppointments.removeIf(a -> a.appointmentId().equals(booked.appointmentId().toString()));
                program.coachingAppointments.add(new CoachingAppointment(booked.appointmentId().toString(),
                        booked.providerId().toString(), booked.sessionNumber(), booked.startsAt(), booked.endsAt(),
                        CoachingStatus.BOOKED));
            }
            return List.of();
        });
    }

    void onAppointmentRescheduled(AppointmentRescheduled moved) {
        if (moved.kind() == AppointmentKind.INTEGRATION_COACHING) {
            changeCoachingAppointment(moved.patientId(), moved.appointmentId().toString(),
                    a -> new CoachingAppointment(a.appointmentId(), moved.providerId().toString(), a.sessionNumber(),
                            moved.startsAt(), moved.endsAt(), a.status()));
        }
    }

    void onAppointmentCancelled(AppointmentCancelled cancelled) {
        if (cancelled.kind() == AppointmentKind.INTEGRATION_COACHING) {
            changeCoachingAppointment(cancelled.patientId(), cancelled.appointmentId().toString(),
                    a -> a.status() == CoachingStatus.BOOKED ? withStatus(a, CoachingStatus.CANCELLED) : a);
        }
    }

    void onAppointmentMissed(AppointmentMissed missed) {
        if (missed.kind() == AppointmentKind.INTEGRATION_COACHING) {
            changeCoachingAppointment(missed.patientId(), missed.appointmentId().toString(),
                    a -> a.status() == CoachingStatus.BOOKED ? withStatus(a, CoachingStatus.MISSED) : a);
        }
    }

    /**
     * The patient's care team changed (intake owns it): its coach becomes the patient's coach, announced by
     * CoachAssigned, which scheduling books the coaching with; a team without a coach leaves the patient without
     * one (nothing is announced: CoachAssigned names a coach). A change that leaves the coach as it is, and a
     * redelivered change, write nothing.
     */
    void onCareTeamChanged(CareTeamChanged changed) {
        String coachId = changed.members().stream().filter(member -> member.role() == CareTeamChanged.Role.COACH)
                .map(member -> member.staffId().toString()).findFirst().orElse(null);
        if (Objects.equals(coachId, find(changed.patientId().toString()).flatMap(CarePath::coachId).orElse(null))) {
            return;
        }
        handle(changed.patientId(), path -> {
            if (Objects.equals(coachId, path.coachId)) {
                return List.of();
            }
            String previous = path.coachId;
            path.coachId = coachId;
            if (coachId == null) {
                return List.of();
            }
            return List.of(new CoachAssigned(UUID.randomUUID(), changed.patientId(), changed.occurredAt(),
                    UUID.fromString(coachId), previous == null ? null : UUID.fromString(previous)));
        });
    }

    // ---- the care team's and the patient's actions ----

    /**
     * Scores a questionnaire for the timepoint reached now and compares it with the baseline. A PHQ-9 item 9
     * above 0 is flagged on the event, and intake raises its safety escalation.
     */
    public Measure submitMeasure(String patientId, Instrument instrument, List<Integer> answers, String recordedBy) {
        Score score = Scoring.score(instrument, answers);
        Measure[] recorded = new Measure[1];
        outbox.update(() -> get(patientId), path -> {
            Program program = activeProgram(path);
            Timepoint timepoint = MeasureSchedule.current(program.completedSessions(), program.plannedSessions,
                    program.planEnded());
            // The baseline is the intake screening's; between it and session 2 nothing is due.
            if (timepoint == Timepoint.BASELINE) {
                throw ProblemException.unprocessable("no-measure-due", "No outcome measure due",
                        nextMeasureDetail(program));
            }
            if (program.measure(instrument, timepoint).isPresent()) {
                throw ProblemException.conflict("measure-already-recorded",
                        "This questionnaire is already recorded for " + timepoint + ".");
            }
            Integer baseline = baselineScore(program, instrument);
            Scoring.Comparison comparison = Scoring.compare(policy.outcomes(), baseline, score.total());
            Integer comparedWith = comparison.change() == null ? null : baseline;
            Measure measure = new Measure(UUID.randomUUID().toString(), instrument, timepoint, score.total(), score.band(),
                    List.copyOf(answers), score.item9Positive(), comparedWith, comparison.change(), comparison.response(),
                    comparison.remission(), now(), recordedBy);
            program.measures.add(measure);
            recorded[0] = measure;
            List<CareEvent> events = new ArrayList<>();
            events.add(event(path, program, measure));
            events.addAll(completion(path));
            return events;
        });
        count(recorded[0]);
        return recorded[0];
    }

    /** The coach records the coaching session that took place at a coaching appointment. */
    public CoachingRecord recordCoaching(String patientId, String appointmentId, String coachId, String notes,
            Integer durationMinutes, List<String> contentIds) {
        CoachingRecord[] recorded = new CoachingRecord[1];
        outbox.update(() -> get(patientId), path -> {
            Program program = path.program;
            CoachingAppointment appointment = program == null ? null
                    : program.coachingAppointment(appointmentId).orElse(null);
            if (appointment == null) {
                throw ProblemException.unprocessable("unknown-coaching-appointment", "Unknown coaching appointment",
                        "The patient has no coaching appointment with this id.");
            }
            if (!appointment.providerId().equalsIgnoreCase(coachId)) {
                throw ProblemException.forbidden("forbidden", "Only the appointment's coach records its session.");
            }
            switch (appointment.status()) {
                case COMPLETED -> throw ProblemException.conflict("coaching-already-recorded",
                        "This coaching session is already recorded.");
                case CANCELLED -> throw ProblemException.unprocessable("coaching-appointment-cancelled",
                        "Coaching appointment cancelled", "A cancelled appointment has no session to record.");
                default -> {
                }
            }
            if (now().isBefore(appointment.start())) {
                throw ProblemException.unprocessable("coaching-not-started", "Coaching not started yet",
                        "A coaching session is recorded after its appointment has started.");
            }
            int minutes = durationMinutes != null ? durationMinutes
                    : (int) java.time.Duration.between(appointment.start(), appointment.end()).toMinutes();
            CoachingRecord record = new CoachingRecord(appointmentId, appointment.providerId(),
                    appointment.sessionNumber(), now(), minutes, notes, List.copyOf(contentIds));
            program.coaching.add(record);
            program.coachingAppointments.replaceAll(a -> a.appointmentId().equals(appointmentId)
                    ? withStatus(a, CoachingStatus.COMPLETED) : a);
            recorded[0] = record;
            List<CareEvent> events = new ArrayList<>();
            events.add(new CoachingSessionCompleted(UUID.randomUUID(), UUID.fromString(patientId), now(),
                    UUID.fromString(appointmentId), UUID.fromString(program.planId),
                    UUID.fromString(appointment.providerId()), appointment.sessionNumber(), minutes,
                    contentIds.stream().map(UUID::fromString).toList()));
            events.addAll(completion(path));
            return events;
        });
        return recorded[0];
    }

    /** The program of a patient who may act in it now: started, and not yet completed. */
    Program activeProgram(CarePath path) {
        Program program = path.program;
        if (program == null || program.startedAt == null) {
            throw ProblemException.unprocessable("no-program", "No program",
                    "The patient's treatment plan has not started yet.");
        }
        if (program.status == ProgramStatus.COMPLETED) {
            throw ProblemException.unprocessable("program-completed", "Program completed",
                    "The patient's program is already complete.");
        }
        return program;
    }

    // ---- rules ----

    /** The baseline measures from the screening, recorded in the program and reported once. */
    private List<CareEvent> baseline(CarePath path, CarePath.Screening screening) {
        Program program = path.program;
        program.baselineReported = true;
        List<CareEvent> events = new ArrayList<>();
        for (Instrument instrument : Instrument.values()) {
            if (program.measure(instrument, Timepoint.BASELINE).isPresent()) {
                continue;
            }
            int score = instrument == Instrument.GAD7 ? screening.gad7() : screening.phq9();
            boolean item9 = instrument == Instrument.PHQ9 && screening.item9Positive();
            Measure measure = new Measure(derived("baseline:" + program.planId + ":" + screening.screeningId() + ":"
                    + instrument), instrument, Timepoint.BASELINE, score,
                    OutcomeMeasured.Band.of(instrument, score), null, item9, null, null, false, false,
                    screening.at(), "screening");
            program.measures.add(measure);
            events.add(event(path, program, measure));
            count(measure);
        }
        return events;
    }

    /**
     * Announces the timepoint reached now, once per plan, with the questionnaires still to answer for it
     * (the baseline is the screening's and is never announced).
     */
    private List<CareEvent> measuresDue(CarePath path) {
        Program program = path.program;
        if (program == null || program.status == ProgramStatus.COMPLETED) {
            return List.of();
        }
        Timepoint current = MeasureSchedule.current(program.completedSessions(), program.plannedSessions,
                program.planEnded());
        if (current == Timepoint.BASELINE || program.announced.contains(current)) {
            return List.of();
        }
        program.announced.add(current);
        List<Instrument> open = java.util.Arrays.stream(Instrument.values())
                .filter(instrument -> program.measure(instrument, current).isEmpty()).toList();
        if (open.isEmpty()) {
            return List.of();
        }
        return List.of(new OutcomeMeasuresDue(UUID.randomUUID(), UUID.fromString(path.id), now(),
                UUID.fromString(program.planId), current, open));
    }

    /**
     * The program completes when the plan has ended, the coaching after the last completed session is
     * recorded (there is none to record if no session took place) and both end-of-program measures are in.
     */
    private List<CareEvent> completion(CarePath path) {
        Program program = path.program;
        if (program == null || program.status != ProgramStatus.PLAN_ENDED) {
            return List.of();
        }
        Optional<Measure> gad7 = program.measure(Instrument.GAD7, Timepoint.PROGRAM_END);
        Optional<Measure> phq9 = program.measure(Instrument.PHQ9, Timepoint.PROGRAM_END);
        int last = program.lastSessionNumber();
        if (gad7.isEmpty() || phq9.isEmpty() || last > 0 && !program.coachingRecordedFor(last)) {
            return List.of();
        }
        program.status = ProgramStatus.COMPLETED;
        program.completedAt = now();
        int planned = program.plannedSessions;
        int completed = Math.min(program.endedWithSessions != null ? program.endedWithSessions
                : program.completedSessions(), planned);
        Counter.builder("care.integration.programs.completed").register(meters).increment();
        return List.of(new ProgramCompleted(UUID.randomUUID(), UUID.fromString(path.id), now(),
                UUID.fromString(program.planId), completed, planned, UUID.fromString(gad7.get().measurementId()),
                summary(program, gad7.get()), summary(program, phq9.get()), program.coaching.size()));
    }

    private static ProgramCompleted.OutcomeSummary summary(Program program, Measure end) {
        return new ProgramCompleted.OutcomeSummary(end.instrument(), baselineScore(program, end.instrument()),
                end.score(), end.change(), end.response(), end.remission());
    }

    static Integer baselineScore(Program program, Instrument instrument) {
        return program.measure(instrument, Timepoint.BASELINE).map(Measure::score).orElse(null);
    }

    static String nextMeasureDetail(Program program) {
        return MeasureSchedule.nextAfterSession(program.completedSessions(), program.plannedSessions,
                program.planEnded()).map(session -> "The next questionnaires are due after session " + session + ".")
                .orElse("No questionnaire is due now.");
    }

    private OutcomeMeasured event(CarePath path, Program program, Measure measure) {
        return OutcomeMeasured.of(UUID.randomUUID(), UUID.fromString(path.id), now(),
                UUID.fromString(measure.measurementId()), UUID.fromString(program.planId), measure.instrument(),
                measure.score(), measure.timepoint(), measure.baselineScore(), measure.response(), measure.remission(),
                measure.item9Positive());
    }

    private void count(Measure measure) {
        Counter.builder("care.integration.outcomes.measured").tag("instrument", measure.instrument().name())
                .tag("timepoint", measure.timepoint().name()).register(meters).increment();
        if (measure.item9Positive() && measure.timepoint() != Timepoint.BASELINE) {
            Counter.builder("care.integration.outcomes.self.harm.flagged").register(meters).increment();
        }
    }

    /**
     * The program an event of plan {@code planId} belongs to. An event may arrive before the plan's own
     * TreatmentPlanCreated (they travel on different topics): it starts the program, which the plan's event
     * completes. An event of an older plan is ignored, and one of a newer plan replaces a completed program.
     */
    private static Program programFor(CarePath path, String planId) {
        Program program = path.program;
        if (program != null && planId.equals(program.planId)) {
            return program;
        }
        if (program != null && program.status != ProgramStatus.COMPLETED && program.startedAt != null) {
            return null;
        }
        return path.start(planId);
    }

    private void changeCoachingAppointment(UUID patientId, String appointmentId,
            Function<CoachingAppointment, CoachingAppointment> change) {
        handle(patientId, path -> {
            if (path.program != null) {
                path.program.coachingAppointments.replaceAll(a -> a.appointmentId().equals(appointmentId)
                        ? change.apply(a) : a);
            }
            return List.of();
        });
    }

    private static CoachingAppointment withStatus(CoachingAppointment a, CoachingStatus status) {
        return new CoachingAppointment(a.appointmentId(), a.providerId(), a.sessionNumber(), a.start(), a.end(), status);
    }

    /**
     * Applies an event's change to the patient's path (created on first contact) in one write that records
     * the event as handled. A concurrent first write for the same patient is retried on fresh state.
     */
    private void handle(UUID patientId, Function<CarePath, List<? extends CareEvent>> change) {
        CarePath path = find(patientId.toString()).orElseGet(() -> new CarePath(patientId.toString()));
        List<? extends CareEvent> events = change.apply(path);
        try {
            outbox.save(path, events);
        } catch (DuplicateKeyException raced) {
            throw new OptimisticLockingFailureException("A care path for this patient was created concurrently", raced);
        }
    }

    static String derived(String key) {
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
