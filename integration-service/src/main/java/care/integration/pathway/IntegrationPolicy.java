package care.integration.pathway;

import java.time.Duration;
import java.time.Instant;

import care.integration.outcome.OutcomePolicy;

/**
 * The program's integration defaults (DOMAIN: integration coaching 24–72 h after each dosing session), bound
 * from {@code care.integration.*}; a medical director may change any of them per program.
 *
 * @param coachingWindowStart how long after a completed session coaching may start
 * @param coachingWindowEnd   how long after it coaching must have started
 * @param journalAnswerWithin when the answer to a session's journaling prompts is hoped for
 * @param outcomes            response and remission thresholds
 */
public record IntegrationPolicy(Duration coachingWindowStart, Duration coachingWindowEnd, Duration journalAnswerWithin,
        OutcomePolicy outcomes) {

    public IntegrationPolicy {
        if (coachingWindowStart == null || coachingWindowEnd == null || !coachingWindowEnd.minus(coachingWindowStart).isPositive()) {
            throw new IllegalArgumentException("coachingWindowEnd must be after coachingWindowStart");
        }
        if (coachingWindowStart.isNegative()) {
            throw new IllegalArgumentException("coachingWindowStart must not be negative");
        }
        if (journalAnswerWithin == null || !journalAnswerWithin.isPositive()) {
            throw new IllegalArgumentException("journalAnswerWithin must be positive");
        }
        outcomes = outcomes == null ? OutcomePolicy.defaults() : outcomes;
    }

    public static IntegrationPolicy defaults() {
        return new IntegrationPolicy(Duration.ofHours(24), Duration.ofHours(72), Duration.ofHours(72),
                OutcomePolicy.defaults());
    }

    /** When coaching may start after a dosing session completed at {@code completedAt}. */
    public Instant coachingOpensAt(Instant completedAt) {
        return completedAt.plus(coachingWindowStart);
    }

    /** When coaching after a dosing session completed at {@code completedAt} must have started. */
    public Instant coachingClosesAt(Instant completedAt) {
        return completedAt.plus(coachingWindowEnd);
    }

    /** When the answers to the journaling prompts of a session completed at {@code completedAt} are hoped for. */
    public Instant journalDueAt(Instant completedAt) {
        return completedAt.plus(journalAnswerWithin);
    }
}
