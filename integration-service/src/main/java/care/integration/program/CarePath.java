package care.integration.program;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

import care.contracts.integration.OutcomeMeasured.Band;
import care.contracts.integration.OutcomeMeasured.Instrument;
import care.contracts.integration.OutcomeMeasured.Timepoint;

/**
 * One patient's integration: their coach (their care team's), the baseline from screening, and the current
 * program (plan) with its completed dosing sessions, assigned journal prompts, coaching appointments and
 * sessions, and outcome measures. One document per patient, so every change and the events it causes are one
 * write. Journal entries live in their own documents ({@link JournalEntry}); coaching notes and item answers
 * stay here and never leave the service.
 */
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
    }

    public record CoachingRecord(String appointmentId, String coachId, int sessionNumber, Instant recordedAt,
            int durationMinutes, String notes, List<String> contentIds) {
    }

    public record Measure(String measurementId, Instrument instrument, Timepoint timepoint, int score, Band band,
            List<Integer> answers, boolean item9Positive, Integer baselineScore, Integer change, boolean response,
            boolean remission, Instant measuredAt, String recordedBy) {
    }

    /** The plan the program follows. */
    public static class Program {
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

        public List<CompletedSession> sessions() {
            return List.copyOf(sessions);
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

        public Optional<CoachingAppointment> coachingAppointment(String appointmentId) {
            return coachingAppointments.stream().filter(a -> a.appointmentId().equals(appointmentId)).findFirst();
        }

        public boolean coachingRecordedFor(int sessionNumber) {
            return coaching.stream().anyMatch(record -> record.sessionNumber() == sessionNumber);
        }
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

    CarePath(String patientId) {
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

    /** Starts the program of a new plan; the current one, if any, is kept among the earlier programs. */
    Program start(String planId) {
        if (program != null) {
            earlierPrograms.add(program);
        }
        program = new Program();
        program.planId = planId;
        return program;
    }
}
