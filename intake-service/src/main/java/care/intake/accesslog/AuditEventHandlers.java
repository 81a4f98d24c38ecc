package care.intake.accesslog;

import java.util.function.Consumer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import care.contracts.audit.AccessRecorded;
import care.kit.inbox.EventConsumers;

/** The binding {@code auditEvents} (care.audit.events.v1, see application.yml): every service's audit trail. */
@Configuration(proxyBeanMethods = false)
class AuditEventHandlers {

    @Bean
    Consumer<Message<byte[]>> auditEvents(EventConsumers consumers, AccessLog accessLog) {
        return consumers.dispatch(EventConsumers.on(AccessRecorded.class, accessLog::store));
    }
}
