package care.notification.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RetriesTest {

    static final Retries RETRIES = new Retries(Duration.ofSeconds(10), Duration.ofMinutes(10), 8);

    @Test
    void theWaitDoublesAfterEachFailedAttempt() {
        assertThat(RETRIES.after(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(RETRIES.after(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(RETRIES.after(3)).isEqualTo(Duration.ofSeconds(40));
        assertThat(RETRIES.after(0)).as("no attempt yet: the first wait").isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theWaitStopsGrowingAtTheLongestWait() {
        // 10 s doubled: 320 s after the 6th attempt, 640 s (over 600) after the 7th.
        assertThat(RETRIES.after(6)).isEqualTo(Duration.ofSeconds(320));
        assertThat(RETRIES.after(7)).isEqualTo(Duration.ofMinutes(10));
        assertThat(RETRIES.after(50)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aMessageIsTriedAgainUntilItsLastAttempt() {
        assertThat(RETRIES.tryAgain(false, true, 7)).as("just inside").isTrue();
        assertThat(RETRIES.tryAgain(false, true, 8)).as("the 8th attempt was the last").isFalse();
    }

    @Test
    void aFailureThatTryingAgainCannotCureIsGivenUpAtOnce() {
        assertThat(RETRIES.tryAgain(false, false, 1)).isFalse();
    }

    @Test
    void anUrgentMessageIsNeverGivenUp() {
        assertThat(RETRIES.tryAgain(true, false, 1)).isTrue();
        assertThat(RETRIES.tryAgain(true, true, 1_000)).isTrue();
    }

    @Test
    void otherLimitsAreHonoured() {
        Retries once = new Retries(Duration.ofSeconds(1), Duration.ofSeconds(3), 1);
        assertThat(once.tryAgain(false, true, 1)).isFalse();
        assertThat(once.after(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(once.after(3)).isEqualTo(Duration.ofSeconds(3));
        assertThatThrownBy(() -> new Retries(Duration.ofSeconds(1), Duration.ofSeconds(3), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
