package care.notification.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import care.contracts.notification.NotificationSuppressed.Reason;

class SmsAllowanceTest {

    static final SmsAllowance ALLOWANCE = SmsAllowance.DEFAULT;
    static final ZoneId AUCKLAND = ZoneId.of("Pacific/Auckland");
    static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    static Instant local(String dateTime, ZoneId zone) {
        return LocalDateTime.parse(dateTime).atZone(zone).toInstant();
    }

    @Test
    void theDefaultIsOneADayAndThreeAWeek() {
        assertThat(ALLOWANCE).isEqualTo(new SmsAllowance(1, 3));
    }

    @Test
    void theFirstTextOfTheDayIsAllowed() {
        assertThat(ALLOWANCE.refusal(List.of(), local("2026-01-14T10:00", NEW_YORK), NEW_YORK)).isEmpty();
        // yesterday's text does not count against today
        assertThat(ALLOWANCE.refusal(List.of(local("2026-01-13T10:00", NEW_YORK)), local("2026-01-14T10:00", NEW_YORK),
                NEW_YORK)).isEmpty();
    }

    @Test
    void theSecondTextOfTheSameLocalDayIsRefused() {
        List<Instant> sent = List.of(local("2026-01-14T08:00", NEW_YORK));
        assertThat(ALLOWANCE.refusal(sent, local("2026-01-14T20:59", NEW_YORK), NEW_YORK))
                .contains(Reason.DAILY_LIMIT_REACHED);
    }

    @Test
    void daysAreLocalCalendarDaysNotUtcDays() {
        // Auckland (UTC+13 in January): 23:59 local on the 10th is 10:59Z, 00:00 on the 11th is 11:00Z, the same UTC day.
        Instant lateOnTheTenth = local("2026-01-10T23:59", AUCKLAND);
        Instant midnight = local("2026-01-11T00:00", AUCKLAND);
        assertThat(lateOnTheTenth.toString()).startsWith("2026-01-10");
        assertThat(midnight.toString()).startsWith("2026-01-10");
        assertThat(ALLOWANCE.refusal(List.of(lateOnTheTenth), midnight, AUCKLAND)).isEmpty();

        // The same local day spanning two UTC days: 08:00 local is the 9th in UTC, 20:00 local the 10th.
        Instant morning = local("2026-01-10T08:00", AUCKLAND);
        Instant evening = local("2026-01-10T20:00", AUCKLAND);
        assertThat(morning.toString()).startsWith("2026-01-09");
        assertThat(evening.toString()).startsWith("2026-01-10");
        assertThat(ALLOWANCE.refusal(List.of(morning), evening, AUCKLAND)).contains(Reason.DAILY_LIMIT_REACHED);
    }

    @Test
    void daysAreLocalCalendarDaysWestOfUtcToo() {
        // Los Angeles (UTC-8): 15:30 and 17:30 local on the 14th fall on different UTC days but the same local day.
        Instant afternoon = local("2026-01-14T15:30", LOS_ANGELES);
        Instant evening = local("2026-01-14T17:30", LOS_ANGELES);
        assertThat(afternoon.toString()).startsWith("2026-01-14");
        assertThat(evening.toString()).startsWith("2026-01-15");
        assertThat(ALLOWANCE.refusal(List.of(afternoon), evening, LOS_ANGELES)).contains(Reason.DAILY_LIMIT_REACHED);
        // 23:59 on the 14th and 00:00 on the 15th (both the 15th in UTC) are different local days.
        assertThat(ALLOWANCE.refusal(List.of(local("2026-01-14T23:59", LOS_ANGELES)), local("2026-01-15T00:00",
                LOS_ANGELES), LOS_ANGELES)).isEmpty();
    }

