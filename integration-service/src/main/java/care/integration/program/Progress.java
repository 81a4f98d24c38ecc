package care.integration.program;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import care.contracts.integration.OutcomeMeasured.Band;
import care.contracts.integration.OutcomeMeasured.Instrument;
import care.contracts.integration.OutcomeMeasured.Timepoint;
import care.integration.outcome.MeasureSchedule;
import care.integration.program.CarePath.CoachingStatus;
import care.integration.program.CarePath.ProgramStatus;

/**
 * A patient's progress: sessions completed of planned, each measure over time with its change and flags,
 * the journal, coaching, what is due now and what comes next.
 */
record Progress(String patientId, String planId, ProgramStatus status, Integer plannedSessions, int completedSessions,
        String coachId, Map<Instrument, List<Point>> measures, JournalSummary journal, List<Coaching> coaching,
        List<Due> due, Next next, List<Missed> missedMeasures, Instant completedAt, List<Earlier> earlierPrograms) {

    /** One measure at one timepoint. */
    record Point(Timepoint timepoint, int score, Band band, Integer baselineScore, Integer changeFromBaseline,
            boolean response, boolean remission, Instant measuredAt) {
    }

    record JournalSummary(int promptsAssigned, int promptsAnswered, int entries) {
    }

    record Coaching(int sessionNumber, String appointmentId, String coachId, Instant start, CoachingStatus status) {
    }

    /** Something the patient or the care team should do now. */
    record Due(Kind kind, Instrument instrument, Timepoint timepoint, Integer sessionNumber, String appointmentId,
            String promptId, Instant at) {

        enum Kind {
            OUTCOME_MEASURE, COACHING_SESSION, JOURNAL_PROMPT
        }
    }

    /** The next measures: due after this session. */
    record Next(Timepoint timepoint, int afterSession) {
    }

    record Missed(Instrument instrument, Timepoint timepoint) {
    }

    /** A program of an earlier plan. */
    record Earlier(String planId, ProgramStatus status, int completedSessions, Instant completedAt) {
    }

    static Progress of(CarePath path, int entries, Collection<String> answeredAssignments) {
        Program program = path.program().orElse(null);
        if (program == null) {
            return new Progress(path.patientId(), null, null, null, 0, path.coachId().orElse(null), Map.of(),
                    new JournalSummary(0, 0, entries), List.of(), List.of(), null, List.of(), null, earlier(path));
        }
        Map<Instrument, List<Point>> measures = new EnumMap<>(Instrument.class);
        for (Instrument instrument : Instrument.values()) {
            measures.put(instrument, program.measures().stream().filter(m -> m.instrument() == instrument)
                    .sorted((a, b) -> a.timepoint().compareTo(b.timepoint()))
                    .map(m -> new Point(m.timepoint(), m.score(), m.band(), m.baselineScore(), m.change(), m.response(),
                            m.remission(), m.measuredAt())).toList());
        }
        List<Due> due = new ArrayList<>();
        List<Missed> missed = new ArrayList<>();
        Next next = null;
        if (program.status() != ProgramStatus.COMPLETED) {
            List<Timepoint> reached = MeasureSchedule.reached(program.completedSessions(), program.plannedSessions(),
                    program.planEnded());
            Timepoint current = reached.getLast();
            for (Instrument instrument : Instrument.values()) {
                if (current != Timepoint.BASELINE && program.measure(instrument, current).isEmpty()) {
                    due.add(new Due(Due.Kind.OUTCOME_MEASURE, instrument, current, null, null, null, null));
                }
                for (Timepoint earlier : reached) {
                    if (earlier != Timepoint.BASELINE && earlier != current
                            && program.measure(instrument, earlier).isEmpty()) {
                        missed.add(new Missed(instrument, earlier));
                    }
                }
            }
            int last = program.lastSessionNumber();
            if (last > 0 && !program.coachingRecordedFor(last)) {
                CarePath.CoachingAppointment booked = program.coachingAppointments().stream()
                        .filter(a -> a.sessionNumber() == last && a.status() == CoachingStatus.BOOKED).findFirst()
                        .orElse(null);
                due.add(new Due(Due.Kind.COACHING_SESSION, null, null, last,
                        booked == null ? null : booked.appointmentId(), null, booked == null ? null : booked.start()));
            }
            program.prompts().stream().filter(p -> p.sessionNumber() == last)
                    .filter(p -> !answeredAssignments.contains(p.assignmentId()))
                    .forEach(p -> due.add(new Due(Due.Kind.JOURNAL_PROMPT, null, null, p.sessionNumber(), null,
                            p.promptId(), p.dueAt())));
            next = MeasureSchedule.nextAfterSession(program.completedSessions(), program.plannedSessions(),
                    program.planEnded()).map(session -> new Next(timepointAfter(session, program.plannedSessions()),
                            session)).orElse(null);
        }
        int answered = (int) program.prompts().stream()
                .filter(p -> answeredAssignments.contains(p.assignmentId())).count();
        List<Coaching> coaching = program.coachingAppointments().stream()
                .sorted((a, b) -> a.start().compareTo(b.start()))
                .map(a -> new Coaching(a.sessionNumber(), a.appointmentId(), a.providerId(), a.start(), a.status()))
                .toList();
        return new Progress(path.patientId(), program.planId(), program.status(), program.plannedSessions(),
                program.completedSessions(), path.coachId().orElse(null), measures,
                new JournalSummary(program.prompts().size(), answered, entries), coaching, due, next, missed,
                program.completedAt(), earlier(path));
    }

    private static List<Earlier> earlier(CarePath path) {
        return path.earlierPrograms().stream().map(p -> new Earlier(p.planId(), p.status(), p.completedSessions(),
                p.completedAt())).toList();
    }

    private static Timepoint timepointAfter(int session, Integer plannedSessions) {
        if (plannedSessions != null && session >= plannedSessions) {
            return Timepoint.PROGRAM_END;
        }
        return session == 2 ? Timepoint.AFTER_SESSION_2 : Timepoint.AFTER_SESSION_4;
    }
}
