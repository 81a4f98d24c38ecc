package care.notification.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuietHoursTest {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final QuietHours QUIET = QuietHours.DEFAULT;

    static Instant at(String date, String time, ZoneId zone) {
        return ZonedDateTime.of(LocalDate.parse(date), LocalTime.parse(time), zone).toInstant();
    }

    @Test
    void theDefaultIsNinePmToEightAm() {
        assertThat(QUIET.start()).isEqualTo(LocalTime.of(21, 0));
        assertThat(QUIET.end()).isEqualTo(LocalTime.of(8, 0));
    }

    @ParameterizedTest(name = "{0} {1} on {2}")
    @CsvSource({
            // ordinary days
            "America/New_York, 2026-01-14", "America/New_York, 2026-07-15", "Europe/London, 2026-01-14",
            "Europe/London, 2026-07-15",
            // daylight-saving change days: spring forward and fall back
            "America/New_York, 2026-03-08", "America/New_York, 2026-11-01", "Europe/London, 2026-03-29",
            "Europe/London, 2026-10-25"})
    void theStartIsQuietTheEndIsNotOnOrdinaryAndDaylightSavingDays(String zoneId, String date) {
        ZoneId zone = ZoneId.of(zoneId);
        assertThat(QUIET.covers(at(date, "20:59", zone), zone)).as("20:59").isFalse();
        assertThat(QUIET.covers(at(date, "21:00", zone), zone)).as("21:00").isTrue();
        assertThat(QUIET.covers(at(date, "23:59", zone), zone)).as("23:59").isTrue();
        assertThat(QUIET.covers(at(date, "00:00", zone), zone)).as("00:00").isTrue();
        assertThat(QUIET.covers(at(date, "07:59", zone), zone)).as("07:59").isTrue();
        assertThat(QUIET.covers(at(date, "08:00", zone), zone)).as("08:00").isFalse();
        assertThat(QUIET.covers(at(date, "12:00", zone), zone)).as("12:00").isFalse();
    }

    @Test
    void theHoursAroundTheDaylightSavingChangeItselfAreQuiet() {
        // New York, spring forward: 01:59:59 EST is followed by 03:00 EDT.
        assertThat(QUIET.covers(Instant.parse("2026-03-08T06:59:59Z"), NEW_YORK)).isTrue();
        assertThat(QUIET.covers(Instant.parse("2026-03-08T07:00:00Z"), NEW_YORK)).isTrue();
        // New York, fall back: 01:30 happens twice, both quiet.
        assertThat(QUIET.covers(Instant.parse("2026-11-01T05:30:00Z"), NEW_YORK)).isTrue();
        assertThat(QUIET.covers(Instant.parse("2026-11-01T06:30:00Z"), NEW_YORK)).isTrue();
        // 08:00 EST on the fall-back day is 13:00Z, not 12:00Z (which is 07:00 EST).
        assertThat(QUIET.covers(Instant.parse("2026-11-01T12:59:59Z"), NEW_YORK)).isTrue();
        assertThat(QUIET.covers(Instant.parse("2026-11-01T13:00:00Z"), NEW_YORK)).isFalse();
        // 08:00 EDT on the spring-forward day is 12:00Z, not 13:00Z.
        assertThat(QUIET.covers(Instant.parse("2026-03-08T11:59:59Z"), NEW_YORK)).isTrue();
        assertThat(QUIET.covers(Instant.parse("2026-03-08T12:00:00Z"), NEW_YORK)).isFalse();
    }

    @ParameterizedTest(name = "{0} from {1} -> {2}")
    @CsvSource({
            // the night before spring forward and fall back, New York: 08:00 EDT = 12:00Z, 08:00 EST = 13:00Z
            "America/New_York, 2026-03-07T23:00, 2026-03-08T12:00:00Z",
            "America/New_York, 2026-10-31T23:00, 2026-11-01T13:00:00Z",
            "America/New_York, 2026-03-07T21:00, 2026-03-08T12:00:00Z",
            // the same in London: 08:00 BST = 07:00Z, 08:00 GMT = 08:00Z
            "Europe/London, 2026-03-28T23:00, 2026-03-29T07:00:00Z",
            "Europe/London, 2026-10-24T23:00, 2026-10-25T08:00:00Z",
            // after midnight: the end of the same day
            "America/New_York, 2026-03-08T03:00, 2026-03-08T12:00:00Z",
            "America/New_York, 2026-11-01T03:00, 2026-11-01T13:00:00Z",
            "America/New_York, 2026-01-14T03:00, 2026-01-14T13:00:00Z",
            "America/New_York, 2026-01-14T07:59, 2026-01-14T13:00:00Z",
            "Europe/London, 2026-03-29T03:00, 2026-03-29T07:00:00Z",
            "Europe/London, 2026-10-25T03:00, 2026-10-25T08:00:00Z"})
    void nextAllowedIsEightAmLocalTime(String zoneId, String localStart, String expected) {
        ZoneId zone = ZoneId.of(zoneId);
        Instant from = java.time.LocalDateTime.parse(localStart).atZone(zone).toInstant();
        Instant next = QUIET.nextAllowed(from, zone);
        assertThat(next).isEqualTo(Instant.parse(expected));
        assertThat(next.atZone(zone).toLocalTime()).isEqualTo(LocalTime.of(8, 0));
        assertThat(QUIET.covers(next, zone)).isFalse();
    }

    @Test
    void nextAllowedFromTheRepeatedHourOfFallBackIsEightAmStandardTime() {
        // 01:30 EDT and 01:30 EST: both end at 08:00 EST.
        assertThat(QUIET.nextAllowed(Instant.parse("2026-11-01T05:30:00Z"), NEW_YORK))
                .isEqualTo(Instant.parse("2026-11-01T13:00:00Z"));
        assertThat(QUIET.nextAllowed(Instant.parse("2026-11-01T06:30:00Z"), NEW_YORK))
                .isEqualTo(Instant.parse("2026-11-01T13:00:00Z"));
    }

    @Test
    void allowedTimesAreReturnedAsTheyAre() {
        Instant eight = at("2026-01-14", "08:00", NEW_YORK);
        Instant beforeNine = at("2026-01-14", "20:59:59.999", NEW_YORK);
        Instant springForwardNoon = at("2026-03-08", "12:34:56.789", NEW_YORK);
        Instant fallBackEightLondon = at("2026-10-25", "08:00", LONDON);
        assertThat(QUIET.nextAllowed(eight, NEW_YORK)).isEqualTo(eight);
        assertThat(QUIET.nextAllowed(beforeNine, NEW_YORK)).isEqualTo(beforeNine);
        assertThat(QUIET.nextAllowed(springForwardNoon, NEW_YORK)).isEqualTo(springForwardNoon);
        assertThat(QUIET.nextAllowed(fallBackEightLondon, LONDON)).isEqualTo(fallBackEightLondon);
    }

    @Test
    void aWindowWithinOneDayDoesNotWrapAroundMidnight() {
        QuietHours lunch = new QuietHours(LocalTime.of(13, 0), LocalTime.of(14, 0));
        assertThat(lunch.covers(at("2026-01-14", "12:59", LONDON), LONDON)).isFalse();
        assertThat(lunch.covers(at("2026-01-14", "13:00", LONDON), LONDON)).isTrue();
        assertThat(lunch.covers(at("2026-01-14", "13:59", LONDON), LONDON)).isTrue();
        assertThat(lunch.covers(at("2026-01-14", "14:00", LONDON), LONDON)).isFalse();
        assertThat(lunch.covers(at("2026-01-14", "23:00", LONDON), LONDON)).isFalse();
        assertThat(lunch.covers(at("2026-01-14", "03:00", LONDON), LONDON)).isFalse();
        assertThat(lunch.nextAllowed(at("2026-01-14", "13:30", LONDON), LONDON))
                .isEqualTo(at("2026-01-14", "14:00", LONDON));
        assertThat(lunch.nextAllowed(at("2026-01-14", "23:00", LONDON), LONDON))
                .isEqualTo(at("2026-01-14", "23:00", LONDON));
    }

    @Test
    void equalStartAndEndMeansNoQuietHours() {
        QuietHours none = new QuietHours(LocalTime.of(21, 0), LocalTime.of(21, 0));
        for (String time : new String[] {"00:00", "03:00", "07:59", "20:59", "21:00", "23:59"}) {
            Instant instant = at("2026-01-14", time, NEW_YORK);
            assertThat(none.covers(instant, NEW_YORK)).as(time).isFalse();
            assertThat(none.nextAllowed(instant, NEW_YORK)).as(time).isEqualTo(instant);
        }
    }

    @Test
    void theSameInstantIsQuietInOneZoneAndNotInAnother() {
        Instant instant = Instant.parse("2026-01-14T03:00:00Z"); // 03:00 London, 22:00 New York (previous day)
        assertThat(QUIET.covers(instant, LONDON)).isTrue();
        assertThat(QUIET.covers(instant, NEW_YORK)).isTrue();
        Instant noonLondon = Instant.parse("2026-01-14T12:00:00Z"); // 12:00 London, 07:00 New York
        assertThat(QUIET.covers(noonLondon, LONDON)).isFalse();
        assertThat(QUIET.covers(noonLondon, NEW_YORK)).isTrue();
        assertThat(QUIET.nextAllowed(noonLondon, LONDON)).isEqualTo(noonLondon);
        assertThat(QUIET.nextAllowed(noonLondon, NEW_YORK)).isEqualTo(Instant.parse("2026-01-14T13:00:00Z"));
        Instant eveningLondon = Instant.parse("2026-01-14T21:30:00Z"); // 21:30 London, 16:30 New York
        assertThat(QUIET.covers(eveningLondon, LONDON)).isTrue();
        assertThat(QUIET.covers(eveningLondon, NEW_YORK)).isFalse();
    }

    @Test
    void anEndInsideTheSpringForwardGapMovesForwardByTheGap() {
        // 02:30 does not exist in New York on 2026-03-08: the quiet hours end at 03:30 EDT, as ZonedDateTime does.
        QuietHours toHalfPastTwo = new QuietHours(LocalTime.of(21, 0), LocalTime.of(2, 30));
        assertThat(toHalfPastTwo.nextAllowed(at("2026-03-07", "23:00", NEW_YORK), NEW_YORK))
                .isEqualTo(Instant.parse("2026-03-08T07:30:00Z"));
    }

    @Test
    void startAndEndAreRequired() {
        assertThatThrownBy(() -> new QuietHours(null, LocalTime.NOON)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new QuietHours(LocalTime.NOON, null)).isInstanceOf(NullPointerException.class);
    }
}
