package care.integration.program;

import java.time.Instant;
import java.util.UUID;

import care.contracts.integration.OutcomeMeasured;
import care.contracts.integration.ProgramCompleted;
import care.integration.program.CarePath.Measure;

/** The events a program's measures cause: scores, bands and flags only, never the item answers. */
final class ProgramEvents {

    private ProgramEvents() {
    }

    static OutcomeMeasured measured(UUID patient, String planId, Measure measure, Instant now) {
        return OutcomeMeasured.of(UUID.randomUUID(), patient, now, UUID.fromString(measure.measurementId()),
                UUID.fromString(planId), measure.instrument(), measure.score(), measure.timepoint(),
                measure.baselineScore(), measure.response(), measure.remission(), measure.item9Positive());
    }

    /** The program completed, with each end-of-program measure against its baseline. */
    static ProgramCompleted completed(UUID patient, String planId, int completedSessions, int plannedSessions,
            Measure gad7End, Integer gad7Baseline, Measure phq9End, Integer phq9Baseline, int coachingSessions,
            Instant now) {
        return new ProgramCompleted(UUID.randomUUID(), patient, now, UUID.fromString(planId), completedSessions,
                plannedSessions, UUID.fromString(gad7End.measurementId()), summary(gad7End, gad7Baseline),
                summary(phq9End, phq9Baseline), coachingSessions);
    }

    private static ProgramCompleted.OutcomeSummary summary(Measure end, Integer baseline) {
        return new ProgramCompleted.OutcomeSummary(end.instrument(), baseline, end.score(), end.change(),
                end.response(), end.remission());
    }
}
