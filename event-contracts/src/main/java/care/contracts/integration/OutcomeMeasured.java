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
 * baseline; remission = below 5 from a baseline of at least 10). Item answers stay in the integration
 * service; a positive PHQ-9 item 9 is flagged so that intake raises its safety escalation.
 *
 * @param measurementId      the measurement (FHIR Observation)
 * @param planId             the treatment plan, or {@code null} for a baseline taken before the plan existed
 * @param instrument         the questionnaire
 * @param score              total score, within the instrument's range
 * @param timepoint          when in the program it was taken
 * @param baselineScore      the baseline compared with, or {@code null} at baseline or if none exists
 * @param response           response criterion met; always {@code false} without a baseline
 * @param remission          remission criterion met; always {@code false} without a baseline
 * @param band               the severity band of {@code score}; {@code null} only from producers that predate it
 * @param changeFromBaseline {@code score - baselineScore} (negative is better), {@code null} without a baseline
 * @param phq9Item9Positive  PHQ-9 item 9 (thoughts of self-harm) answered above 0; {@code false} for GAD-7,
 *                           {@code null} (read as {@code false}) only from producers that predate it
 */
public record OutcomeMeasured(UUID eventId, UUID patientId, Instant occurredAt, UUID measurementId, UUID planId,
                              Instrument instrument, int score, Timepoint timepoint, Integer baselineScore,
                              boolean response, boolean remission, Band band, Integer changeFromBaseline,
                              Boolean phq9Item9Positive) implements CareEvent {

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

    /**
     * Severity bands. GAD-7 [Spitzer 2006]: 0–4 minimal, 5–9 mild, 10–14 moderate, 15–21 severe. PHQ-9
     * [Kroenke 2001]: 0–4 none/minimal ({@code MINIMAL}), 5–9 mild, 10–14 moderate, 15–19 moderately severe,
     * 20–27 severe.
     */
    public enum Band {
        MINIMAL, MILD, MODERATE, MODERATELY_SEVERE, SEVERE;

        /** The band of a total score of {@code instrument}. */
        public static Band of(Instrument instrument, int score) {
            inRange(score, 0, instrument.maxScore(), "score");
            if (score <= 4) {
                return MINIMAL;
            }
            if (score <= 9) {
                return MILD;
            }
            if (score <= 14) {
                return MODERATE;
            }
            if (instrument == Instrument.GAD7) {
                return SEVERE;
            }
            return score <= 19 ? MODERATELY_SEVERE : SEVERE;
        }
    }

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
        check(band == null || band == Band.of(instrument, score), "band does not match score");
        check(changeFromBaseline == null || baselineScore != null && changeFromBaseline == score - baselineScore,
                "changeFromBaseline must be score - baselineScore");
        check(!Boolean.TRUE.equals(phq9Item9Positive) || instrument == Instrument.PHQ9 && score > 0,
                "phq9Item9Positive needs a PHQ9 score above 0");
    }

    /** A measure with its band and change derived from the score and baseline. */
    public static OutcomeMeasured of(UUID eventId, UUID patientId, Instant occurredAt, UUID measurementId, UUID planId,
            Instrument instrument, int score, Timepoint timepoint, Integer baselineScore, boolean response,
            boolean remission, boolean phq9Item9Positive) {
        return new OutcomeMeasured(eventId, patientId, occurredAt, measurementId, planId, instrument, score, timepoint,
                baselineScore, response, remission, Band.of(instrument, score),
                baselineScore == null ? null : score - baselineScore, phq9Item9Positive);
    }
}
