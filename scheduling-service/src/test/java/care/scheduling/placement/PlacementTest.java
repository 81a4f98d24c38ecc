package care.scheduling.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.contracts.scheduling.AppointmentKind;
import care.kit.domain.Refusal;
import care.scheduling.availability.WeeklyAvailability;
import care.scheduling.pacing.PacingPolicy;
import care.scheduling.placement.Placement.Dosing;
import care.scheduling.placement.Placement.Facts;
import care.scheduling.placement.Placement.Placed;
import care.scheduling.placement.Placement.Plan;
import care.scheduling.placement.Placement.Proposal;
import care.scheduling.placement.Placement.Provider;
import care.scheduling.placement.Placement.Standing;

/** The placement rules, each at its boundary: just inside, just outside. */
class PlacementTest {

    static final PacingPolicy POLICY = PacingPolicy.defaults();
    static final Placement PLACEMENT = new Placement(POLICY);
    /** A Monday, 06:00 UTC. */
    static final Instant NOW = Instant.parse("2030-01-07T06:00:00Z");
    static final Instant MONDAY_9 = Instant.parse("2030-01-07T09:00:00Z");
    static final String PATIENT = "patient-1";
    static final String PROVIDER = "provider-1";
    static final Plan ACTIVE_PLAN = new Plan("plan-1", PATIENT, true, "ACTIVE", 6, false);

    /** 08:00 to 20:00 UTC every day, every kind. */
    static WeeklyAvailability everyDay() {
        return new WeeklyAvailability(ZoneOffset.UTC, Arrays.stream(DayOfWeek.values())
                .map(day -> new WeeklyAvailability.Window(day, LocalTime.of(8, 0), LocalTime.of(20, 0))).toList(),
                EnumSet.allOf(AppointmentKind.class));
    }

    static Provider clinician() {
        return new Provider(Set.of(StaffRole.CLINICIAN), List.of("DE"), everyDay());
    }

    static Provider coach() {
        return new Provider(Set.of(StaffRole.COACH), List.of(), everyDay());
    }

    static Facts facts(Provider provider) {
        return new Facts(provider, "DE", "consultation-1", ACTIVE_PLAN, List.of(), List.of());
    }

    static Proposal proposal(AppointmentKind kind, Instant start, Integer sessionNumber) {
        return new Proposal(PATIENT, kind, PROVIDER, start, sessionNumber, null, null);
    }

    static Placed place(Proposal proposal, Facts facts) {
        return PLACEMENT.place(proposal, facts, NOW);
    }

    static void refused(Runnable placing, String type, String detail) {
        assertThatThrownBy(placing::run).isInstanceOfSatisfying(Refusal.class, refusal -> {
            assertThat(refusal.kind()).isEqualTo(Refusal.Kind.RULE);
            assertThat(refusal.type()).isEqualTo(type);
            if (detail != null) {
                assertThat(refusal.detail()).isEqualTo(detail);
            }
        });
    }

    @Nested
    class BookingGrid {

        @Test
        void aStartOnTheFiveMinuteGridIsPlaced() {
            Instant start = MONDAY_9.plus(Duration.ofMinutes(5));
            assertThat(place(proposal(AppointmentKind.CONSULTATION, start, null), facts(clinician())).start())
                    .isEqualTo(start);
            assertThat(Placement.onGrid(start)).isTrue();
        }

        @Test
        void aStartOffTheGridByAMinuteOrASecondIsRefused() {
            for (Instant start : List.of(MONDAY_9.plus(Duration.ofMinutes(4)), MONDAY_9.plusSeconds(1))) {
                refused(() -> place(proposal(AppointmentKind.CONSULTATION, start, null), facts(clinician())),
                        "start-off-grid", "Appointments start on a 5-minute grid.");
            }
        }

