package care.scheduling.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import care.contracts.scheduling.AppointmentBooked;
import care.contracts.scheduling.AppointmentCancelled;
import care.contracts.scheduling.AppointmentKind;
import care.contracts.scheduling.AppointmentMissed;
import care.contracts.scheduling.AppointmentRescheduled;
import care.contracts.scheduling.ChangeInitiator;
import care.kit.domain.Refusal;
import care.scheduling.pacing.PacingPolicy;
import care.scheduling.placement.Placement;

/** The appointment's changes: late notice, claims freed, no-shows after the start, ids derived as stored. */
class AppointmentTest {

    static final PacingPolicy POLICY = PacingPolicy.defaults();
    static final Instant NOW = Instant.parse("2030-01-07T06:00:00Z");

    static Appointment requested() {
        return Appointment.requested(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                AppointmentKind.CONSULTATION, UUID.randomUUID().toString(), null, null, "caller", NOW);
    }

    static Appointment booked(Instant start) {
        Appointment appointment = requested();
        appointment.book(placed(start), POLICY, NOW);
        return appointment;
    }

    static Placement.Placed placed(Instant start) {
        return new Placement.Placed(start, start.plus(Duration.ofMinutes(45)), null,
                UUID.randomUUID().toString(), null, List.of("provider:p:" + start.getEpochSecond() / 60));
    }

    @Test
    void aBookingWithLessThanTheNoticeIsLateAndExactlyTheNoticeIsNot() {
        Instant onTime = NOW.plus(POLICY.lateNotice());
        assertThat(requested().book(placed(onTime), POLICY, NOW)).singleElement()
                .isInstanceOfSatisfying(AppointmentBooked.class, booked -> assertThat(booked.late()).isFalse());
        Instant late = onTime.minus(Duration.ofMinutes(5));
        assertThat(requested().book(placed(late), POLICY, NOW)).singleElement()
                .isInstanceOfSatisfying(AppointmentBooked.class, booked -> assertThat(booked.late()).isTrue());
    }

    @Test
    void aMoveIsLateWhenTheOldOrTheNewStartIsWithinTheNotice() {
        Appointment appointment = booked(NOW.plus(Duration.ofDays(3)));
        assertThat(appointment.moveTo(placed(NOW.plus(Duration.ofHours(23))), ChangeInitiator.PATIENT, POLICY, NOW))
                .singleElement().isInstanceOfSatisfying(AppointmentRescheduled.class,
                        moved -> assertThat(moved.late()).isTrue());
        assertThat(appointment.moveTo(placed(NOW.plus(Duration.ofDays(4))), ChangeInitiator.PATIENT, POLICY, NOW))
                .singleElement().isInstanceOfSatisfying(AppointmentRescheduled.class,
                        moved -> assertThat(moved.late()).isTrue());
    }

    @Test
    void cancellingFreesTheClaimsAndOnlyABookedAppointmentChanges() {
        Appointment appointment = booked(NOW.plus(Duration.ofDays(3)));
        assertThat(appointment.cancel(AppointmentCancelled.Reason.PATIENT_REQUEST, ChangeInitiator.PATIENT, POLICY,
                NOW)).singleElement().isInstanceOf(AppointmentCancelled.class);
        assertThat(appointment.claims).isEmpty();
        assertThatThrownBy(() -> appointment.cancel(AppointmentCancelled.Reason.PATIENT_REQUEST,
                ChangeInitiator.PATIENT, POLICY, NOW)).isInstanceOfSatisfying(Refusal.class, refusal -> {
                    assertThat(refusal.kind()).isEqualTo(Refusal.Kind.CONFLICT);
                    assertThat(refusal.type()).isEqualTo("appointment-not-booked");
                });
    }

    @Test
    void aNoShowIsRecordedFromTheStartOn() {
        Instant start = NOW.plus(Duration.ofDays(1));
        Appointment appointment = booked(start);
        assertThatThrownBy(() -> appointment.noShow(1, start.minusSeconds(1))).isInstanceOfSatisfying(Refusal.class,
                refusal -> assertThat(refusal.type()).isEqualTo("not-started-yet"));
        assertThat(appointment.noShow(2, start)).singleElement().isInstanceOfSatisfying(AppointmentMissed.class,
                missed -> assertThat(missed.missedCount()).isEqualTo(2));
        assertThat(appointment.claims).isEmpty();
    }

    @Test
    void idsDeriveFromTheCallerAndKeyAsStored() {
        assertThat(BookingService.idempotentId("caller", "key")).isEqualTo(
                UUID.nameUUIDFromBytes("caller|key".getBytes(StandardCharsets.UTF_8)).toString());
        assertThat(CoachingBookings.appointmentId("plan", 2)).isEqualTo(UUID.nameUUIDFromBytes(
                "system:integration-coaching|coaching:plan:2".getBytes(StandardCharsets.UTF_8)).toString());
    }
}
