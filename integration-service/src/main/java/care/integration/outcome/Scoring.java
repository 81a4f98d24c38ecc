package care.integration.outcome;

import java.util.List;

import care.contracts.integration.OutcomeMeasured.Band;
import care.contracts.integration.OutcomeMeasured.Instrument;

/**
 * Scores GAD-7 [Spitzer 2006] (7 items) and PHQ-9 [Kroenke 2001] (9 items), each item 0–3, and compares a
 * score with the baseline. Messages name the field and index but never the value, so they can be returned
 * and logged without leaking answers.
 */
public final class Scoring {

    private static final int ITEM_MAX = 3;
    /** PHQ-9 item 9 asks about thoughts of self-harm; 0-based index in the answers. */
    private static final int PHQ9_ITEM_9 = 8;

    private Scoring() {
    }

    /** Number of items of the instrument. */
    public static int items(Instrument instrument) {
        return instrument == Instrument.GAD7 ? 7 : 9;
    }

    /**
     * Scores one questionnaire.
     *
     * @param answers the answers in questionnaire order, each 0..3
     * @throws IllegalArgumentException naming {@code answers} or {@code answers[i]} when the list is missing,
     *                                  has the wrong length or holds a missing or out-of-range answer
     */
    public static Score score(Instrument instrument, List<Integer> answers) {
        if (instrument == null) {
            throw new IllegalArgumentException("instrument is required");
        }
        if (answers == null) {
            throw new IllegalArgumentException("answers is required");
        }
        int items = items(instrument);
        if (answers.size() != items) {
            throw new IllegalArgumentException("answers must have exactly " + items + " answers for " + instrument);
        }
        int total = 0;
        for (int i = 0; i < items; i++) {
            Integer answer = answers.get(i);
            if (answer == null) {
                throw new IllegalArgumentException("answers[" + i + "] is required");
            }
            if (answer < 0 || answer > ITEM_MAX) {
                throw new IllegalArgumentException("answers[" + i + "] must be between 0 and " + ITEM_MAX);
            }
            total += answer;
        }
        boolean item9 = instrument == Instrument.PHQ9 && answers.get(PHQ9_ITEM_9) > 0;
        return new Score(instrument, total, Band.of(instrument, total), item9);
    }

    /**
     * A score against the baseline.
     *
     * @param change    {@code score - baseline} (negative is better), {@code null} without a baseline
     * @param response  at least the policy's drop from a baseline above 0
     * @param remission below the remission score from a baseline at or above the remission baseline
     */
    public record Comparison(Integer change, boolean response, boolean remission) {

        static final Comparison NO_BASELINE = new Comparison(null, false, false);
    }

    /**
     * Compares {@code score} with {@code baseline}. Integer arithmetic throughout, so "exactly 50 %" is exact:
     * from 14, a score of 7 is a response and 8 is not. A baseline of 0 has nothing to drop from: no response.
     */
    public static Comparison compare(OutcomePolicy policy, Integer baseline, int score) {
        if (baseline == null) {
            return Comparison.NO_BASELINE;
        }
        if (baseline < 0 || score < 0) {
            throw new IllegalArgumentException("scores must not be negative");
        }
        boolean response = baseline > 0 && (long) (baseline - score) * 100 >= (long) baseline * policy.responseDropPercent();
        boolean remission = baseline >= policy.remissionBaselineAtLeast() && score < policy.remissionBelow();
        return new Comparison(score - baseline, response, remission);
    }
}