        @Test
        void aStartMustBeAfterNow() {
            Instant onGridNow = NOW;
            refused(() -> PLACEMENT.place(proposal(AppointmentKind.CONSULTATION, onGridNow, null), facts(clinician()),
                    onGridNow), "start-in-past", "Appointments start in the future.");
            // Five minutes ahead is the earliest start on the grid.
            assertThat(PLACEMENT.place(proposal(AppointmentKind.CONSULTATION, MONDAY_9, null), facts(clinician()),
                    MONDAY_9.minus(Placement.BLOCK)).start()).isEqualTo(MONDAY_9);
        }

        @Test
        void theProviderClaimsEveryBlockOfTheAppointmentAndItsBuffer() {
            Placed placed = place(proposal(AppointmentKind.DOSING_SESSION, MONDAY_9, 1), facts(clinician()));
            // 180 minutes and a 15-minute buffer: 39 five-minute blocks, and the session of the plan.
            assertThat(placed.end()).isEqualTo(MONDAY_9.plus(Duration.ofMinutes(180)));
            assertThat(placed.claims()).hasSize(40).contains("session:plan-1:1",
                    "provider:" + PROVIDER + ":" + MONDAY_9.getEpochSecond() / 60,
                    "provider:" + PROVIDER + ":" + (MONDAY_9.getEpochSecond() / 60 + 190))
                    .doesNotContain("provider:" + PROVIDER + ":" + (MONDAY_9.getEpochSecond() / 60 + 195));
        }
    }

    @Nested
    class Providers {

        @Test
        void aProviderNotRegisteredForTheKindIsRefused() {
            refused(() -> place(proposal(AppointmentKind.CONSULTATION, MONDAY_9, null), facts(coach())),
                    "provider-not-registered", "The provider is not a registered clinician.");
            refused(() -> place(proposal(AppointmentKind.INTEGRATION_COACHING, MONDAY_9, null), facts(clinician())),
                    "provider-not-registered", "The provider is not a registered coach.");
        }

        @Test
        void aClinicianMustBeLicensedWhereThePatientReceivesCare() {
            Facts unknown = new Facts(clinician(), null, "consultation-1", ACTIVE_PLAN, List.of(), List.of());
            refused(() -> place(proposal(AppointmentKind.CONSULTATION, MONDAY_9, null), unknown),
                    "jurisdiction-unknown", null);
            Facts elsewhere = new Facts(clinician(), "FR", "consultation-1", ACTIVE_PLAN, List.of(), List.of());
            refused(() -> place(proposal(AppointmentKind.CONSULTATION, MONDAY_9, null), elsewhere),
                    "provider-not-licensed", null);
        }

        @Test
        void theProviderMustOfferTheKind() {
            Provider none = new Provider(Set.of(StaffRole.CLINICIAN), List.of("DE"), null);
            refused(() -> place(proposal(AppointmentKind.CONSULTATION, MONDAY_9, null), facts(none)),
                    "provider-does-not-offer", null);
            Provider dosingOnly = new Provider(Set.of(StaffRole.CLINICIAN), List.of("DE"), new WeeklyAvailability(
                    ZoneOffset.UTC, everyDay().weekly(), Set.of(AppointmentKind.DOSING_SESSION)));
            refused(() -> place(proposal(AppointmentKind.CONSULTATION, MONDAY_9, null), facts(dosingOnly)),
                    "provider-does-not-offer", null);
        }

        @Test
        void theWholeAppointmentMustBeInsideTheAvailability() {
            // A 180-minute dosing session in a window ending at 20:00: 17:00 ends at its end, 17:05 after it.
            Instant lastStart = Instant.parse("2030-01-07T17:00:00Z");
            assertThat(place(proposal(AppointmentKind.DOSING_SESSION, lastStart, 1), facts(clinician())).end())
                    .isEqualTo(Instant.parse("2030-01-07T20:00:00Z"));
            refused(() -> place(proposal(AppointmentKind.DOSING_SESSION, lastStart.plus(Placement.BLOCK), 1),
                    facts(clinician())), "outside-availability", null);
        }
    }

    @Nested
    class Consultations {

