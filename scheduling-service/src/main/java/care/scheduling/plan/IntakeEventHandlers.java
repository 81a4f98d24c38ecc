package care.scheduling.plan;

import java.util.function.Consumer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import care.contracts.intake.ConsultationRequested;
import care.contracts.intake.EligibilityApproved;
import care.contracts.intake.EligibilityDeclined;
import care.contracts.session.SessionCompleted;
import care.kit.inbox.EventConsumers;

/** One binding per topic the scheduling service reads (see application.yml). */
@Configuration(proxyBeanMethods = false)
class IntakeEventHandlers {

    @Bean
    Consumer<Message<byte[]>> intakeEvents(EventConsumers consumers, Plans plans) {
        return consumers.dispatch(EventConsumers.on(ConsultationRequested.class, plans::onRequested),
                EventConsumers.on(EligibilityApproved.class, plans::onApproved),
                EventConsumers.on(EligibilityDeclined.class, plans::onDeclined));
    }

    @Bean
    Consumer<Message<byte[]>> sessionEvents(EventConsumers consumers, Plans plans) {
        return consumers.dispatch(EventConsumers.on(SessionCompleted.class, plans::onSessionCompleted));
    }
}
