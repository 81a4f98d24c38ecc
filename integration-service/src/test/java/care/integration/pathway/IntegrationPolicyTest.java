package care.integration.pathway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import care.integration.outcome.OutcomePolicy;

class IntegrationPolicyTest {

    static final Instant COMPLETED = Instant.parse("2026-03-02T10:00:00Z");

    @Test
    void coachingIsOfferedFrom24To72HoursAfterASessionByDefault() {
        IntegrationPolicy defaults = IntegrationPolicy.defaults();
        assertThat(defaults.coachingOpensAt(COMPLETED)).isEqualTo(Instant.parse("2026-03-03T10:00:00Z"));
        assertThat(defaults.coachingClosesAt(COMPLETED)).isEqualTo(Instant.parse("2026-03-05T10:00:00Z"));
        assertThat(defaults.journalDueAt(COMPLETED)).isEqualTo(Instant.parse("2026-03-05T10:00:00Z"));
        assertThat(defaults.outcomes()).isEqualTo(OutcomePolicy.defaults());
    }

    @Test
    void aClinicsOwnWindowsAreUsed() {
        IntegrationPolicy clinic = new IntegrationPolicy(Duration.ofHours(12), Duration.ofHours(48),
                Duration.ofHours(24), new OutcomePolicy(40, 6, 12));
        assertThat(clinic.coachingOpensAt(COMPLETED)).isEqualTo(COMPLETED.plus(Duration.ofHours(12)));
        assertThat(clinic.coachingClosesAt(COMPLETED)).isEqualTo(COMPLETED.plus(Duration.ofHours(48)));
        assertThat(clinic.journalDueAt(COMPLETED)).isEqualTo(COMPLETED.plus(Duration.ofHours(24)));
        assertThat(clinic.outcomes().responseDropPercent()).isEqualTo(40);
    }

    @Test
    void theCoachingWindowMustEndAfterItStarts() {
        Duration start = Duration.ofHours(24);
        Duration journal = Duration.ofHours(72);
        assertThat(new IntegrationPolicy(start, start.plusSeconds(1), journal, null).coachingWindowEnd())
                .isEqualTo(start.plusSeconds(1));
        assertThatThrownBy(() -> new IntegrationPolicy(start, start, journal, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("coachingWindowEnd");
        assertThatThrownBy(() -> new IntegrationPolicy(start, null, journal, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void coachingMayStartRightAfterTheSessionButNotBefore() {
        Duration end = Duration.ofHours(72);
        Duration journal = Duration.ofHours(72);
        assertThat(new IntegrationPolicy(Duration.ZERO, end, journal, null).coachingOpensAt(COMPLETED))
                .isEqualTo(COMPLETED);
        assertThatThrownBy(() -> new IntegrationPolicy(Duration.ofSeconds(-1), end, journal, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }

    @Test
    void journalAnswersAreHopedForAfterAPositiveTime() {
        Duration start = Duration.ofHours(24);
        Duration end = Duration.ofHours(72);
        assertThat(new IntegrationPolicy(start, end, Duration.ofSeconds(1), null).journalDueAt(COMPLETED))
                .isEqualTo(COMPLETED.plusSeconds(1));
        assertThatThrownBy(() -> new IntegrationPolicy(start, end, Duration.ZERO, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("journalAnswerWithin");
        assertThat(new IntegrationPolicy(start, end, Duration.ofSeconds(1), null).outcomes())
                .isEqualTo(OutcomePolicy.defaults());
    }
}
