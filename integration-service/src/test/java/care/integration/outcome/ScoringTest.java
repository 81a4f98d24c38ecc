package care.integration.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import care.contracts.integration.OutcomeMeasured.Band;
import care.contracts.integration.OutcomeMeasured.Instrument;

class ScoringTest {

    static final OutcomePolicy DEFAULTS = OutcomePolicy.defaults();

    @Test
    void sumsTheItemsAndBandsTheTotal() {
        Score gad7 = Scoring.score(Instrument.GAD7, List.of(3, 3, 2, 2, 2, 1, 1));
        assertThat(gad7.total()).isEqualTo(14);
        assertThat(gad7.band()).isEqualTo(Band.MODERATE);
        assertThat(gad7.item9Positive()).isFalse();

        Score phq9 = Scoring.score(Instrument.PHQ9, List.of(3, 3, 3, 3, 3, 3, 3, 3, 3));
        assertThat(phq9.total()).isEqualTo(27);
        assertThat(phq9.band()).isEqualTo(Band.SEVERE);
    }

    @ParameterizedTest
    @CsvSource({"GAD7,4,MINIMAL", "GAD7,5,MILD", "GAD7,9,MILD", "GAD7,10,MODERATE", "GAD7,14,MODERATE", "GAD7,15,SEVERE",
            "GAD7,21,SEVERE", "PHQ9,4,MINIMAL", "PHQ9,5,MILD", "PHQ9,10,MODERATE", "PHQ9,14,MODERATE",
            "PHQ9,15,MODERATELY_SEVERE", "PHQ9,19,MODERATELY_SEVERE", "PHQ9,20,SEVERE"})
    void bandBoundaries(Instrument instrument, int total, Band band) {
        assertThat(Scoring.score(instrument, answersTotalling(instrument, total)).band()).isEqualTo(band);
    }

    @Test
    void phq9Item9AboveZeroIsFlaggedWhateverTheTotal() {
        assertThat(Scoring.score(Instrument.PHQ9, List.of(0, 0, 0, 0, 0, 0, 0, 0, 1)).item9Positive()).isTrue();
        assertThat(Scoring.score(Instrument.PHQ9, List.of(3, 3, 3, 3, 3, 3, 3, 3, 0)).item9Positive()).isFalse();
    }

    @Test
    void badAnswersNameTheFieldButNotTheValue() {
        assertThatThrownBy(() -> Scoring.score(Instrument.GAD7, List.of(1, 1, 1, 1, 1, 1)))
                .hasMessage("answers must have exactly 7 answers for GAD7");
        assertThatThrownBy(() -> Scoring.score(Instrument.PHQ9, List.of(1, 1, 1, 1, 1, 1, 1)))
                .hasMessage("answers must have exactly 9 answers for PHQ9");
        assertThatThrownBy(() -> Scoring.score(Instrument.GAD7, List.of(1, 1, 7, 1, 1, 1, 1)))
                .hasMessage("answers[2] must be between 0 and 3");
        assertThatThrownBy(() -> Scoring.score(Instrument.GAD7, List.of(1, 1, 1, -1, 1, 1, 1)))
                .hasMessage("answers[3] must be between 0 and 3");
        assertThatThrownBy(() -> Scoring.score(Instrument.GAD7, Arrays.asList(1, null, 1, 1, 1, 1, 1)))
                .hasMessage("answers[1] is required");
    }

    @Test
    void responseIsAtLeastHalfTheBaselineExactly() {
        // Exactly 50 % below baseline is a response; one point less of a drop is not.
        assertThat(Scoring.compare(DEFAULTS, 14, 7).response()).isTrue();
        assertThat(Scoring.compare(DEFAULTS, 14, 8).response()).isFalse();
        assertThat(Scoring.compare(DEFAULTS, 10, 5).response()).isTrue();
        assertThat(Scoring.compare(DEFAULTS, 10, 6).response()).isFalse();
        // An odd baseline: 15 → 7 is a 53 % drop, 15 → 8 is 47 %.
        assertThat(Scoring.compare(DEFAULTS, 15, 7).response()).isTrue();
        assertThat(Scoring.compare(DEFAULTS, 15, 8).response()).isFalse();
        // Nothing to drop from.
        assertThat(Scoring.compare(DEFAULTS, 0, 0).response()).isFalse();
    }

    @Test
    void remissionIsBelowFiveFromABaselineOfAtLeastTen() {
        assertThat(Scoring.compare(DEFAULTS, 10, 4).remission()).isTrue();
        assertThat(Scoring.compare(DEFAULTS, 10, 5).remission()).isFalse();
        assertThat(Scoring.compare(DEFAULTS, 9, 4).remission()).isFalse();
        assertThat(Scoring.compare(DEFAULTS, 9, 0).remission()).isFalse();
        assertThat(Scoring.compare(DEFAULTS, 21, 4).remission()).isTrue();
        // Baseline 9 → 4 is still a response (a 55 % drop), just not a remission.
        assertThat(Scoring.compare(DEFAULTS, 9, 4).response()).isTrue();
    }

    @Test
    void changeIsScoreMinusBaselineAndNothingWithoutABaseline() {
        assertThat(Scoring.compare(DEFAULTS, 14, 7).change()).isEqualTo(-7);
        assertThat(Scoring.compare(DEFAULTS, 6, 9).change()).isEqualTo(3);
        assertThat(Scoring.compare(DEFAULTS, 14, 14).change()).isZero();
        Scoring.Comparison none = Scoring.compare(DEFAULTS, null, 3);
        assertThat(none.change()).isNull();
        assertThat(none.response()).isFalse();
        assertThat(none.remission()).isFalse();
    }

    @Test
    void thresholdsComeFromThePolicy() {
        OutcomePolicy stricter = new OutcomePolicy(60, 4, 12);
        assertThat(Scoring.compare(stricter, 10, 5).response()).isFalse();
        assertThat(Scoring.compare(stricter, 10, 4).response()).isTrue();
        assertThat(Scoring.compare(stricter, 12, 4).remission()).isFalse();
        assertThat(Scoring.compare(stricter, 12, 3).remission()).isTrue();
        assertThat(Scoring.compare(stricter, 11, 3).remission()).isFalse();
        assertThatThrownBy(() -> new OutcomePolicy(0, 5, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    static List<Integer> answersTotalling(Instrument instrument, int total) {
        Integer[] answers = new Integer[Scoring.items(instrument)];
        int left = total;
        // Filled from the first item, so the PHQ-9's item 9 stays 0 unless the total needs it.
        for (int i = 0; i < answers.length; i++) {
            answers[i] = Math.min(3, left);
            left -= answers[i];
        }
        return Arrays.asList(answers);
    }
}