        @Test
        void aConsultationTakesThePatientsOpenRequest() {
            assertThat(place(proposal(AppointmentKind.CONSULTATION, MONDAY_9, null), facts(clinician()))
                    .consultationId()).isEqualTo("consultation-1");
            Facts noRequest = new Facts(clinician(), "DE", null, ACTIVE_PLAN, List.of(), List.of());
            refused(() -> place(proposal(AppointmentKind.CONSULTATION, MONDAY_9, null), noRequest),
                    "consultation-not-requested", null);
        }

        @Test
        void aMovedConsultationKeepsItsRequest() {
            Facts noRequest = new Facts(clinician(), "DE", null, ACTIVE_PLAN, List.of(), List.of());
            Proposal moved = new Proposal(PATIENT, AppointmentKind.CONSULTATION, PROVIDER, MONDAY_9, null, null,
                    "consultation-0");
            assertThat(place(moved, noRequest).consultationId()).isEqualTo("consultation-0");
        }
    }

    @Nested
    class DosingSessions {

        @Test
        void theSessionMustBeOneOfThePlannedSessions() {
            assertThat(place(proposal(AppointmentKind.DOSING_SESSION, MONDAY_9, 6), facts(clinician())).planId())
                    .isEqualTo("plan-1");
            for (int number : new int[] { 0, 7 }) {
                refused(() -> place(proposal(AppointmentKind.DOSING_SESSION, MONDAY_9, number), facts(clinician())),
                        "session-not-in-plan", "The plan has sessions 1 to 6.");
            }
        }

        @Test
        void theCurrentPlanMustBeActive() {
            Facts noPlan = new Facts(clinician(), "DE", null, null, List.of(), List.of());
            refused(() -> place(proposal(AppointmentKind.DOSING_SESSION, MONDAY_9, 1), noPlan), "no-treatment-plan",
                    "The patient has no approved treatment plan.");
            Facts paused = new Facts(clinician(), "DE", null, new Plan("plan-1", PATIENT, false, "PAUSED", 6, false),
                    List.of(), List.of());
            refused(() -> place(proposal(AppointmentKind.DOSING_SESSION, MONDAY_9, 1), paused), "plan-not-active",
                    "The treatment plan is paused.");
        }

        @Test
        void aConsultationPrecedesDosing() {
            Facts consultationAtStart = new Facts(clinician(), "DE", null, ACTIVE_PLAN, List.of(MONDAY_9), List.of());
            assertThat(place(proposal(AppointmentKind.DOSING_SESSION, MONDAY_9, 1), consultationAtStart).start())
                    .isEqualTo(MONDAY_9);
            Facts consultationAfter = new Facts(clinician(), "DE", null, ACTIVE_PLAN,
                    List.of(MONDAY_9.plus(Placement.BLOCK)), List.of());
            refused(() -> place(proposal(AppointmentKind.DOSING_SESSION, MONDAY_9, 1), consultationAfter),
                    "consultation-first", null);
        }
    }

    @Nested
    class CoachingWindow {

        /** Session 1 booked Monday 09:00 to 12:00: coaching may start from Tuesday 12:00 to Thursday 12:00. */
        final Dosing session1 = new Dosing(1, Standing.BOOKED, Instant.parse("2030-01-07T12:00:00Z"), null);
        final Instant earliest = Instant.parse("2030-01-08T12:00:00Z");
        final Instant latest = Instant.parse("2030-01-10T12:00:00Z");

        Facts after(Dosing... dosing) {
            return new Facts(coach(), "DE", null, ACTIVE_PLAN, List.of(), List.of(dosing));
        }

        @Test
        void coachingStartsFromTwentyFourToSeventyTwoHoursAfterTheSessionBothIncluded() {
            for (Instant start : List.of(earliest, latest)) {
                assertThat(place(proposal(AppointmentKind.INTEGRATION_COACHING, start, 1), after(session1))
                        .sessionNumber()).isEqualTo(1);
            }
            for (Instant start : List.of(earliest.minus(Placement.BLOCK), latest.plus(Placement.BLOCK))) {
                refused(() -> place(proposal(AppointmentKind.INTEGRATION_COACHING, start, 1), after(session1)),
                        "coaching-window", "Integration coaching is booked 24 to 72 hours after a dosing session.");
            }
        }

