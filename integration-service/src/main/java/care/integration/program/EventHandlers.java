package care.integration.program;

import java.util.function.Consumer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import care.contracts.intake.ScreeningCompleted;
import care.contracts.scheduling.AppointmentBooked;
import care.contracts.scheduling.AppointmentCancelled;
import care.contracts.scheduling.AppointmentMissed;
import care.contracts.scheduling.AppointmentRescheduled;
import care.contracts.scheduling.TreatmentPlanCompleted;
import care.contracts.scheduling.TreatmentPlanCreated;
import care.contracts.session.SessionCompleted;
import care.kit.access.CareTeamListener;
import care.kit.inbox.EventConsumers;

/**
 * One binding per topic the integration service reads (see application.yml): intake's screenings (the
 * baseline), scheduling's plans and coaching appointments, and the session service's completed sessions;
 * intake's care teams, which service-kit keeps for access, also give the patient's coach. Each handler changes
 * the patient's care path in one write that records the event as handled, so a redelivered event changes
 * nothing.
 */
@Configuration(proxyBeanMethods = false)
class EventHandlers {

    @Bean
    Consumer<Message<byte[]>> intakeEvents(EventConsumers consumers, CarePaths paths) {
        return consumers.dispatch(EventConsumers.on(ScreeningCompleted.class, paths::onScreening));
    }

    @Bean
    Consumer<Message<byte[]>> schedulingEvents(EventConsumers consumers, CarePaths paths) {
        return consumers.dispatch(EventConsumers.on(TreatmentPlanCreated.class, paths::onPlanCreated),
                EventConsumers.on(TreatmentPlanCompleted.class, paths::onPlanCompleted),
                EventConsumers.on(AppointmentBooked.class, paths::onAppointmentBooked),
                EventConsumers.on(AppointmentRescheduled.class, paths::onAppointmentRescheduled),
                EventConsumers.on(AppointmentCancelled.class, paths::onAppointmentCancelled),
                EventConsumers.on(AppointmentMissed.class, paths::onAppointmentMissed));
    }

    /** The care team's coach is the patient's coach (the care-team topic is read by service-kit). */
    @Bean
    CareTeamListener coachFromCareTeam(CarePaths paths) {
        return paths::onCareTeamChanged;
    }

    @Bean
    Consumer<Message<byte[]>> sessionEvents(EventConsumers consumers, CarePaths paths) {
        return consumers.dispatch(EventConsumers.on(SessionCompleted.class, paths::onSessionCompleted));
    }
}
