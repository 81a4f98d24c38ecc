package care.intake.screening;

import care.contracts.intake.ScreeningCompleted.Gad7Band;
import care.contracts.intake.ScreeningCompleted.Phq9Band;

/**
 * The scored result of one screening: totals, bands and the PHQ-9 item 9 (thoughts of self-harm) flag.
 * Item answers are deliberately absent: only these values may leave the intake service.
 *
 * @param gad7Total          GAD-7 total, 0..21
 * @param gad7Band           the band of {@code gad7Total}
 * @param phq9Total          PHQ-9 total, 0..27
 * @param phq9Band           the band of {@code phq9Total}
 * @param phq9Item9Positive  whether the 9th PHQ-9 answer was above 0
 */
public record ScreeningScore(int gad7Total, Gad7Band gad7Band, int phq9Total, Phq9Band phq9Band,
                             boolean phq9Item9Positive) {

    public ScreeningScore {
        // The bands are a function of the totals; a mismatch means a caller built the score by hand
        // and got it wrong, which must not reach an eligibility decision.
        if (ScreeningScoring.gad7Band(gad7Total) != gad7Band) {
            throw new IllegalArgumentException("gad7Band does not match gad7Total");
        }
        if (ScreeningScoring.phq9Band(phq9Total) != phq9Band) {
            throw new IllegalArgumentException("phq9Band does not match phq9Total");
        }
        if (phq9Item9Positive && phq9Total == 0) {
            throw new IllegalArgumentException("phq9Item9Positive needs a phq9Total above 0");
        }
    }

    /** A score from its totals, with the bands derived (for re-reading stored scores and for tests). */
    public static ScreeningScore of(int gad7Total, int phq9Total, boolean phq9Item9Positive) {
        return new ScreeningScore(gad7Total, ScreeningScoring.gad7Band(gad7Total),
                phq9Total, ScreeningScoring.phq9Band(phq9Total), phq9Item9Positive);
    }
}
