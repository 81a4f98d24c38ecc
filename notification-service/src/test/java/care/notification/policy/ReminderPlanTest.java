package care.notification.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import care.notification.policy.ReminderPlan.Reminder;

class ReminderPlanTest {

    static final Duration DAY = Duration.ofHours(24);
    static final Duration HOUR = Duration.ofHours(1);
    static final List<Duration> OFFSETS = List.of(Duration.parse("PT24H"), Duration.parse("PT1H"));
    static final Instant NOW = Instant.parse("2026-01-14T10:00:00Z");

    @Test
    void bookedDaysAheadEveryReminderGoesAtItsTime() {
        Instant start = NOW.plus(Duration.ofDays(3));
        assertThat(ReminderPlan.plan(start, OFFSETS, NOW)).containsExactlyInAnyOrder(
                new Reminder(DAY, start.minus(DAY)), new Reminder(HOUR, start.minus(HOUR)));
    }

    @Test
    void bookedThreeHoursAheadThePassedReminderGoesAtOnce() {
        Instant start = NOW.plus(Duration.ofHours(3));
        assertThat(ReminderPlan.plan(start, OFFSETS, NOW)).containsExactlyInAnyOrder(
                new Reminder(HOUR, start.minus(HOUR)), new Reminder(DAY, NOW));
    }

    @Test
    void bookedHalfAnHourAheadOnlyTheNearestPassedReminderGoesAtOnce() {
        Instant start = NOW.plus(Duration.ofMinutes(30));
        assertThat(ReminderPlan.plan(start, OFFSETS, NOW)).containsExactly(new Reminder(HOUR, NOW));
        // the order of the configured offsets does not matter
        assertThat(ReminderPlan.plan(start, List.of(HOUR, DAY), NOW)).containsExactly(new Reminder(HOUR, NOW));
        assertThat(ReminderPlan.plan(start, List.of(Duration.ofHours(2), DAY, HOUR, Duration.ofHours(48)), NOW))
                .containsExactly(new Reminder(HOUR, NOW));
    }

    @Test
    void aReminderDueExactlyNowGoesNow() {
        Instant start = NOW.plus(HOUR);
        assertThat(ReminderPlan.plan(start, OFFSETS, NOW)).containsExactly(new Reminder(HOUR, NOW));
    }

    @Test
    void aReminderAMillisecondAheadWaitsForItsTimeAndOneAMillisecondLateGoesAtOnce() {
        Instant justInside = NOW.plus(HOUR).plusMillis(1);
        assertThat(ReminderPlan.plan(justInside, List.of(HOUR), NOW))
                .containsExactly(new Reminder(HOUR, NOW.plusMillis(1)));
        Instant justOutside = NOW.plus(HOUR).minusMillis(1);
        assertThat(ReminderPlan.plan(justOutside, List.of(HOUR), NOW)).containsExactly(new Reminder(HOUR, NOW));
        assertThat(ReminderPlan.plan(NOW.plusMillis(1), List.of(HOUR), NOW)).as("a millisecond before the start")
                .containsExactly(new Reminder(HOUR, NOW));
    }

    @Test
    void onlyOneReminderEverGoesAtOnce() {
        Instant start = NOW.plus(Duration.ofMinutes(10));
        List<Reminder> plan = ReminderPlan.plan(start, List.of(Duration.ofHours(48), DAY, Duration.ofHours(2), HOUR,
                Duration.ofMinutes(30), Duration.ofMinutes(5)), NOW);
        assertThat(plan).containsExactlyInAnyOrder(new Reminder(Duration.ofMinutes(30), NOW),
                new Reminder(Duration.ofMinutes(5), start.minus(Duration.ofMinutes(5))));
        assertThat(plan).filteredOn(reminder -> !reminder.dueAt().isAfter(NOW)).hasSize(1);
    }

    @Test
    void nothingOnceTheAppointmentHasStarted() {
        assertThat(ReminderPlan.plan(NOW.minus(Duration.ofMinutes(1)), OFFSETS, NOW)).isEmpty();
        assertThat(ReminderPlan.plan(NOW, OFFSETS, NOW)).isEmpty();
        assertThat(ReminderPlan.plan(NOW.minus(Duration.ofDays(3)), OFFSETS, NOW)).isEmpty();
    }

    @Test
    void duplicateOffsetsCollapse() {
        Instant start = NOW.plus(Duration.ofDays(3));
        assertThat(ReminderPlan.plan(start, List.of(DAY, HOUR, Duration.ofMinutes(60), DAY), NOW))
                .containsExactlyInAnyOrder(new Reminder(DAY, start.minus(DAY)), new Reminder(HOUR, start.minus(HOUR)));
        Instant soon = NOW.plus(Duration.ofMinutes(30));
        assertThat(ReminderPlan.plan(soon, List.of(HOUR, HOUR, Duration.ofMinutes(60)), NOW))
                .containsExactly(new Reminder(HOUR, NOW));
    }

    @Test
    void noOffsetsNoReminders() {
        assertThat(ReminderPlan.plan(NOW.plus(Duration.ofDays(3)), List.of(), NOW)).isEmpty();
    }
}
