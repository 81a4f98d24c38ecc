package care.integration.outcome;

import care.contracts.integration.OutcomeMeasured.Band;
import care.contracts.integration.OutcomeMeasured.Instrument;

/**
 * A scored questionnaire: total, band and, for PHQ-9, whether item 9 (thoughts of self-harm) was answered
 * above 0. Item answers are not part of it: only these values may leave the service.
 */
public record Score(Instrument instrument, int total, Band band, boolean item9Positive) {

    public Score {
        if (band != Band.of(instrument, total)) {
            throw new IllegalArgumentException("band does not match total");
        }
        if (item9Positive && (instrument != Instrument.PHQ9 || total == 0)) {
            throw new IllegalArgumentException("item9Positive needs a PHQ9 total above 0");
        }
    }
}
