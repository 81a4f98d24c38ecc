package care.notification.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.convert.MappingMongoConverter;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;
import org.springframework.data.mongodb.core.convert.NoOpDbRefResolver;
import org.springframework.data.mongodb.core.mapping.MongoMappingContext;

import care.contracts.notification.Channel;
import care.contracts.notification.Purpose;
import care.contracts.notification.Recipient;

/**
 * The aggregates are stored as they always were: the same collections, field names and type key, so documents
 * written before they were declared apart from their storage still load, and documents written now load in the
 * release before.
 */
class StoredShapeTest {

    static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    final MongoMappingContext context = new MongoMappingContext();
    final MappingMongoConverter converter;

    StoredShapeTest() {
        MongoCustomConversions conversions = new MongoCustomConversions(List.of());
        context.setSimpleTypeHolder(conversions.getSimpleTypeHolder());
        context.setInitialEntitySet(Set.of(Notification.class, PatientProfile.class));
        context.afterPropertiesSet();
        converter = new MappingMongoConverter(NoOpDbRefResolver.INSTANCE, context);
        converter.setCustomConversions(conversions);
        converter.afterPropertiesSet();
    }

    @Test
    void collectionsAreTheSame() {
        assertThat(context.getRequiredPersistentEntity(Notification.class).getCollection())
                .isEqualTo("notifications");
        assertThat(context.getRequiredPersistentEntity(PatientProfile.class).getCollection())
                .isEqualTo("patients");
        assertThat(context.getRequiredPersistentEntity(AcceptedSignature.class).getCollection())
                .isEqualTo("webhook_signatures");
    }

    @Test
    void aNotificationIsWrittenWithItsFormerTypeKeyAndFieldNames() {
        Notification n = Notification.scheduled(UUID.randomUUID(), UUID.randomUUID(), Purpose.APPOINTMENT_REMINDER,
                Recipient.PATIENT, UUID.randomUUID(), Channel.SMS, false, NOW, NOW)
                .aboutAppointment(NOW.plus(Duration.ofHours(24)), Duration.ofHours(24));
        Document stored = new Document();
        converter.write(n, stored);
        assertThat(stored.getString("_class")).isEqualTo("care.notification.notice.Notification");
        assertThat(stored.keySet()).contains("_id", "patientId", "purpose", "recipient", "referenceId", "urgent",
                "channel", "appointmentStart", "offset", "dueAt", "nextAttemptAt", "status", "attempts", "onCall",
                "createdAt");
    }

    @Test
    void documentsWrittenBeforeLoad() {
        UUID id = UUID.randomUUID();
        Document before = new Document("_id", id.toString()).append("_class", "care.notification.notice.PatientProfile")
                .append("version", 3L).append("phone", "+15550100000").append("smsOptedOut", true);
        PatientProfile profile = converter.read(PatientProfile.class, before);
        assertThat(profile.id).isEqualTo(id.toString());
        assertThat(profile.version).isEqualTo(3L);
        assertThat(profile.phone).isEqualTo("+15550100000");
        assertThat(profile.smsOptedOut).isTrue();

        Document notification = new Document();
        converter.write(Notification.scheduled(UUID.randomUUID(), UUID.randomUUID(), Purpose.JOURNALING_NUDGE,
                Recipient.PATIENT, UUID.randomUUID(), Channel.EMAIL, false, NOW, NOW), notification);
        notification.put("_class", "care.notification.notice.Notification");
        Notification read = converter.read(Notification.class, notification);
        assertThat(read.purpose).isEqualTo(Purpose.JOURNALING_NUDGE);
        assertThat(read.status).isEqualTo(Notification.Status.SCHEDULED);
    }
}
