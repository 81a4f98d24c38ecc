package care.session.dosing;

import java.util.function.Consumer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import care.contracts.scheduling.AppointmentBooked;
import care.contracts.scheduling.AppointmentCancelled;
import care.contracts.scheduling.AppointmentMissed;
import care.contracts.scheduling.AppointmentRescheduled;
import care.contracts.scheduling.TreatmentPlanPaused;
import care.contracts.scheduling.TreatmentPlanResumed;
import care.kit.inbox.EventConsumers;

/**
 * Scheduling's appointments and plan pauses (see application.yml). The care teams and the staff directory the
 * access checks decide from are kept by service-kit's consumers.
 */
@Configuration(proxyBeanMethods = false)
class SchedulingEventHandlers {

    @Bean
    Consumer<Message<byte[]>> schedulingEvents(EventConsumers consumers, Sessions sessions) {
        return consumers.dispatch(EventConsumers.on(AppointmentBooked.class, sessions::onBooked),
                EventConsumers.on(AppointmentRescheduled.class, sessions::onRescheduled),
                EventConsumers.on(AppointmentCancelled.class, sessions::onCancelled),
                EventConsumers.on(AppointmentMissed.class, sessions::onMissed),
                EventConsumers.on(TreatmentPlanPaused.class, sessions::onPlanPaused),
                EventConsumers.on(TreatmentPlanResumed.class, sessions::onPlanResumed));
    }
}
