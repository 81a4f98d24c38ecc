package care.scheduling.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import care.kit.domain.Refusal;
import care.scheduling.booking.DosingSchedule.Reservation;
import care.scheduling.pacing.BookedDosing;
import care.scheduling.pacing.DosingPacing;
import care.scheduling.pacing.PacingPolicy;

/** The dosing schedule guard's rules, without a store: pending changes count, and settle either way safely. */
class DosingScheduleTest {

    static final PacingPolicy POLICY = PacingPolicy.defaults();
    static final Instant DAY0 = Instant.parse("2030-01-07T10:00:00Z");
    static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");

    static Instant day(double days) {
        return DAY0.plus(Duration.ofMinutes(Math.round(days * 24 * 60)));
    }

    static DosingSchedule schedule() {
        return new DosingSchedule("patient", List.of());
    }

    static String typeOf(Refusal refusal) {
        return "urn:care:problem:" + refusal.type();
    }

    @Test
    void aPendingBookingCountsForTheNextCheck() {
        DosingSchedule schedule = schedule();
        schedule.reserveBooking(POLICY, "a1", "plan", 1, day(0), "c1", NOW);

        assertThatThrownBy(() -> schedule.reserveBooking(POLICY, "a2", "plan", 2, day(1), "c2", NOW))
                .isInstanceOfSatisfying(Refusal.class, problem -> {
                    assertThat(problem.kind()).isEqualTo(Refusal.Kind.RULE);
                    assertThat(typeOf(problem)).endsWith("minimum-gap-between-dosing");
                });
        assertThat(schedule.sessions()).hasSize(1);
    }

    @Test
    void anAbandonedBookingLeavesAndACommittedOneStays() {
        DosingSchedule schedule = schedule();
        schedule.reserveBooking(POLICY, "a1", "plan", 1, day(0), "c1", NOW);
        schedule.reserveBooking(POLICY, "a2", "plan", 2, day(2), "c2", NOW);

        assertThat(schedule.abandon("a1", "other-change")).isFalse();
        assertThat(schedule.abandon("a1", "c1")).isTrue();
        assertThat(schedule.commit("a2", "c2")).isTrue();
        assertThat(schedule.commit("a2", "c2")).as("settled once").isFalse();

        assertThat(schedule.sessions()).containsExactly(new Reservation("a2", "plan", 2, day(2), null));
        schedule.reserveBooking(POLICY, "a3", "plan", 1, day(0), "c3", NOW);
    }

    @Test
    void aPendingMoveHoldsBothItsOldAndItsNewStart() {
        DosingSchedule schedule = new DosingSchedule("patient",
                List.of(new Reservation("a1", "plan", 1, day(0), null)));
        schedule.reserveMove(POLICY, schedule.reservation("a1").orElseThrow(), day(4), "m1", 3L, NOW);

        // Far enough from the old start, too close to the new one.
        assertThatThrownBy(() -> schedule.reserveBooking(POLICY, "a2", "plan", 2, day(5), "c2", NOW))
                .isInstanceOfSatisfying(Refusal.class,
                        problem -> assertThat(typeOf(problem)).endsWith("minimum-gap-between-dosing"));
        // Far enough from the new start, too close to the old one (and before it: out of order too).
        assertThatThrownBy(() -> schedule.reserveBooking(POLICY, "a2", "plan", 2, day(1), "c2", NOW))
                .isInstanceOf(Refusal.class);

        assertThat(schedule.abandon("a1", "m1")).isTrue();
        assertThat(schedule.reservation("a1").orElseThrow()).isEqualTo(new Reservation("a1", "plan", 1, day(0), null));
        schedule.reserveBooking(POLICY, "a2", "plan", 2, day(5), "c2", NOW);
    }

    @Test
    void aCommittedMoveTakesItsNewStart() {
        DosingSchedule schedule = new DosingSchedule("patient",
                List.of(new Reservation("a1", "plan", 1, day(0), null)));
        schedule.reserveMove(POLICY, schedule.reservation("a1").orElseThrow(), day(4), "m1", 3L, NOW);
        assertThatThrownBy(() -> schedule.reserveMove(POLICY, schedule.reservation("a1").orElseThrow(), day(6), "m2",
                3L, NOW)).as("one change of a session at a time").isInstanceOf(IllegalStateException.class);

        assertThat(schedule.commit("a1", "m1")).isTrue();

        assertThat(schedule.reservation("a1").orElseThrow().start()).isEqualTo(day(4));
        schedule.reserveBooking(POLICY, "a2", "plan", 2, day(6), "c2", NOW);
    }

    @Test
    void aMoveIsNotCheckedAgainstItself() {
        DosingSchedule schedule = new DosingSchedule("patient",
                List.of(new Reservation("a1", "plan", 1, day(0), null)));
        schedule.reserveMove(POLICY, schedule.reservation("a1").orElseThrow(), day(0.5), "m1", 0L, NOW);
        assertThat(schedule.reservation("a1").orElseThrow().pending().start()).isEqualTo(day(0.5));
    }

