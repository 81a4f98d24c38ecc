package care.integration.outcome;

/**
 * The program's outcome thresholds (DOMAIN defaults after Hull et al. 2022): a response is a drop of at least
 * {@code responseDropPercent} % from baseline; remission is a score below {@code remissionBelow} from a baseline
 * of at least {@code remissionBaselineAtLeast}. Bound from {@code care.integration.outcomes.*}.
 */
public record OutcomePolicy(int responseDropPercent, int remissionBelow, int remissionBaselineAtLeast) {

    public OutcomePolicy {
        if (responseDropPercent < 1 || responseDropPercent > 100) {
            throw new IllegalArgumentException("responseDropPercent must be between 1 and 100");
        }
        if (remissionBelow < 1) {
            throw new IllegalArgumentException("remissionBelow must be at least 1");
        }
        if (remissionBaselineAtLeast < remissionBelow) {
            throw new IllegalArgumentException("remissionBaselineAtLeast must not be below remissionBelow");
        }
    }

    public static OutcomePolicy defaults() {
        return new OutcomePolicy(50, 5, 10);
    }
}
