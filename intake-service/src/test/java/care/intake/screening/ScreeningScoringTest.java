package care.intake.screening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import care.contracts.intake.ScreeningCompleted.Gad7Band;
import care.contracts.intake.ScreeningCompleted.Phq9Band;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScreeningScoringTest {

    private static final List<Integer> GAD7_ZERO = Collections.nCopies(7, 0);
    private static final List<Integer> PHQ9_ZERO = Collections.nCopies(9, 0);

    /** Answers adding up to {@code total}, filled from the first item so PHQ-9 item 9 stays 0 up to 24. */
    static List<Integer> answers(int items, int total) {
        List<Integer> answers = new ArrayList<>();
        int left = total;
        for (int i = 0; i < items; i++) {
            int answer = Math.min(3, left);
            answers.add(answer);
            left -= answer;
        }
        assertThat(left).as("total fits the items").isZero();
        return answers;
    }

    @ParameterizedTest(name = "GAD-7 total {0} is {1}")
    @CsvSource({"0, MINIMAL", "4, MINIMAL", "5, MILD", "9, MILD", "10, MODERATE", "14, MODERATE",
            "15, SEVERE", "21, SEVERE"})
    void gad7BandEdges(int total, Gad7Band band) {
        ScreeningScore score = ScreeningScoring.score(answers(7, total), PHQ9_ZERO);

        assertThat(score.gad7Total()).isEqualTo(total);
        assertThat(score.gad7Band()).isEqualTo(band);
        assertThat(ScreeningScoring.gad7Band(total)).isEqualTo(band);
    }

    @ParameterizedTest(name = "PHQ-9 total {0} is {1}")
    @CsvSource({"0, NONE_MINIMAL", "4, NONE_MINIMAL", "5, MILD", "9, MILD", "10, MODERATE", "14, MODERATE",
            "15, MODERATELY_SEVERE", "19, MODERATELY_SEVERE", "20, SEVERE", "27, SEVERE"})
    void phq9BandEdges(int total, Phq9Band band) {
        ScreeningScore score = ScreeningScoring.score(GAD7_ZERO, answers(9, total));

        assertThat(score.phq9Total()).isEqualTo(total);
        assertThat(score.phq9Band()).isEqualTo(band);
        assertThat(ScreeningScoring.phq9Band(total)).isEqualTo(band);
    }

    @Test
    void allZeroAndAllMaximumAnswers() {
        assertThat(ScreeningScoring.score(GAD7_ZERO, PHQ9_ZERO))
                .isEqualTo(new ScreeningScore(0, Gad7Band.MINIMAL, 0, Phq9Band.NONE_MINIMAL, false));
        assertThat(ScreeningScoring.score(Collections.nCopies(7, 3), Collections.nCopies(9, 3)))
                .isEqualTo(new ScreeningScore(21, Gad7Band.SEVERE, 27, Phq9Band.SEVERE, true));
    }

    @Test
    void item9FlagFollowsOnlyTheNinthPhq9Answer() {
        List<Integer> onlyItem9 = new ArrayList<>(PHQ9_ZERO);
        onlyItem9.set(8, 1);
        List<Integer> allButItem9 = new ArrayList<>(Collections.nCopies(8, 3));
        allButItem9.add(0);

        assertThat(ScreeningScoring.score(GAD7_ZERO, onlyItem9).phq9Item9Positive()).isTrue();
        assertThat(ScreeningScoring.score(GAD7_ZERO, allButItem9).phq9Item9Positive()).isFalse();
        assertThat(ScreeningScoring.score(GAD7_ZERO, allButItem9).phq9Total()).isEqualTo(24);
    }

    @ParameterizedTest(name = "{0} GAD-7 answers are rejected")
    @ValueSource(ints = {0, 6, 8})
    void wrongGad7CountIsRejected(int count) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ScreeningScoring.score(Collections.nCopies(count, 1), PHQ9_ZERO))
                .withMessage("gad7 must have exactly 7 answers");
    }

    @ParameterizedTest(name = "{0} PHQ-9 answers are rejected")
    @ValueSource(ints = {8, 10})
    void wrongPhq9CountIsRejected(int count) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ScreeningScoring.score(GAD7_ZERO, Collections.nCopies(count, 1)))
                .withMessage("phq9 must have exactly 9 answers");
    }

    @ParameterizedTest(name = "a GAD-7 answer of {0} is rejected without echoing it")
    @ValueSource(ints = {4, -1})
    void outOfRangeGad7AnswerIsRejectedByIndex(int answer) {
        List<Integer> gad7 = new ArrayList<>(GAD7_ZERO);
        gad7.set(6, answer);

        assertThatIllegalArgumentException().isThrownBy(() -> ScreeningScoring.score(gad7, PHQ9_ZERO))
                .withMessage("gad7[6] must be between 0 and 3")
                .withMessageNotContaining(String.valueOf(answer));
    }

    @ParameterizedTest(name = "a PHQ-9 answer of {0} is rejected without echoing it")
    @ValueSource(ints = {4, -1})
    void outOfRangePhq9AnswerIsRejectedByIndex(int answer) {
        List<Integer> phq9 = new ArrayList<>(PHQ9_ZERO);
        phq9.set(8, answer);

        assertThatIllegalArgumentException().isThrownBy(() -> ScreeningScoring.score(GAD7_ZERO, phq9))
                .withMessage("phq9[8] must be between 0 and 3")
                .withMessageNotContaining(String.valueOf(answer));
    }

    @Test
    void nullListsAndNullAnswersAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> ScreeningScoring.score(null, PHQ9_ZERO))
                .withMessage("gad7 is required");
        assertThatIllegalArgumentException().isThrownBy(() -> ScreeningScoring.score(GAD7_ZERO, null))
                .withMessage("phq9 is required");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ScreeningScoring.score(Arrays.asList(0, 0, null, 0, 0, 0, 0), PHQ9_ZERO))
                .withMessage("gad7[2] is required");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ScreeningScoring.score(GAD7_ZERO, Arrays.asList(0, 0, 0, 0, 0, 0, 0, 0, null)))
                .withMessage("phq9[8] is required");
    }

    @Test
    void bandFunctionsRejectImpossibleTotals() {
        assertThatIllegalArgumentException().isThrownBy(() -> ScreeningScoring.gad7Band(-1));
        assertThatIllegalArgumentException().isThrownBy(() -> ScreeningScoring.gad7Band(22));
        assertThatIllegalArgumentException().isThrownBy(() -> ScreeningScoring.phq9Band(-1));
        assertThatIllegalArgumentException().isThrownBy(() -> ScreeningScoring.phq9Band(28));
    }

    @Test
    void aScoreMustBeConsistent() {
        assertThat(ScreeningScore.of(10, 20, true))
                .isEqualTo(new ScreeningScore(10, Gad7Band.MODERATE, 20, Phq9Band.SEVERE, true));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ScreeningScore(10, Gad7Band.MILD, 0, Phq9Band.NONE_MINIMAL, false))
                .withMessage("gad7Band does not match gad7Total");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ScreeningScore(0, Gad7Band.MINIMAL, 5, null, false))
                .withMessage("phq9Band does not match phq9Total");
        assertThatIllegalArgumentException().isThrownBy(() -> ScreeningScore.of(0, 0, true))
                .withMessage("phq9Item9Positive needs a phq9Total above 0");
    }
}
