package care.notification.notice;

import java.util.function.Consumer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import care.contracts.intake.ConsentRecorded;
import care.contracts.intake.EmergencyAccessGranted;
import care.contracts.intake.PatientContactChanged;
import care.contracts.intake.SafetyEscalationRaised;
import care.contracts.integration.OutcomeMeasuresDue;
import care.contracts.scheduling.AppointmentBooked;
import care.contracts.scheduling.AppointmentCancelled;
import care.contracts.scheduling.AppointmentMissed;
import care.contracts.scheduling.AppointmentRescheduled;
import care.contracts.scheduling.TreatmentPlanCompleted;
import care.contracts.session.AdverseEventReported;
import care.contracts.session.MonitorCheckMissed;
import care.contracts.session.MonitorConcernRaised;
import care.contracts.session.SessionCompleted;
import care.contracts.session.SessionPrepared;
import care.kit.inbox.EventConsumers;

/**
 * The topics this service reads (bindings in application.yml). The care teams and the staff directory are read by
 * service-kit's {@code careTeamEvents} and {@code staffEvents}.
 */
@Configuration(proxyBeanMethods = false)
class EventHandlers {

    @Bean
    Consumer<Message<byte[]>> contactEvents(EventConsumers consumers, Notifications notifications) {
        return consumers.dispatch(EventConsumers.on(PatientContactChanged.class, notifications::onContactChanged));
    }

    @Bean
    Consumer<Message<byte[]>> intakeEvents(EventConsumers consumers, Notifications notifications) {
        return consumers.dispatch(EventConsumers.on(ConsentRecorded.class, notifications::onConsent),
                EventConsumers.on(SafetyEscalationRaised.class, notifications::onSafetyEscalation),
                EventConsumers.on(EmergencyAccessGranted.class, notifications::onEmergencyAccess));
    }

    @Bean
    Consumer<Message<byte[]>> schedulingEvents(EventConsumers consumers, Notifications notifications) {
        return consumers.dispatch(EventConsumers.on(AppointmentBooked.class, notifications::onBooked),
                EventConsumers.on(AppointmentRescheduled.class, notifications::onRescheduled),
                EventConsumers.on(AppointmentCancelled.class, notifications::onCancelled),
                EventConsumers.on(AppointmentMissed.class, notifications::onMissed),
                EventConsumers.on(TreatmentPlanCompleted.class, notifications::onPlanCompleted));
    }

    @Bean
    Consumer<Message<byte[]>> sessionEvents(EventConsumers consumers, Notifications notifications) {
        return consumers.dispatch(EventConsumers.on(SessionPrepared.class, notifications::onPrepared),
                EventConsumers.on(SessionCompleted.class, notifications::onSessionCompleted),
                EventConsumers.on(MonitorCheckMissed.class, notifications::onMonitorCheckMissed),
                EventConsumers.on(MonitorConcernRaised.class, notifications::onMonitorConcern),
                EventConsumers.on(AdverseEventReported.class, notifications::onAdverseEvent));
    }

    @Bean
    Consumer<Message<byte[]>> integrationEvents(EventConsumers consumers, Notifications notifications) {
        return consumers.dispatch(EventConsumers.on(OutcomeMeasuresDue.class, notifications::onMeasuresDue));
    }
}
