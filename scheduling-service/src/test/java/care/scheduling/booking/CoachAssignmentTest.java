package care.scheduling.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import care.contracts.scheduling.CoachingNotScheduled;

/** Each coaching offer has one outcome, and an assignment is applied once. */
class CoachAssignmentTest {

    static final Instant NOW = Instant.parse("2030-01-07T06:00:00Z");

    final CoachAssignment assignment = CoachAssignment.of(UUID.randomUUID().toString());
    final CoachAssignment.Offer offer = new CoachAssignment.Offer(UUID.randomUUID().toString(), 1, NOW,
            NOW.plus(Duration.ofDays(2)));

    @Test
    void anOfferWithoutACoachWaitsForOneAndIsKnownFromThenOn() {
        assertThat(assignment.knows(offer)).isFalse();
        CoachingNotScheduled waiting = assignment.awaitCoach(offer, NOW);
        assertThat(waiting.reason()).isEqualTo(CoachingNotScheduled.Reason.NO_COACH_ASSIGNED);
        assertThat(waiting.coachId()).isNull();
        assertThat(assignment.knows(offer)).isTrue();
    }

    @Test
    void assigningACoachHandsOverTheWaitingOffersOnce() {
        assignment.awaitCoach(offer, NOW);
        String coach = UUID.randomUUID().toString();
        assertThat(assignment.applied(coach)).isFalse();

        assertThat(assignment.assign(coach, NOW)).containsExactly(offer);

        assertThat(assignment.applied(coach)).isTrue();
        assertThat(assignment.outdatedBy(NOW.minusSeconds(1))).isTrue();
        assertThat(assignment.outdatedBy(NOW)).isFalse();
        CoachingNotScheduled noSlot = assignment.notScheduled(offer, CoachingNotScheduled.Reason.NO_FREE_SLOT, NOW);
        assertThat(noSlot.coachId()).hasToString(coach);
        assertThat(assignment.knows(offer)).isTrue();
    }
}
