package care.scheduling.availability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import care.contracts.scheduling.AppointmentKind;
import care.scheduling.availability.WeeklyAvailability.Window;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WeeklyAvailabilityTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Window window(DayOfWeek day, String start, String end) {
        return new Window(day, LocalTime.parse(start), LocalTime.parse(end));
    }

    @Test
    void windowEndingBeforeItsStartIsRejected() {
        assertThatThrownBy(() -> window(DayOfWeek.MONDAY, "17:00", "09:00"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptyWindowIsRejected() {
        assertThatThrownBy(() -> window(DayOfWeek.MONDAY, "09:00", "09:00"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void overlappingWindowsOfOneDayAreRejected() {
        List<Window> weekly = List.of(window(DayOfWeek.MONDAY, "13:00", "17:00"),
                window(DayOfWeek.MONDAY, "09:00", "13:01"));

        assertThatThrownBy(() -> new WeeklyAvailability(BERLIN, weekly, Set.of(AppointmentKind.CONSULTATION)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MONDAY");
    }

    @Test
    void windowInsideAnotherIsRejected() {
        List<Window> weekly = List.of(window(DayOfWeek.MONDAY, "09:00", "17:00"),
                window(DayOfWeek.MONDAY, "10:00", "11:00"));

        assertThatThrownBy(() -> new WeeklyAvailability(BERLIN, weekly, Set.of(AppointmentKind.CONSULTATION)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void touchingWindowsAndTheSameHoursOnOtherDaysAreFine() {
        List<Window> weekly = List.of(window(DayOfWeek.MONDAY, "09:00", "13:00"),
                window(DayOfWeek.MONDAY, "13:00", "17:00"), window(DayOfWeek.TUESDAY, "09:00", "17:00"));

        WeeklyAvailability availability = new WeeklyAvailability(BERLIN, weekly, Set.of(AppointmentKind.CONSULTATION));

        assertThat(availability.weekly()).hasSize(3);
        assertThat(availability.offers(AppointmentKind.CONSULTATION)).isTrue();
        assertThat(availability.offers(AppointmentKind.DOSING_SESSION)).isFalse();
    }

    @Test
    void missingZoneIsRejected() {
        assertThatThrownBy(() -> new WeeklyAvailability(null, List.of(), Set.of()))
                .isInstanceOf(NullPointerException.class);
    }
}