    @Test
    void theFourthTextInSevenDaysIsRefused() {
        List<Instant> sent = List.of(local("2026-01-08T10:00", NEW_YORK), local("2026-01-10T10:00", NEW_YORK),
                local("2026-01-12T10:00", NEW_YORK));
        // the 14th: the week is the 8th to the 14th
        assertThat(ALLOWANCE.refusal(sent, local("2026-01-14T10:00", NEW_YORK), NEW_YORK))
                .contains(Reason.WEEKLY_LIMIT_REACHED);
        assertThat(ALLOWANCE.refusal(sent, local("2026-01-14T23:59", NEW_YORK), NEW_YORK))
                .contains(Reason.WEEKLY_LIMIT_REACHED);
        // the 15th: the text of the 8th (7 days earlier) no longer counts
        assertThat(ALLOWANCE.refusal(sent, local("2026-01-15T00:00", NEW_YORK), NEW_YORK)).isEmpty();
    }

    @Test
    void aTextSevenDaysEarlierNoLongerCounts() {
        List<Instant> sent = List.of(local("2026-01-07T23:59", NEW_YORK), local("2026-01-10T10:00", NEW_YORK),
                local("2026-01-12T10:00", NEW_YORK));
        assertThat(ALLOWANCE.refusal(sent, local("2026-01-14T00:00", NEW_YORK), NEW_YORK)).isEmpty();
    }

    @Test
    void theDailyLimitIsReportedBeforeTheWeeklyOne() {
        List<Instant> sent = List.of(local("2026-01-10T10:00", NEW_YORK), local("2026-01-12T10:00", NEW_YORK),
                local("2026-01-14T09:00", NEW_YORK));
        assertThat(ALLOWANCE.refusal(sent, local("2026-01-14T10:00", NEW_YORK), NEW_YORK))
                .contains(Reason.DAILY_LIMIT_REACHED);
    }

    @Test
    void aDaylightSavingDayIsOneDayWhateverItsLength() {
        // 2026-03-08 in New York has 23 hours, 2026-11-01 has 25: texts at either end of one are still the same day.
        assertThat(ALLOWANCE.refusal(List.of(local("2026-03-08T00:30", NEW_YORK)), local("2026-03-08T23:30", NEW_YORK),
                NEW_YORK)).contains(Reason.DAILY_LIMIT_REACHED);
        Instant justAfterMidnight = local("2026-11-01T00:10", NEW_YORK);
        Instant justBeforeMidnight = local("2026-11-01T23:50", NEW_YORK);
        // 24 h 40 min apart, and still the same local day
        assertThat(java.time.Duration.between(justAfterMidnight, justBeforeMidnight)).isGreaterThan(
                java.time.Duration.ofHours(24));
        assertThat(ALLOWANCE.refusal(List.of(justAfterMidnight), justBeforeMidnight, NEW_YORK))
                .contains(Reason.DAILY_LIMIT_REACHED);
        // and the next day begins at local midnight, 23 hours after the previous one on spring-forward day
        assertThat(ALLOWANCE.refusal(List.of(local("2026-03-08T23:59", NEW_YORK)), local("2026-03-09T00:00", NEW_YORK),
                NEW_YORK)).isEmpty();
    }

    @Test
    void otherLimitsAreHonoured() {
        SmsAllowance two = new SmsAllowance(2, 5);
        List<Instant> oneToday = List.of(local("2026-01-14T09:00", NEW_YORK));
        assertThat(two.refusal(oneToday, local("2026-01-14T10:00", NEW_YORK), NEW_YORK)).isEmpty();
        List<Instant> twoToday = List.of(local("2026-01-14T09:00", NEW_YORK), local("2026-01-14T09:30", NEW_YORK));
        assertThat(two.refusal(twoToday, local("2026-01-14T10:00", NEW_YORK), NEW_YORK))
                .contains(Reason.DAILY_LIMIT_REACHED);
        assertThat(new SmsAllowance(0, 0).refusal(List.of(), local("2026-01-14T10:00", NEW_YORK), NEW_YORK))
                .contains(Reason.DAILY_LIMIT_REACHED);
    }

    @Test
    void inconsistentLimitsAreRefused() {
        assertThatThrownBy(() -> new SmsAllowance(-1, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SmsAllowance(2, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
