package care.intake.screening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import care.kit.domain.Refusal;

/** The clinic's screening rate limit ({@code care.intake.screenings-per-day}) at its edges. */
class ScreeningRateLimitTest {

    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");

    private static List<Instant> everyHourBefore(int count) {
        List<Instant> times = new ArrayList<>();
        for (int i = count; i >= 1; i--) {
            times.add(NOW.minus(Duration.ofHours(i)));
        }
        return times;
    }

    @Test
    void theTenthScreeningInADayPassesTheEleventhIsRefused() {
        ScreeningRateLimit limit = new ScreeningRateLimit(10);
        assertThatCode(() -> limit.check(everyHourBefore(9), NOW)).doesNotThrowAnyException();
        Refusal refusal = catchThrowableOfType(Refusal.class, () -> limit.check(everyHourBefore(10), NOW));
        assertThat(refusal.kind()).isEqualTo(Refusal.Kind.TOO_MANY);
        assertThat(refusal.type()).isEqualTo("too-many-screenings");
        assertThat(refusal.title()).isEqualTo("Too many requests");
        assertThat(refusal.detail()).isEqualTo("At most 10 screenings may be submitted in 24 hours.");
        // The oldest counted one was ten hours ago: it leaves the window in fourteen hours.
        assertThat(refusal.retryAfter()).isEqualTo(Duration.ofHours(14));
    }

    @Test
    void aScreeningExactlyTwentyFourHoursAgoNoLongerCounts() {
        ScreeningRateLimit limit = new ScreeningRateLimit(1);
        assertThatCode(() -> limit.check(List.of(NOW.minus(Duration.ofDays(1))), NOW)).doesNotThrowAnyException();
        Refusal refusal = catchThrowableOfType(Refusal.class,
                () -> limit.check(List.of(NOW.minus(Duration.ofDays(1)).plusMillis(1)), NOW));
        assertThat(refusal.retryAfter()).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void theLimitIsTheClinicsSetting() {
        List<Instant> three = everyHourBefore(3);
        assertThatCode(() -> new ScreeningRateLimit(4).check(three, NOW)).doesNotThrowAnyException();
        assertThat(catchThrowableOfType(Refusal.class, () -> new ScreeningRateLimit(3).check(three, NOW)).detail())
                .isEqualTo("At most 3 screenings may be submitted in 24 hours.");
        assertThatIllegalArgumentException().isThrownBy(() -> new ScreeningRateLimit(0));
    }
}