    @Test
    void aSessionHeldByAnotherAppointmentIsAConflict() {
        DosingSchedule schedule = new DosingSchedule("patient",
                List.of(new Reservation("a1", "plan", 1, day(0), null)));

        assertThatThrownBy(() -> schedule.reserveBooking(POLICY, "a2", "plan", 1, day(10), "c2", NOW))
                .isInstanceOfSatisfying(Refusal.class, problem -> {
                    assertThat(problem.kind()).isEqualTo(Refusal.Kind.CONFLICT);
                    assertThat(typeOf(problem)).endsWith("session-already-booked");
                });
        // Another plan's sessions do not count.
        schedule.reserveBooking(POLICY, "a3", "plan-2", 1, day(0.5), "c3", NOW);
    }

    @Test
    void theWeeklyCapCountsPendingBookings() {
        DosingSchedule schedule = schedule();
        schedule.reserveBooking(POLICY, "a1", "plan", 1, day(0), "c1", NOW);
        schedule.reserveBooking(POLICY, "a2", "plan", 2, day(2), "c2", NOW);

        assertThatThrownBy(() -> schedule.reserveBooking(POLICY, "a3", "plan", 3, day(4), "c3", NOW))
                .isInstanceOfSatisfying(Refusal.class,
                        problem -> assertThat(typeOf(problem)).endsWith("dosing-per-week-cap"));
    }

    @Test
    void removingASessionAndFindingStaleChanges() {
        DosingSchedule schedule = schedule();
        schedule.reserveBooking(POLICY, "a1", "plan", 1, day(0), "c1", NOW);
        schedule.reserveBooking(POLICY, "a2", "plan", 2, day(2), "c2", NOW.plusSeconds(60));

        assertThat(schedule.stale(NOW.plusSeconds(45), Duration.ofSeconds(30))).extracting(Reservation::appointmentId)
                .containsExactly("a1");
        assertThat(schedule.remove("a1")).isTrue();
        assertThat(schedule.remove("a1")).isFalse();
        assertThat(schedule.sessions()).extracting(Reservation::appointmentId).containsExactly("a2");
    }

    /**
     * Whatever sequence of bookings, moves and removals the guard lets through, and however each pending change
     * ends (written or not), the sessions that remain satisfy every pacing rule.
     */
    @Test
    void everyWayPendingChangesEndLeavesAScheduleWithinThePacingRules() {
        Random random = new Random(20301);
        for (int round = 0; round < 2000; round++) {
            DosingSchedule schedule = schedule();
            int changes = 0;
            for (int step = 0; step < 12; step++) {
                List<Reservation> sessions = schedule.sessions();
                int action = random.nextInt(10);
                Instant start = day(random.nextInt(28 * 4) / 4.0);
                try {
                    if (action < 5) {
                        schedule.reserveBooking(POLICY, "a" + step, "plan", 1 + random.nextInt(6), start,
                                "c" + changes++, NOW);
                    } else if (action < 8 && !sessions.isEmpty()) {
                        Reservation session = sessions.get(random.nextInt(sessions.size()));
                        if (session.pending() == null) {
                            schedule.reserveMove(POLICY, session, start, "c" + changes++, 0L, NOW);
                        }
                    } else if (!sessions.isEmpty()) {
                        Reservation session = sessions.get(random.nextInt(sessions.size()));
                        if (session.pending() != null) {
                            if (random.nextBoolean()) {
                                schedule.commit(session.appointmentId(), session.pending().change());
                            } else {
                                schedule.abandon(session.appointmentId(), session.pending().change());
                            }
                        } else if (random.nextInt(4) == 0) {
                            schedule.remove(session.appointmentId());
                        }
                    }
                } catch (Refusal refused) {
                    // Refused by a rule: nothing reserved.
                }
            }
            for (Reservation session : schedule.sessions()) {
                if (session.pending() != null) {
                    if (random.nextBoolean()) {
                        schedule.commit(session.appointmentId(), session.pending().change());
                    } else {
                        schedule.abandon(session.appointmentId(), session.pending().change());
                    }
                }
            }
            assertWithinPacing(schedule.sessions());
        }
    }

    static void assertWithinPacing(List<Reservation> sessions) {
        for (Reservation session : sessions) {
            List<BookedDosing> others = new ArrayList<>();
            for (Reservation other : sessions) {
                if (other != session) {
                    assertThat(other.sessionNumber()).isNotEqualTo(session.sessionNumber());
                    others.add(new BookedDosing(other.sessionNumber(), other.start()));
                }
            }
            assertThat(DosingPacing.check(POLICY, session.sessionNumber(), session.start(), others))
                    .as("session %s at %s among %s", session.sessionNumber(), session.start(), others).isEmpty();
        }
    }
}