        @Test
        void aFulfilledSessionCountsFromWhenItTookPlace() {
            Dosing late = new Dosing(1, Standing.FULFILLED, session1.end(), session1.end().plus(Duration.ofHours(1)));
            assertThat(PLACEMENT.coachingWindowAfter(late).earliest()).isEqualTo(earliest.plus(Duration.ofHours(1)));
            refused(() -> place(proposal(AppointmentKind.INTEGRATION_COACHING, earliest, 1), after(late)),
                    "coaching-window", null);
        }

        @Test
        void withoutANumberCoachingFollowsTheSessionWhoseWindowHoldsItsStartButNotACancelledOne() {
            Dosing session2 = new Dosing(2, Standing.BOOKED, Instant.parse("2030-01-09T12:00:00Z"), null);
            assertThat(place(proposal(AppointmentKind.INTEGRATION_COACHING, latest.plus(Duration.ofHours(1)), null),
                    after(session1, session2)).sessionNumber()).isEqualTo(2);
            Dosing cancelled = new Dosing(1, Standing.CANCELLED, session1.end(), null);
            refused(() -> place(proposal(AppointmentKind.INTEGRATION_COACHING, earliest, null), after(cancelled)),
                    "coaching-window", null);
        }

        @Test
        void coachingNeedsAPlanOfThePatientThatDidNotEndEarly() {
            Facts othersPlan = new Facts(coach(), "DE", null, new Plan("plan-1", "patient-2", true, "ACTIVE", 6, false),
                    List.of(), List.of(session1));
            refused(() -> place(proposal(AppointmentKind.INTEGRATION_COACHING, earliest, 1), othersPlan),
                    "no-treatment-plan", null);
            Facts closed = new Facts(coach(), "DE", null, new Plan("plan-1", PATIENT, false, "COMPLETED", 6, true),
                    List.of(), List.of(session1));
            refused(() -> place(proposal(AppointmentKind.INTEGRATION_COACHING, earliest, 1), closed),
                    "plan-not-active", "The treatment plan has ended.");
            // A plan paused (or completed with all its sessions) still has its coaching.
            Facts paused = new Facts(coach(), "DE", null, new Plan("plan-1", PATIENT, false, "PAUSED", 6, false),
                    List.of(), List.of(session1));
            assertThat(place(proposal(AppointmentKind.INTEGRATION_COACHING, earliest, 1), paused).planId())
                    .isEqualTo("plan-1");
        }

        @Test
        void theWindowFollowsThePolicy() {
            PacingPolicy shorter = new PacingPolicy(Duration.ofHours(48), 2, Duration.ofDays(7), Duration.ofHours(24),
                    POLICY.durations(), Duration.ofMinutes(15), Duration.ofHours(12), Duration.ofHours(36));
            Placement.CoachingWindow window = new Placement(shorter).coachingWindowAfter(session1);
            assertThat(window.earliest()).isEqualTo(session1.end().plus(Duration.ofHours(12)));
            assertThat(window.latest()).isEqualTo(session1.end().plus(Duration.ofHours(36)));
            assertThat(window.contains(window.latest())).isTrue();
            assertThat(window.contains(window.latest().plusSeconds(1))).isFalse();
        }
    }

    @Test
    void everyRefusalKeepsItsProblemType() {
        assertThat(Arrays.stream(PlacementRefusal.values()).map(PlacementRefusal::type)).containsExactly(
                "start-off-grid", "start-in-past", "provider-not-registered", "jurisdiction-unknown",
                "provider-not-licensed", "provider-does-not-offer", "outside-availability",
                "consultation-not-requested", "no-treatment-plan", "plan-not-active", "session-not-in-plan",
                "consultation-first", "coaching-window");
    }
}
