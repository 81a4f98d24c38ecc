package care.scheduling.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DosingPacingTest {

    private static final PacingPolicy POLICY = PacingPolicy.defaults();
    private static final Instant T0 = Instant.parse("2026-02-02T09:00:00Z");
    private static final Duration ONE_MINUTE = Duration.ofMinutes(1);

    private static Optional<PacingViolation> check(int sessionNumber, Instant proposedStart, BookedDosing... booked) {
        return DosingPacing.check(POLICY, sessionNumber, proposedStart, List.of(booked));
    }

    private static BookedDosing session(int number, Instant start) {
        return new BookedDosing(number, start);
    }

    private static Instant days(long days) {
        return T0.plus(Duration.ofDays(days));
    }

    @Test
    void firstSessionOfAPlanIsAlwaysFine() {
        assertThat(check(1, T0)).isEmpty();
    }

    @Nested
    class MinimumGap {

        @Test
        void fortySevenHoursFiftyNineMinutesAfterThePreviousSessionIsTooSoon() {
            assertThat(check(2, T0.plus(Duration.ofHours(48)).minus(ONE_MINUTE), session(1, T0)))
                    .contains(PacingViolation.MINIMUM_GAP);
        }

        @Test
        void exactlyFortyEightHoursAfterThePreviousSessionIsFine() {
            assertThat(check(2, T0.plus(Duration.ofHours(48)), session(1, T0))).isEmpty();
        }

        @Test
        void isCheckedAgainstLaterSessionsToo() {
            Instant session3 = days(10);

            assertThat(check(2, session3.minus(Duration.ofHours(48)).plus(ONE_MINUTE), session(1, T0),
                    session(3, session3))).contains(PacingViolation.MINIMUM_GAP);
            assertThat(check(2, session3.minus(Duration.ofHours(48)), session(1, T0), session(3, session3)))
                    .isEmpty();
        }

        @Test
        void followsThePolicyNotALiteral() {
            PacingPolicy d = PacingPolicy.defaults();
            PacingPolicy slower = new PacingPolicy(Duration.ofHours(72), 2, d.rollingWindow(), d.lateNotice(),
                    d.durations(), d.buffer(), d.integrationCoachingFrom(), d.integrationCoachingUntil());

            assertThat(DosingPacing.check(slower, 2, days(2), List.of(session(1, T0))))
                    .contains(PacingViolation.MINIMUM_GAP);
            assertThat(DosingPacing.check(slower, 2, days(3), List.of(session(1, T0)))).isEmpty();
        }
    }

    @Nested
    class RollingWindowCap {

        @Test
        void thirdSessionExactlySevenDaysAfterTheFirstIsFine() {
            // The window [T0, T0 + 7 d) is half-open: the third session starts just outside it.
            assertThat(check(3, days(7), session(1, T0), session(2, days(3)))).isEmpty();
        }

        @Test
        void thirdSessionSixDaysTwentyThreeHoursFiftyNineMinutesAfterTheFirstIsRefused() {
            assertThat(check(3, days(7).minus(ONE_MINUTE), session(1, T0), session(2, days(3))))
                    .contains(PacingViolation.ROLLING_WINDOW_CAP);
        }

        @Test
        void countsWindowsReachingPastTheProposedSession() {
            // Moving session 2 between 1 and 3, which are six days apart, puts three in [T0, T0 + 7 d).
            assertThat(check(2, days(3), session(1, T0), session(3, days(6))))
                    .contains(PacingViolation.ROLLING_WINDOW_CAP);
            assertThat(check(2, days(3), session(1, T0), session(3, days(7)))).isEmpty();
        }

        @Test
        void sessionsOutsideEveryWindowContainingTheProposedOneDoNotCount() {
            assertThat(check(3, days(9), session(1, T0), session(2, days(2)))).isEmpty();
        }

        @Test
        void busiestWindowIsFoundAmongBookedStarts() {
            List<BookedDosing> booked = List.of(session(1, T0), session(2, days(3)), session(4, days(13)));

            assertThat(DosingPacing.busiestWindowContaining(Duration.ofDays(7), days(6), booked)).isEqualTo(3);
            assertThat(DosingPacing.busiestWindowContaining(Duration.ofDays(7), days(10), booked)).isEqualTo(2);
        }

        @Test
        void followsThePolicyNotALiteral() {
            PacingPolicy d = PacingPolicy.defaults();
            PacingPolicy threePerWeek = new PacingPolicy(d.minimumGapBetweenDosing(), 3, d.rollingWindow(),
                    d.lateNotice(), d.durations(), d.buffer(), d.integrationCoachingFrom(),
                    d.integrationCoachingUntil());

            assertThat(DosingPacing.check(threePerWeek, 3, days(4), List.of(session(1, T0), session(2, days(2)))))
                    .isEmpty();
        }
    }

    @Nested
    class SessionOrder {

        @Test
        void sessionThreeBeforeSessionTwoIsRefused() {
            assertThat(check(3, days(5), session(1, T0), session(2, days(10))))
                    .contains(PacingViolation.SESSION_ORDER);
        }

        @Test
        void sessionTwoAfterABookedSessionThreeIsRefused() {
            assertThat(check(2, days(14), session(1, T0), session(3, days(7))))
                    .contains(PacingViolation.SESSION_ORDER);
        }

        @Test
        void orderHoldsAcrossAGapInTheNumbering() {
            // Session 2 is not booked (e.g. cancelled): session 3 still may not overtake session 1.
            assertThat(check(3, days(5), session(1, days(10)))).contains(PacingViolation.SESSION_ORDER);
        }

        @Test
        void isReportedBeforeTheOtherRules() {
            // One day before session 2 breaks the gap as well; order is the more useful answer.
            assertThat(check(3, days(3), session(1, T0), session(2, days(4))))
                    .contains(PacingViolation.SESSION_ORDER);
        }

        @Test
        void sameStartAsTheEarlierSessionIsOutOfOrder() {
            assertThat(check(2, T0, session(1, T0))).contains(PacingViolation.SESSION_ORDER);
        }
    }

    @Test
    void bookedListMustNotContainTheSessionBeingChecked() {
        assertThatThrownBy(() -> check(2, days(5), session(1, T0), session(2, days(3))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rescheduled");
    }

    @Test
    void problemTypesAreStable() {
        assertThat(PacingViolation.SESSION_ORDER.type()).isEqualTo("session-order");
        assertThat(PacingViolation.MINIMUM_GAP.type()).isEqualTo("minimum-gap-between-dosing");
        assertThat(PacingViolation.ROLLING_WINDOW_CAP.type()).isEqualTo("dosing-per-week-cap");
        assertThat(PacingViolation.values()).allSatisfy(violation -> assertThat(violation.title()).isNotBlank());
    }

    @Nested
    class LateNotice {

        private final Instant now = Instant.parse("2026-02-02T12:00:00Z");

        @Test
        void twentyThreeHoursFiftyNineMinutesAheadIsLate() {
            assertThat(DosingPacing.isLate(POLICY, now, now.plus(Duration.ofHours(24)).minus(ONE_MINUTE))).isTrue();
        }

        @Test
        void exactlyTwentyFourHoursAheadIsNotLate() {
            assertThat(DosingPacing.isLate(POLICY, now, now.plus(Duration.ofHours(24)))).isFalse();
        }

        @Test
        void aStartInThePastIsLate() {
            assertThat(DosingPacing.isLate(POLICY, now, now.minus(ONE_MINUTE))).isTrue();
        }
    }
}
