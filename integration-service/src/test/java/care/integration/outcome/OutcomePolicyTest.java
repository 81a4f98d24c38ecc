package care.integration.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OutcomePolicyTest {

    @Test
    void theDefaultsAreAHalvingForResponseAndBelowFiveFromTenForRemission() {
        assertThat(OutcomePolicy.defaults()).isEqualTo(new OutcomePolicy(50, 5, 10));
    }

    @Test
    void theResponseDropIsAPercentageFromOneToAHundred() {
        assertThat(new OutcomePolicy(1, 5, 10).responseDropPercent()).isEqualTo(1);
        assertThat(new OutcomePolicy(100, 5, 10).responseDropPercent()).isEqualTo(100);
        assertThatThrownBy(() -> new OutcomePolicy(0, 5, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutcomePolicy(101, 5, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void remissionNeedsAScoreBelowAPositiveThresholdFromABaselineAtLeastAsHigh() {
        assertThat(new OutcomePolicy(50, 1, 1).remissionBelow()).isEqualTo(1);
        assertThatThrownBy(() -> new OutcomePolicy(50, 0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new OutcomePolicy(50, 5, 5).remissionBaselineAtLeast()).isEqualTo(5);
        assertThatThrownBy(() -> new OutcomePolicy(50, 5, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aClinicsResponseThresholdIsExactAtItsBoundary() {
        OutcomePolicy forty = new OutcomePolicy(40, 5, 10);
        // From 10: a drop of 4 (40 %) is a response, a drop of 3 is not.
        assertThat(Scoring.compare(forty, 10, 6).response()).isTrue();
        assertThat(Scoring.compare(forty, 10, 7).response()).isFalse();
    }
}
