package care.intake.patient;

import java.util.function.Consumer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import care.contracts.integration.OutcomeMeasured;
import care.kit.inbox.EventConsumers;

/** One binding per topic the intake service reads (see application.yml). */
@Configuration(proxyBeanMethods = false)
class IntegrationEventHandlers {

    /**
     * A positive PHQ-9 item 9 in an outcome measure during the program raises a safety escalation; the
     * other integration events are skipped.
     */
    @Bean
    Consumer<Message<byte[]>> integrationEvents(EventConsumers consumers, OutcomeEscalations escalations) {
        return consumers.dispatch(EventConsumers.on(OutcomeMeasured.class, escalations::onOutcomeMeasured));
    }
}
