package care.kit.audit;

import java.time.Clock;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;

import care.kit.outbox.OutboxAutoConfiguration;

/** The audit trail, stored in the service's own database. */
@AutoConfiguration(after = OutboxAutoConfiguration.class)
@ConditionalOnBean(MongoTemplate.class)
public class AuditAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    AuditTrail auditTrail(MongoTemplate mongo, Clock careClock) {
        return new AuditTrail(mongo, careClock);
    }
}
