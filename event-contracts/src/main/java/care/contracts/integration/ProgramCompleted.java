package care.contracts.integration;

import static care.contracts.Invariants.MAX_PLANNED_SESSIONS;
import static care.contracts.Invariants.atLeast;
import static care.contracts.Invariants.check;
import static care.contracts.Invariants.checkPlannedSessions;
import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.inRange;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * The program is complete: the plan ended, the final integration step is done and the end-of-program
 * measure is recorded (if the patient gave one).
 *
 * @param planId            the treatment plan
 * @param completedSessions dosing sessions that took place, at most {@code plannedSessions}
 * @param plannedSessions   planned dosing sessions, 4..8
 * @param endMeasurementId  the PROGRAM_END GAD-7 {@link OutcomeMeasured}, or {@code null} if none was recorded
 * @param gad7              GAD-7 at baseline against the end of the program; {@code null} only from producers
 *                          that predate it
 * @param phq9              PHQ-9 likewise
 * @param coachingSessions  integration coaching sessions that took place; {@code null} only from producers that
 *                          predate it
 */
public record ProgramCompleted(UUID eventId, UUID patientId, Instant occurredAt, UUID planId, int completedSessions,
                               int plannedSessions, UUID endMeasurementId, OutcomeSummary gad7, OutcomeSummary phq9,
                               Integer coachingSessions) implements CareEvent {

    /**
     * One instrument's result over the program.
     *
     * @param instrument         the questionnaire
     * @param baselineScore      the baseline, or {@code null} if none was recorded
     * @param endScore           the end-of-program score, or {@code null} if none was recorded
     * @param changeFromBaseline {@code endScore - baselineScore}, {@code null} unless both exist
     * @param response           response criterion met at the end
     * @param remission          remission criterion met at the end
     */
    public record OutcomeSummary(OutcomeMeasured.Instrument instrument, Integer baselineScore, Integer endScore,
                                 Integer changeFromBaseline, boolean response, boolean remission) {

        public OutcomeSummary {
            required(instrument, "instrument");
            if (baselineScore != null) {
                inRange(baselineScore, 0, instrument.maxScore(), "baselineScore");
            }
            if (endScore != null) {
                inRange(endScore, 0, instrument.maxScore(), "endScore");
            }
            check(changeFromBaseline == null
                    || baselineScore != null && endScore != null && changeFromBaseline == endScore - baselineScore,
                    "changeFromBaseline must be endScore - baselineScore");
            check(baselineScore != null && endScore != null || !response && !remission,
                    "response and remission need a baseline and an end score");
        }
    }

    public ProgramCompleted {
        envelope(eventId, patientId, occurredAt);
        required(planId, "planId");
        inRange(completedSessions, 0, MAX_PLANNED_SESSIONS, "completedSessions");
        checkPlannedSessions(plannedSessions);
        check(completedSessions <= plannedSessions, "completedSessions must not exceed plannedSessions");
        check(gad7 == null || gad7.instrument() == OutcomeMeasured.Instrument.GAD7, "gad7 must summarise GAD7");
        check(phq9 == null || phq9.instrument() == OutcomeMeasured.Instrument.PHQ9, "phq9 must summarise PHQ9");
        if (coachingSessions != null) {
            atLeast(coachingSessions, 0, "coachingSessions");
        }
    }
}
