package care.scheduling.booking;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

import org.springframework.stereotype.Component;

import care.contracts.CareEvent;
import care.contracts.integration.CoachingSessionCompleted;
import care.contracts.scheduling.AppointmentCancelled;
import care.contracts.scheduling.AppointmentKind;
import care.contracts.scheduling.ChangeInitiator;
import care.contracts.session.SessionCompleted;
import care.contracts.session.SessionDeferred;
import care.kit.outbox.Outbox;
import care.scheduling.pacing.PacingPolicy;

/**
 * What other services' events do to appointments: the session service's settle dosing appointments (a completed
 * session fulfils its appointment, a deferred one cancels it); the integration service's completed coaching
 * fulfils the coaching appointment; a plan that ends early has its future appointments cancelled.
 */
@Component
public class AppointmentSettlement {

    private final AppointmentQueries queries;
    private final Outbox outbox;
    private final DosingSchedules schedules;
    private final PacingPolicy policy;
    private final Clock clock;

    AppointmentSettlement(AppointmentQueries queries, Outbox outbox, DosingSchedules schedules, PacingPolicy policy,
            Clock clock) {
        this.queries = queries;
        this.outbox = outbox;
        this.schedules = schedules;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * The plan ended: each of its appointments still booked to start later (dosing and coaching) is cancelled,
     * by the system. One write per appointment, each recording the event being handled: a redelivery cancels
     * what an interrupted delivery left booked and nothing twice.
     */
    public void cancelFutureAppointments(String planId, AppointmentCancelled.Reason reason) {
        Instant now = clock.instant();
        for (Appointment appointment : queries.ofPlan(planId)) {
            if (appointment.status == Appointment.Status.BOOKED && appointment.start.isAfter(now)) {
                ifStillBooked(appointment.id, booked -> booked.start.isAfter(now),
                        booked -> booked.cancel(reason, ChangeInitiator.SYSTEM, policy, clock.instant()));
            }
        }
    }

    /**
     * The session service did not start the dosing session: its appointment is cancelled, which frees the
     * session's number, so the patient can book that session again under the pacing rules.
     */
    public void onSessionDeferred(SessionDeferred deferred) {
        ifStillBooked(deferred.appointmentId().toString(), appointment -> true, appointment -> appointment.cancel(
                AppointmentCancelled.Reason.SESSION_DEFERRED, ChangeInitiator.SYSTEM, policy, clock.instant()));
    }

    /**
     * The session service completed the dosing session: its appointment is fulfilled. It keeps its claims:
     * the session stays taken and the provider's time stays used. When it was completed is kept: the
     * coaching window after the session is measured from then, not from the booked end.
     */
    public void onSessionCompleted(SessionCompleted completed) {
        ifStillBooked(completed.appointmentId().toString(), appointment -> true,
                appointment -> appointment.fulfil(completed.occurredAt()));
    }

    /**
     * The coach recorded the coaching session: its appointment is fulfilled (and keeps its claims). An
     * appointment that is not this patient's coaching is left as it is.
     */
    public void onCoachingCompleted(CoachingSessionCompleted completed) {
        ifStillBooked(completed.appointmentId().toString(),
                appointment -> appointment.kind == AppointmentKind.INTEGRATION_COACHING
                        && appointment.patientId.equals(completed.patientId().toString()),
                appointment -> appointment.fulfil(completed.occurredAt()));
    }

    /**
     * Applies an event's change to an appointment that is still booked. An unknown appointment, or one
     * that is no longer booked (a redelivered event, or a change that got there first), is left as it is:
     * throwing would only make the consumer retry and dead-letter the event. When another write changes
     * the appointment meanwhile, the save throws and the consumer handles the event again on fresh state.
     */
    private void ifStillBooked(String appointmentId, Predicate<Appointment> applies,
            Function<Appointment, List<? extends CareEvent>> change) {
        queries.find(appointmentId)
                .filter(appointment -> appointment.status == Appointment.Status.BOOKED && applies.test(appointment))
                .ifPresent(appointment -> {
                    outbox.save(appointment, change.apply(appointment));
                    schedules.left(appointment);
                });
    }
}
