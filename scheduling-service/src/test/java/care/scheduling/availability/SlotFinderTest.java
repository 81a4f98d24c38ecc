package care.scheduling.availability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import care.contracts.scheduling.AppointmentKind;
import care.scheduling.availability.WeeklyAvailability.Window;
import care.scheduling.pacing.PacingPolicy;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SlotFinderTest {

    private static final PacingPolicy POLICY = PacingPolicy.defaults();
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static Window window(DayOfWeek day, String start, String end) {
        return new Window(day, LocalTime.parse(start), LocalTime.parse(end));
    }

    private static WeeklyAvailability availability(ZoneId zone, Window... windows) {
        return new WeeklyAvailability(zone, List.of(windows), EnumSet.allOf(AppointmentKind.class));
    }

    private static List<Slot> consultations(WeeklyAvailability availability, String from, String to,
            Interval... busy) {
        return SlotFinder.freeSlots(availability, AppointmentKind.CONSULTATION, POLICY, Instant.parse(from),
                Instant.parse(to), List.of(busy));
    }

    private static List<String> starts(List<Slot> slots) {
        return slots.stream().map(slot -> slot.start().toString()).toList();
    }

    private static Interval busy(String start, String end) {
        return new Interval(Instant.parse(start), Instant.parse(end));
    }

    @Nested
    class NormalWeek {

        // Week of Monday 2026-01-12, Berlin on CET (UTC+1).
        private final WeeklyAvailability berlin = availability(BERLIN,
                window(DayOfWeek.WEDNESDAY, "13:00", "17:00"), window(DayOfWeek.MONDAY, "09:00", "12:00"));

        @Test
        void consultationsAreLaidOutEveryHourFromEachWindowStart() {
            List<Slot> slots = consultations(berlin, "2026-01-12T00:00:00Z", "2026-01-19T00:00:00Z");

            assertThat(starts(slots)).containsExactly(
                    "2026-01-12T08:00:00Z", "2026-01-12T09:00:00Z", "2026-01-12T10:00:00Z",
                    "2026-01-14T12:00:00Z", "2026-01-14T13:00:00Z", "2026-01-14T14:00:00Z", "2026-01-14T15:00:00Z");
            assertThat(slots).allSatisfy(slot ->
                    assertThat(Duration.between(slot.start(), slot.end())).isEqualTo(Duration.ofMinutes(45)));
        }

        @Test
        void dosingSessionsUseTheirOwnLengthAndMustEndInsideTheWindow() {
            WeeklyAvailability day = availability(BERLIN, window(DayOfWeek.MONDAY, "09:00", "17:00"));

            List<Slot> slots = SlotFinder.freeSlots(day, AppointmentKind.DOSING_SESSION, POLICY,
                    Instant.parse("2026-01-12T00:00:00Z"), Instant.parse("2026-01-13T00:00:00Z"), List.of());

            // 09:00–12:00 and 12:15–15:15; 15:30–18:30 would run past 17:00.
            assertThat(slots).containsExactly(
                    new Slot(Instant.parse("2026-01-12T08:00:00Z"), Instant.parse("2026-01-12T11:00:00Z")),
                    new Slot(Instant.parse("2026-01-12T11:15:00Z"), Instant.parse("2026-01-12T14:15:00Z")));
        }

        @Test
        void slotEndingExactlyAtTheWindowEndIsOffered() {
            WeeklyAvailability tight = availability(BERLIN, window(DayOfWeek.MONDAY, "09:00", "10:45"));

            assertThat(starts(consultations(tight, "2026-01-12T00:00:00Z", "2026-01-13T00:00:00Z")))
                    .containsExactly("2026-01-12T08:00:00Z", "2026-01-12T09:00:00Z");
        }

        @Test
        void kindNotOfferedGivesNoSlots() {
            WeeklyAvailability consultationsOnly = new WeeklyAvailability(BERLIN,
                    List.of(window(DayOfWeek.MONDAY, "09:00", "17:00")), EnumSet.of(AppointmentKind.CONSULTATION));

            assertThat(SlotFinder.freeSlots(consultationsOnly, AppointmentKind.DOSING_SESSION, POLICY,
                    Instant.parse("2026-01-12T00:00:00Z"), Instant.parse("2026-01-13T00:00:00Z"), List.of()))
                    .isEmpty();
        }
    }

    @Nested
    class BusyIntervals {

        // Monday 2026-01-12 09:00–12:00 Berlin: slots at 08:00Z, 09:00Z and 10:00Z.
        private final WeeklyAvailability monday = availability(BERLIN, window(DayOfWeek.MONDAY, "09:00", "12:00"));

        @Test
        void overlappingSlotIsRemovedAndTouchingSlotsStay() {
            // A booked consultation 10:00–10:45 local, stored with its buffer until 11:00 local.
            List<Slot> slots = consultations(monday, "2026-01-12T00:00:00Z", "2026-01-13T00:00:00Z",
                    busy("2026-01-12T09:00:00Z", "2026-01-12T10:00:00Z"));

            assertThat(starts(slots)).containsExactly("2026-01-12T08:00:00Z", "2026-01-12T10:00:00Z");
        }

        @Test
        void slotWhoseBufferWouldRunIntoBusyTimeIsRemoved() {
            // The 08:00Z slot ends at 08:45Z, but its 15 min buffer would reach into the busy time.
            List<Slot> slots = consultations(monday, "2026-01-12T00:00:00Z", "2026-01-13T00:00:00Z",
                    busy("2026-01-12T08:45:00Z", "2026-01-12T08:50:00Z"));

            assertThat(starts(slots)).containsExactly("2026-01-12T09:00:00Z", "2026-01-12T10:00:00Z");
        }

        @Test
        void busyTimeEndingAtTheSlotStartLeavesItFree() {
            List<Slot> slots = consultations(monday, "2026-01-12T00:00:00Z", "2026-01-13T00:00:00Z",
                    busy("2026-01-12T07:00:00Z", "2026-01-12T08:00:00Z"));

            assertThat(starts(slots)).hasSize(3);
        }

        @Test
        void busyTimeCoveringTheDayRemovesEverySlot() {
            assertThat(consultations(monday, "2026-01-12T00:00:00Z", "2026-01-13T00:00:00Z",
                    busy("2026-01-12T00:00:00Z", "2026-01-13T00:00:00Z"))).isEmpty();
        }
    }

    @Nested
    class RangeClipping {

        private final WeeklyAvailability monday = availability(BERLIN, window(DayOfWeek.MONDAY, "09:00", "12:00"));

        @Test
        void slotsStartingBeforeFromAreLeftOut() {
            assertThat(starts(consultations(monday, "2026-01-12T08:01:00Z", "2026-01-13T00:00:00Z")))
                    .containsExactly("2026-01-12T09:00:00Z", "2026-01-12T10:00:00Z");
            assertThat(starts(consultations(monday, "2026-01-12T09:00:00Z", "2026-01-13T00:00:00Z")))
                    .containsExactly("2026-01-12T09:00:00Z", "2026-01-12T10:00:00Z");
        }

        @Test
        void slotsEndingAfterToAreLeftOut() {
            assertThat(starts(consultations(monday, "2026-01-12T00:00:00Z", "2026-01-12T09:45:00Z")))
                    .containsExactly("2026-01-12T08:00:00Z", "2026-01-12T09:00:00Z");
            assertThat(starts(consultations(monday, "2026-01-12T00:00:00Z", "2026-01-12T09:44:00Z")))
                    .containsExactly("2026-01-12T08:00:00Z");
        }

        @Test
        void emptyRangeGivesNothingAndReversedRangeIsRejected() {
            assertThat(consultations(monday, "2026-01-12T09:00:00Z", "2026-01-12T09:00:00Z")).isEmpty();
            assertThatThrownBy(() -> consultations(monday, "2026-01-12T10:00:00Z", "2026-01-12T09:00:00Z"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class DaylightSaving {

        @Test
        void berlinWindowKeepsItsLocalHoursSoItsUtcInstantsShiftAcrossTheChange() {
            // Clocks go forward on Sunday 2026-03-29: Friday is CET (UTC+1), Monday is CEST (UTC+2).
            WeeklyAvailability weekdays = availability(BERLIN, window(DayOfWeek.FRIDAY, "09:00", "11:00"),
                    window(DayOfWeek.MONDAY, "09:00", "11:00"));

            assertThat(starts(consultations(weekdays, "2026-03-27T00:00:00Z", "2026-03-31T00:00:00Z")))
                    .containsExactly("2026-03-27T08:00:00Z", "2026-03-27T09:00:00Z",
                            "2026-03-30T07:00:00Z", "2026-03-30T08:00:00Z");
        }

        @Test
        void berlinWindowAcrossTheSpringForwardGapSkipsTheMissingHour() {
            // Sunday 2026-03-29 01:00 CET (00:00Z) to 05:00 CEST (03:00Z): three real hours, no 02:00 local.
            WeeklyAvailability sunday = availability(BERLIN, window(DayOfWeek.SUNDAY, "01:00", "05:00"));

            List<Slot> slots = consultations(sunday, "2026-03-29T00:00:00Z", "2026-03-30T00:00:00Z");

            assertThat(starts(slots)).containsExactly(
                    "2026-03-29T00:00:00Z", "2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z");
            assertThat(slots).extracting(slot -> slot.start().atZone(BERLIN).toLocalTime())
                    .containsExactly(LocalTime.of(1, 0), LocalTime.of(3, 0), LocalTime.of(4, 0));
        }

        @Test
        void losAngelesSpringForwardWeek() {
            // Sunday 2026-03-08: 02:00 PST becomes 03:00 PDT. Saturday is UTC-8, Monday UTC-7.
            WeeklyAvailability la = availability(LOS_ANGELES, window(DayOfWeek.SATURDAY, "09:00", "10:00"),
                    window(DayOfWeek.SUNDAY, "01:00", "04:00"), window(DayOfWeek.MONDAY, "09:00", "10:00"));

            List<Slot> slots = consultations(la, "2026-03-07T00:00:00Z", "2026-03-10T00:00:00Z");

            // Sunday's window is 01:00 PST (09:00Z) to 04:00 PDT (11:00Z): two real hours, slots at 01:00
            // and 03:00 local and none at the non-existent 02:00.
            assertThat(starts(slots)).containsExactly("2026-03-07T17:00:00Z",
                    "2026-03-08T09:00:00Z", "2026-03-08T10:00:00Z", "2026-03-09T16:00:00Z");
            assertThat(slots.get(2).start().atZone(LOS_ANGELES).toLocalTime()).isEqualTo(LocalTime.of(3, 0));
        }

        @Test
        void losAngelesSpringForwardDosingSessionLastsItsRealLength() {
            // 00:00 PST (08:00Z) to 06:00 PDT (13:00Z) is five real hours: one 180 min session, which reads
            // 00:00–04:00 on the wall clock but is three hours long.
            WeeklyAvailability sunday = availability(LOS_ANGELES, window(DayOfWeek.SUNDAY, "00:00", "06:00"));

            List<Slot> slots = SlotFinder.freeSlots(sunday, AppointmentKind.DOSING_SESSION, POLICY,
                    Instant.parse("2026-03-08T00:00:00Z"), Instant.parse("2026-03-09T00:00:00Z"), List.of());

            assertThat(slots).containsExactly(
                    new Slot(Instant.parse("2026-03-08T08:00:00Z"), Instant.parse("2026-03-08T11:00:00Z")));
        }

        @Test
        void losAngelesFallBackWeekOffersTheRepeatedHourOnceInEachOffset() {
            // Sunday 2026-11-01: 02:00 PDT becomes 01:00 PST. Saturday is UTC-7, Monday UTC-8.
            WeeklyAvailability la = availability(LOS_ANGELES, window(DayOfWeek.SATURDAY, "09:00", "10:00"),
                    window(DayOfWeek.SUNDAY, "01:00", "04:00"), window(DayOfWeek.MONDAY, "09:00", "10:00"));

            List<Slot> slots = consultations(la, "2026-10-31T00:00:00Z", "2026-11-03T00:00:00Z");

            // Sunday's window is 01:00 PDT (08:00Z) to 04:00 PST (12:00Z): four real hours. 01:00 local
            // occurs twice, as two different instants; no instant is offered twice.
            assertThat(starts(slots)).containsExactly("2026-10-31T16:00:00Z",
                    "2026-11-01T08:00:00Z", "2026-11-01T09:00:00Z", "2026-11-01T10:00:00Z", "2026-11-01T11:00:00Z",
                    "2026-11-02T17:00:00Z");
            assertThat(slots).doesNotHaveDuplicates();
            for (int i = 1; i < slots.size(); i++) {
                assertThat(slots.get(i).start()).isAfterOrEqualTo(slots.get(i - 1).end().plus(POLICY.buffer()));
            }
        }

        @Test
        void newYorkWindowAcrossTheGapHasNoSlotAtTheMissingHour() {
            // 2026-03-08 01:00 EST (06:00Z) to 04:00 EDT (08:00Z).
            WeeklyAvailability ny = availability(NEW_YORK, window(DayOfWeek.SUNDAY, "01:00", "04:00"));

            List<Slot> slots = consultations(ny, "2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z");

            assertThat(starts(slots)).containsExactly("2026-03-08T06:00:00Z", "2026-03-08T07:00:00Z");
            assertThat(slots).extracting(slot -> slot.start().atZone(NEW_YORK).toLocalTime())
                    .containsExactly(LocalTime.of(1, 0), LocalTime.of(3, 0));
        }

        @Test
        void windowInsideTheGapIsShiftedForwardByTheGapLikeJavaTime() {
            // 02:00–02:45 does not exist on 2026-03-08 in New York; java.time reads it as 03:00–03:45 EDT.
            WeeklyAvailability ny = availability(NEW_YORK, window(DayOfWeek.SUNDAY, "02:00", "02:45"));

            assertThat(consultations(ny, "2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z")).containsExactly(
                    new Slot(Instant.parse("2026-03-08T07:00:00Z"), Instant.parse("2026-03-08T07:45:00Z")));
        }

        @Test
        void windowWhoseStartIsShiftedPastItsEndYieldsNothing() {
            // 02:30 becomes 03:30 EDT, later than the window's end at 03:15 EDT.
            WeeklyAvailability ny = availability(NEW_YORK, window(DayOfWeek.SUNDAY, "02:30", "03:15"));

            assertThat(consultations(ny, "2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z")).isEmpty();
            // A week later the same window is an ordinary 45 minutes: one slot at 02:30 EDT.
            assertThat(starts(consultations(ny, "2026-03-15T00:00:00Z", "2026-03-16T00:00:00Z")))
                    .containsExactly("2026-03-15T06:30:00Z");
        }
    }

    @Nested
    class WithinAvailability {

        private final WeeklyAvailability berlin = availability(BERLIN, window(DayOfWeek.MONDAY, "09:00", "12:00"),
                window(DayOfWeek.MONDAY, "12:00", "17:00"));

        @Test
        void insideOneWindowIncludingItsEdges() {
            assertThat(SlotFinder.withinAvailability(berlin, Instant.parse("2026-01-12T08:00:00Z"),
                    Instant.parse("2026-01-12T11:00:00Z"))).isTrue();
            assertThat(SlotFinder.withinAvailability(berlin, Instant.parse("2026-01-12T13:15:00Z"),
                    Instant.parse("2026-01-12T14:00:00Z"))).isTrue();
        }

        @Test
        void outsideOrAcrossWindowsIsNot() {
            assertThat(SlotFinder.withinAvailability(berlin, Instant.parse("2026-01-12T07:59:00Z"),
                    Instant.parse("2026-01-12T08:44:00Z"))).isFalse();
            // Touching windows are still two windows: an appointment may not straddle 12:00.
            assertThat(SlotFinder.withinAvailability(berlin, Instant.parse("2026-01-12T10:30:00Z"),
                    Instant.parse("2026-01-12T11:15:00Z"))).isFalse();
            assertThat(SlotFinder.withinAvailability(berlin, Instant.parse("2026-01-13T08:00:00Z"),
                    Instant.parse("2026-01-13T08:45:00Z"))).isFalse();
        }

        @Test
        void followsLocalTimeAcrossDaylightSaving() {
            // Monday 2026-03-30 is CEST: 09:00–17:00 local is 07:00Z–15:00Z.
            assertThat(SlotFinder.withinAvailability(berlin, Instant.parse("2026-03-30T07:00:00Z"),
                    Instant.parse("2026-03-30T07:45:00Z"))).isTrue();
            assertThat(SlotFinder.withinAvailability(berlin, Instant.parse("2026-03-30T14:30:00Z"),
                    Instant.parse("2026-03-30T15:15:00Z"))).isFalse();
        }

        @Test
        void emptyOrReversedIntervalIsRejected() {
            Instant t = Instant.parse("2026-01-12T09:00:00Z");
            assertThatThrownBy(() -> SlotFinder.withinAvailability(berlin, t, t))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> SlotFinder.withinAvailability(berlin, t, t.minusSeconds(60)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void intervalMustEndAfterItStarts() {
        assertThatThrownBy(() -> busy("2026-01-12T09:00:00Z", "2026-01-12T09:00:00Z"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
