package care.contracts.integration;

import static care.contracts.Invariants.check;
import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.inRange;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * An outcome measure was recorded at one of the program's timepoints. Response and remission are decided
 * by the integration service with the program's thresholds (defaults: response = at least 50 % below
 * baseline; remission = below 5 from a baseline of at least 10).
 *
 * @param measurementId the measurement (FHIR Observation)
 * @param planId        the treatment plan, or {@code null} for a baseline taken before the plan existed
 * @param instrument    the questionnaire
 * @param score         total score, within the instrument's range
 * @param timepoint     when in the program it was taken
 * @param baselineScore the baseline compared with, or {@code null} at baseline or if none exists
 * @param response      response criterion met; always {@code false} without a baseline
 * @param remission     remission criterion met; always {@code false} without a baseline
 */
public record OutcomeMeasured(UUID eventId, UUID patientId, Instant occurredAt, UUID measurementId, UUID planId,
                              Instrument instrument, int score, Timepoint timepoint, Integer baselineScore,
                              boolean response, boolean remission) implements CareEvent {

    /** Outcome questionnaires and their score ranges. */
    public enum Instrument {
        GAD7(21), PHQ9(27);

        private final int maxScore;

        Instrument(int maxScore) {
            this.maxScore = maxScore;
        }

        /** Highest possible total score. */
        public int maxScore() {
            return maxScore;
        }
    }

    /** When in the program a measure is taken. */
    public enum Timepoint { BASELINE, AFTER_SESSION_2, AFTER_SESSION_4, PROGRAM_END }

    public OutcomeMeasured {
        envelope(eventId, patientId, occurredAt);
        required(measurementId, "measurementId");
        required(instrument, "instrument");
        inRange(score, 0, instrument.maxScore(), "score");
        required(timepoint, "timepoint");
        if (baselineScore != null) {
            inRange(baselineScore, 0, instrument.maxScore(), "baselineScore");
        }
        check(timepoint != Timepoint.BASELINE || baselineScore == null, "a baseline measure has no baselineScore");
        check(baselineScore != null || !response && !remission, "response and remission need a baselineScore");
    }
}
