package care.kit.audit;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;

import care.kit.outbox.Outbox;
import care.kit.outbox.OutboxAutoConfiguration;

/** The audit trail, stored in the service's own database and published through its outbox. */
@AutoConfiguration(after = OutboxAutoConfiguration.class)
@ConditionalOnBean(MongoTemplate.class)
public class AuditAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    AuditTrail auditTrail(Outbox outbox, Clock careClock, @Value("${spring.application.name}") String service,
            MeterRegistry meters) {
        return new AuditTrail(outbox, careClock, service, meters);
    }
}
