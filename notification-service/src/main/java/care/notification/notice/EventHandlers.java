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
    Consumer<Message<byte[]>> contactEvents(EventConsumers consumers, PatientProfiles profiles) {
        return consumers.dispatch(EventConsumers.on(PatientContactChanged.class, profiles::onContactChanged));
    }

    @Bean
    Consumer<Message<byte[]>> intakeEvents(EventConsumers consumers, PatientProfiles profiles, ClinicalAlerts alerts) {
        return consumers.dispatch(EventConsumers.on(ConsentRecorded.class, profiles::onConsent),
                EventConsumers.on(SafetyEscalationRaised.class, alerts::onSafetyEscalation),
                EventConsumers.on(EmergencyAccessGranted.class, alerts::onEmergencyAccess));
    }

    @Bean
    Consumer<Message<byte[]>> schedulingEvents(EventConsumers consumers, Reminders reminders, Nudges nudges) {
        return consumers.dispatch(EventConsumers.on(AppointmentBooked.class, reminders::onBooked),
                EventConsumers.on(AppointmentRescheduled.class, reminders::onRescheduled),
                EventConsumers.on(AppointmentCancelled.class, reminders::onCancelled),
                EventConsumers.on(AppointmentMissed.class, reminders::onMissed),
                EventConsumers.on(TreatmentPlanCompleted.class, nudges::onPlanCompleted));
    }

    @Bean
    Consumer<Message<byte[]>> sessionEvents(EventConsumers consumers, Reminders reminders, Nudges nudges,
            ClinicalAlerts alerts) {
        return consumers.dispatch(EventConsumers.on(SessionPrepared.class, reminders::onPrepared),
                EventConsumers.on(SessionCompleted.class, nudges::onSessionCompleted),
                EventConsumers.on(MonitorCheckMissed.class, alerts::onMonitorCheckMissed),
                EventConsumers.on(MonitorConcernRaised.class, alerts::onMonitorConcern),
                EventConsumers.on(AdverseEventReported.class, alerts::onAdverseEvent));
    }

    @Bean
    Consumer<Message<byte[]>> integrationEvents(EventConsumers consumers, Nudges nudges) {
        return consumers.dispatch(EventConsumers.on(OutcomeMeasuresDue.class, nudges::onMeasuresDue));
    }
}
