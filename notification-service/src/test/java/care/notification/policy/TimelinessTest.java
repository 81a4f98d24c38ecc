package care.notification.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class TimelinessTest {

    static final Timeliness RULES = new Timeliness(Duration.ofHours(48), Duration.ofHours(24), Duration.ofDays(2));
    static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    @Test
    void aMessageUpToTheStaleLimitLateStillGoes() {
        assertThat(RULES.stale(NOW.minus(Duration.ofDays(2)), NOW)).as("just inside").isFalse();
        assertThat(RULES.stale(NOW.minus(Duration.ofDays(2)).minusMillis(1), NOW)).as("just outside").isTrue();
        assertThat(RULES.stale(NOW.plusSeconds(60), NOW)).isFalse();
    }

    @Test
    void thePreparationReminderGoesItsLeadBeforeTheSession() {
        Instant start = NOW.plus(Duration.ofDays(5));
        assertThat(RULES.preparationDue(start, NOW)).contains(start.minus(Duration.ofHours(48)));
    }

    @Test
    void aSessionBookedInsideTheLeadGetsItsPreparationReminderAtOnce() {
        assertThat(RULES.preparationDue(NOW.plus(Duration.ofHours(48)), NOW)).as("exactly the lead").contains(NOW);
        assertThat(RULES.preparationDue(NOW.plus(Duration.ofHours(47)), NOW)).contains(NOW);
        assertThat(RULES.preparationDue(NOW.plus(Duration.ofHours(48)).plusMillis(1), NOW))
                .contains(NOW.plusMillis(1));
    }

    @Test
    void noPreparationReminderOnceTheSessionHasStarted() {
        assertThat(RULES.preparationDue(NOW, NOW)).isEmpty();
        assertThat(RULES.preparationDue(NOW.plusMillis(1), NOW)).contains(NOW);
    }

    @Test
    void theJournalingNudgeGoesItsDelayAfterTheSessionAndNeverInThePast() {
        Instant completed = NOW.minus(Duration.ofHours(2));
        assertThat(RULES.journalingNudgeDue(completed, NOW)).isEqualTo(completed.plus(Duration.ofHours(24)));
        Instant longAgo = NOW.minus(Duration.ofHours(25));
        assertThat(RULES.journalingNudgeDue(longAgo, NOW)).isEqualTo(NOW);
    }

    @Test
    void otherTimingsAreHonoured() {
        Timeliness clinic = new Timeliness(Duration.ofHours(24), Duration.ofHours(2), Duration.ofHours(6));
        assertThat(clinic.preparationDue(NOW.plus(Duration.ofDays(3)), NOW))
                .contains(NOW.plus(Duration.ofDays(2)));
        assertThat(clinic.journalingNudgeDue(NOW, NOW)).isEqualTo(NOW.plus(Duration.ofHours(2)));
        assertThat(clinic.stale(NOW.minus(Duration.ofHours(6)), NOW)).isFalse();
        assertThat(clinic.stale(NOW.minus(Duration.ofHours(6)).minusMillis(1), NOW)).isTrue();
    }
}
