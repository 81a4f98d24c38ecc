package care.scheduling;

import java.util.function.Consumer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import care.contracts.intake.ConsultationRequested;
import care.contracts.intake.EligibilityApproved;
import care.contracts.intake.EligibilityDeclined;
import care.contracts.intake.PatientRegistered;
import care.contracts.intake.SafetyEscalationRaised;
import care.contracts.intake.SafetyEscalationResolved;
import care.contracts.integration.CoachAssigned;
import care.contracts.integration.CoachingSessionCompleted;
import care.contracts.integration.IntegrationStarted;
import care.contracts.scheduling.AppointmentCancelled;
import care.contracts.session.AdverseEventReported;
import care.contracts.session.SessionCompleted;
import care.contracts.session.SessionDeferred;
import care.kit.inbox.EventConsumers;
import care.scheduling.booking.AppointmentSettlement;
import care.scheduling.booking.CoachingBookings;
import care.scheduling.plan.PlanService;

/** One binding per topic the scheduling service reads (see application.yml). */
@Configuration(proxyBeanMethods = false)
class SchedulingEventHandlers {

    /**
     * The patient's jurisdiction (registration, consultation request), consultation decisions, and safety
     * escalations: one holds the plan until reviewed (and is remembered even without a plan); a review that
     * refers the patient out ends the plan and cancels its future appointments, one document at a time, each
     * write recording the event as handled, so a redelivery completes what an interrupted delivery left.
     */
    @Bean
    Consumer<Message<byte[]>> intakeEvents(EventConsumers consumers, PlanService plans,
            AppointmentSettlement appointments) {
        return consumers.dispatch(EventConsumers.on(ConsultationRequested.class, plans::onRequested),
                EventConsumers.on(PatientRegistered.class, plans::onRegistered),
                EventConsumers.on(EligibilityApproved.class, plans::onApproved),
                EventConsumers.on(EligibilityDeclined.class, plans::onDeclined),
                EventConsumers.on(SafetyEscalationRaised.class, plans::onSafetyEscalation),
                EventConsumers.on(SafetyEscalationResolved.class, resolved -> plans.onSafetyEscalationResolved(resolved)
                        .ifPresent(planId -> appointments.cancelFutureAppointments(planId,
                                AppointmentCancelled.Reason.PLAN_CLOSED))));
    }

    /**
     * A completed session fulfils its appointment and its session of the plan, a deferred one cancels its
     * appointment so that the session can be booked again, a severe adverse event pauses the plan. Each
     * handler leaves an aggregate the event has already changed as it is, and every change is one write
     * that records the event as handled, so a redelivered event changes nothing.
     */
    @Bean
    Consumer<Message<byte[]>> sessionEvents(EventConsumers consumers, PlanService plans,
            AppointmentSettlement appointments) {
        return consumers.dispatch(EventConsumers.on(SessionCompleted.class, completed -> {
            appointments.onSessionCompleted(completed);
            plans.onSessionCompleted(completed);
        }), EventConsumers.on(SessionDeferred.class, appointments::onSessionDeferred),
                EventConsumers.on(AdverseEventReported.class, plans::onAdverseEvent));
    }

    /**
     * The integration service offers coaching after each completed session and assigns the patient's coach:
     * scheduling books the coaching by itself (see {@link CoachingBookings}); a completed coaching session
     * fulfils its appointment. A redelivered event changes nothing here either; CoachAssigned is the one
     * event that may write several documents, in an order that a redelivery completes (see
     * {@link CoachingBookings#onCoachAssigned}).
     */
    @Bean
    Consumer<Message<byte[]>> integrationEvents(EventConsumers consumers, CoachingBookings coaching,
            AppointmentSettlement appointments) {
        return consumers.dispatch(EventConsumers.on(CoachAssigned.class, coaching::onCoachAssigned),
                EventConsumers.on(IntegrationStarted.class, coaching::onIntegrationStarted),
                EventConsumers.on(CoachingSessionCompleted.class, appointments::onCoachingCompleted));
    }
}
