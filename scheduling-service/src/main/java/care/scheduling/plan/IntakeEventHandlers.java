package care.scheduling.plan;

import java.util.function.Consumer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import care.contracts.intake.ConsultationRequested;
import care.contracts.intake.EligibilityApproved;
import care.contracts.intake.EligibilityDeclined;
import care.contracts.session.AdverseEventReported;
import care.contracts.session.SessionCompleted;
import care.contracts.session.SessionDeferred;
import care.kit.inbox.EventConsumers;
import care.scheduling.booking.Bookings;

/** One binding per topic the scheduling service reads (see application.yml). */
@Configuration(proxyBeanMethods = false)
class IntakeEventHandlers {

    @Bean
    Consumer<Message<byte[]>> intakeEvents(EventConsumers consumers, Plans plans) {
        return consumers.dispatch(EventConsumers.on(ConsultationRequested.class, plans::onRequested),
                EventConsumers.on(EligibilityApproved.class, plans::onApproved),
                EventConsumers.on(EligibilityDeclined.class, plans::onDeclined));
    }

    /**
     * A completed session fulfils its appointment and its session of the plan, a deferred one cancels its
     * appointment so that the session can be booked again, a severe adverse event pauses the plan. Each
     * handler leaves an aggregate the event has already changed as it is, and every change is one write
     * that records the event as handled, so a redelivered event changes nothing.
     */
    @Bean
    Consumer<Message<byte[]>> sessionEvents(EventConsumers consumers, Plans plans, Bookings bookings) {
        return consumers.dispatch(EventConsumers.on(SessionCompleted.class, completed -> {
            bookings.onSessionCompleted(completed);
            plans.onSessionCompleted(completed);
        }), EventConsumers.on(SessionDeferred.class, bookings::onSessionDeferred),
                EventConsumers.on(AdverseEventReported.class, plans::onAdverseEvent));
    }
}
