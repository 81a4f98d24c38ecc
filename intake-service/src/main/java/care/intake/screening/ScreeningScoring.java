package care.intake.screening;

import care.contracts.intake.ScreeningCompleted.Gad7Band;
import care.contracts.intake.ScreeningCompleted.Phq9Band;
import java.util.List;

/**
 * Scores GAD-7 [Spitzer 2006] and PHQ-9 [Kroenke 2001] answers. Exception messages name the field and
 * index but never the rejected value, so they can be logged and returned without leaking answers.
 */
public final class ScreeningScoring {

    static final int GAD7_ITEMS = 7;
    static final int PHQ9_ITEMS = 9;
    static final int GAD7_MAX = GAD7_ITEMS * 3;
    static final int PHQ9_MAX = PHQ9_ITEMS * 3;
    private static final int ITEM_MAX = 3;
    /** PHQ-9 item 9 asks about thoughts of self-harm; 0-based index in the answers. */
    private static final int PHQ9_ITEM_9 = 8;

    private ScreeningScoring() {
    }

    /**
     * Scores one screening.
     *
     * @param gad7 exactly 7 answers, each 0..3, in questionnaire order
     * @param phq9 exactly 9 answers, each 0..3, in questionnaire order
     * @throws IllegalArgumentException if a list is null, has the wrong size, or holds a null or out-of-range answer
     */
    public static ScreeningScore score(List<Integer> gad7, List<Integer> phq9) {
        int gad7Total = total(gad7, GAD7_ITEMS, "gad7");
        int phq9Total = total(phq9, PHQ9_ITEMS, "phq9");
        return new ScreeningScore(gad7Total, gad7Band(gad7Total), phq9Total, phq9Band(phq9Total),
                phq9.get(PHQ9_ITEM_9) > 0);
    }

    /** The GAD-7 band of a total: 0–4 minimal, 5–9 mild, 10–14 moderate, 15–21 severe. */
    public static Gad7Band gad7Band(int total) {
        checkTotal(total, GAD7_MAX, "gad7Total");
        if (total <= 4) {
            return Gad7Band.MINIMAL;
        }
        if (total <= 9) {
            return Gad7Band.MILD;
        }
        return total <= 14 ? Gad7Band.MODERATE : Gad7Band.SEVERE;
    }

    /** The PHQ-9 band of a total: 0–4 none/minimal, 5–9 mild, 10–14 moderate, 15–19 moderately severe, 20–27 severe. */
    public static Phq9Band phq9Band(int total) {
        checkTotal(total, PHQ9_MAX, "phq9Total");
        if (total <= 4) {
            return Phq9Band.NONE_MINIMAL;
        }
        if (total <= 9) {
            return Phq9Band.MILD;
        }
        if (total <= 14) {
            return Phq9Band.MODERATE;
        }
        return total <= 19 ? Phq9Band.MODERATELY_SEVERE : Phq9Band.SEVERE;
    }

    private static int total(List<Integer> answers, int items, String field) {
        if (answers == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        if (answers.size() != items) {
            throw new IllegalArgumentException(field + " must have exactly " + items + " answers");
        }
        int total = 0;
        for (int i = 0; i < items; i++) {
            Integer answer = answers.get(i);
            if (answer == null) {
                throw new IllegalArgumentException(field + "[" + i + "] is required");
            }
            if (answer < 0 || answer > ITEM_MAX) {
                throw new IllegalArgumentException(field + "[" + i + "] must be between 0 and " + ITEM_MAX);
            }
            total += answer;
        }
        return total;
    }

    private static void checkTotal(int total, int max, String field) {
        if (total < 0 || total > max) {
            throw new IllegalArgumentException(field + " must be between 0 and " + max);
        }
    }
}
