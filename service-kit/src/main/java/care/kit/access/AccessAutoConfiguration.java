package care.kit.access;

import java.time.Clock;
import java.util.function.Consumer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.messaging.Message;

import care.contracts.intake.CareTeamChanged;
import care.contracts.intake.StaffMemberChanged;
import care.kit.audit.AuditAutoConfiguration;
import care.kit.audit.AuditTrail;
import care.kit.inbox.EventConsumers;
import care.kit.inbox.InboxAutoConfiguration;

/**
 * Access to patient data for every service: {@link PatientAccess}, deciding from the staff directory and the care
 * teams. Outside intake (which owns both and provides its own {@link StaffDirectory} and {@link CareTeams}), they
 * are this service's projections of intake's compacted topics, kept by the consumers {@code careTeamEvents} and
 * {@code staffEvents}: a service lists them in {@code spring.cloud.function.definition} (their destinations are
 * platform defaults).
 */
@AutoConfiguration(after = { AuditAutoConfiguration.class, InboxAutoConfiguration.class })
@ConditionalOnBean(AuditTrail.class)
public class AccessAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(StaffDirectory.class)
    StaffProjection staffProjection(MongoTemplate mongo) {
        return new StaffProjection(mongo);
    }

    @Bean
    @ConditionalOnMissingBean(CareTeams.class)
    CareTeamProjection careTeamProjection(MongoTemplate mongo, ObjectProvider<CareTeamListener> listeners) {
        return new CareTeamProjection(mongo, listeners);
    }

    @Bean
    @ConditionalOnMissingBean
    PatientAccess patientAccess(StaffDirectory staff, CareTeams teams, AuditTrail audit, Clock careClock) {
        return new PatientAccess(staff, teams, audit, careClock);
    }

    /** Keeps this service's copy of the care teams ({@code care.intake.care-teams.v1}). */
    @Bean
    @ConditionalOnBean(CareTeamProjection.class)
    Consumer<Message<byte[]>> careTeamEvents(EventConsumers consumers, CareTeamProjection teams) {
        return consumers.dispatch(EventConsumers.on(CareTeamChanged.class, teams::apply));
    }

    /** Keeps this service's copy of the staff directory ({@code care.intake.staff.v1}). */
    @Bean
    @ConditionalOnBean(StaffProjection.class)
    Consumer<Message<byte[]>> staffEvents(EventConsumers consumers, StaffProjection staff) {
        return consumers.dispatch(EventConsumers.on(StaffMemberChanged.class, staff::apply));
    }
}
