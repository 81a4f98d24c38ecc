package care.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import care.contracts.intake.EligibilityApproved;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventCatalogTest {

    /** The catalog as agreed: topic → event types. */
    private static final Map<String, List<String>> CATALOG = Map.of(
            Topics.INTAKE_EVENTS, List.of("PatientRegistered", "ScreeningCompleted", "SafetyEscalationRaised",
                    "ConsentRecorded", "ConsultationRequested", "EligibilityApproved", "EligibilityDeclined",
                    "SafetyEscalationResolved", "EmergencyAccessGranted"),
            Topics.PATIENT_CONTACTS, List.of("PatientContactChanged"),
            Topics.CARE_TEAMS, List.of("CareTeamChanged"),
            Topics.STAFF_DIRECTORY, List.of("StaffMemberChanged"),
            Topics.AUDIT_EVENTS, List.of("AccessRecorded"),
            Topics.SCHEDULING_EVENTS, List.of("TreatmentPlanCreated", "AppointmentBooked", "AppointmentRescheduled",
                    "AppointmentCancelled", "AppointmentMissed", "TreatmentPlanPaused", "TreatmentPlanResumed",
                    "TreatmentPlanCompleted", "CoachingNotScheduled"),
            Topics.SESSION_EVENTS, List.of("SessionPrepared", "SessionStarted", "SessionDeferred", "MonitorCheckMissed",
                    "MonitorConcernRaised", "AdverseEventReported", "SessionCompleted", "ReflectionSubmitted"),
            Topics.INTEGRATION_EVENTS, List.of("IntegrationStarted", "JournalPromptAssigned", "JournalEntrySubmitted",
                    "CoachingSessionCompleted", "OutcomeMeasured", "ProgramCompleted", "CoachAssigned",
                    "OutcomeMeasuresDue"),
            Topics.NOTIFICATION_EVENTS, List.of("NotificationScheduled", "NotificationSent", "NotificationFailed",
                    "NotificationSuppressed"));

    @Test
    void registryListsExactlyTheCatalog() {
        CATALOG.forEach((topic, names) -> assertThat(EventType.on(topic))
                .extracting(type -> type.recordClass().getSimpleName())
                .as(topic)
                .containsExactlyElementsOf(names));
        assertThat(EventType.values()).hasSize(CATALOG.values().stream().mapToInt(List::size).sum());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void describesItsRecordTypeSourceTopicAndSchema(EventType type) {
        Class<? extends ContractEvent> record = type.recordClass();
        assertThat(record.isRecord()).isTrue();
        assertThat(Modifier.isPublic(record.getModifiers())).isTrue();
        assertThat(CareEvent.class.isAssignableFrom(record) != StaffEvent.class.isAssignableFrom(record))
                .as("about a patient or about a staff member").isTrue();
        assertThat(record.getPackageName()).startsWith("care.contracts.");

        String area = record.getPackageName().substring("care.contracts.".length());
        assertThat(type.type()).isEqualTo("care." + area + "." + record.getSimpleName() + ".v1");
        if (type.reportedByEveryService()) {
            assertThat(ServiceReportedEvent.class).isAssignableFrom(record);
            assertThat(type.source()).isEqualTo(Topics.EVERY_SERVICE);
        } else {
            assertThat(type.source()).isEqualTo(area + "-service");
        }
        assertThat(type.topicDescription().ownerService()).isEqualTo(type.source());
        assertThat(type.topicDescription().key()).isEqualTo(StaffEvent.class.isAssignableFrom(record)
                ? Topics.STAFF_ID_KEY : Topics.PATIENT_ID_KEY);
        assertThat(type.schemaResource()).isEqualTo("care/contracts/schemas/" + type.type() + ".json");
        assertThat(getClass().getClassLoader().getResource(type.schemaResource())).as(type.schemaResource()).isNotNull();
        assertThat(type.schemaId()).endsWith("/" + type.type() + ".json");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void looksUpByClassAndByTypeString(EventType type) {
        assertThat(EventType.of(type.recordClass())).isSameAs(type);
        assertThat(EventType.ofType(type.type())).contains(type);
        SampleEvents.of(type).forEach(sample -> assertThat(EventType.of(sample)).isSameAs(type));
    }

    @Test
    void unknownTypesAreEmptyOrRejected() {
        assertThat(EventType.ofType("care.intake.EligibilityApproved.v2")).isEmpty();
        assertThatThrownBy(() -> EventType.of(String.class)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyEventRecordInTheContractIsRegistered() throws IOException, URISyntaxException {
        Path classes = Path.of(ContractEvent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(classes)) {
            List<String> events = files.map(classes::relativize)
                    .map(path -> path.toString().replace(path.getFileSystem().getSeparator(), "."))
                    .filter(name -> name.endsWith(".class") && !name.contains("$"))
                    .map(name -> load(name.substring(0, name.length() - ".class".length())))
                    .filter(type -> ContractEvent.class.isAssignableFrom(type) && type.isRecord())
                    .map(Class::getName)
                    .toList();
            assertThat(events).containsExactlyInAnyOrderElementsOf(
                    Arrays.stream(EventType.values()).map(type -> type.recordClass().getName()).toList());
        }
    }

    @Test
    void describesEveryTopic() {
        assertThat(Topics.all()).extracting(Topics.Topic::name).containsExactlyInAnyOrderElementsOf(CATALOG.keySet());
        assertThat(Topics.all()).allSatisfy(topic -> {
            assertThat(topic.key()).isEqualTo(topic.name().equals(Topics.STAFF_DIRECTORY) ? Topics.STAFF_ID_KEY
                    : Topics.PATIENT_ID_KEY);
            assertThat(topic.description()).isNotBlank();
            // Compacted: the latest value per key is the whole state (contact details, a care team, a staff entry).
            assertThat(topic.compacted()).isEqualTo(List.of(Topics.PATIENT_CONTACTS, Topics.CARE_TEAMS,
                    Topics.STAFF_DIRECTORY).contains(topic.name()));
            assertThat(topic.restricted()).isEqualTo(topic.name().equals(Topics.PATIENT_CONTACTS));
            assertThat(EventType.on(topic.name())).isNotEmpty()
                    .allSatisfy(type -> assertThat(type.source()).isEqualTo(topic.ownerService()));
        });
        assertThat(Topics.describe("care.unknown.v1")).isEmpty();
    }

    @Test
    void aSharedTopicEventNamesItsPublisherAsItsSource() {
        care.contracts.audit.AccessRecorded recorded = SampleEvents.first(care.contracts.audit.AccessRecorded.class);
        assertThat(CloudEventHeaders.of(recorded)).containsEntry("ce_source", recorded.service())
                .containsEntry("ce_type", "care.audit.AccessRecorded.v1")
                .containsEntry("ce_subject", recorded.patientId().toString());
        care.contracts.intake.StaffMemberChanged staff = SampleEvents.first(care.contracts.intake.StaffMemberChanged.class);
        assertThat(CloudEventHeaders.of(staff)).containsEntry("ce_source", "intake-service")
                .containsEntry("ce_subject", staff.staffId().toString());
    }

    @Test
    void topicNamesAreCompileTimeConstants() {
        // Only compile-time constants may label a switch case (and annotation attributes such as @KafkaListener).
        String owner = switch (Topics.PATIENT_CONTACTS) {
            case Topics.INTAKE_EVENTS, Topics.PATIENT_CONTACTS -> "intake-service";
            case Topics.SCHEDULING_EVENTS -> "scheduling-service";
            default -> "other";
        };
        assertThat(owner).isEqualTo("intake-service");
    }

    @Test
    void cloudEventHeadersComeFromTheEventAndItsType() {
        EligibilityApproved approved = SampleEvents.first(EligibilityApproved.class);
        assertThat(CloudEventHeaders.of(approved)).containsExactly(
                Map.entry("ce_specversion", "1.0"),
                Map.entry("ce_id", approved.eventId().toString()),
                Map.entry("ce_type", "care.intake.EligibilityApproved.v1"),
                Map.entry("ce_source", "intake-service"),
                Map.entry("ce_time", "2026-03-05T17:45:00Z"),
                Map.entry("ce_subject", approved.patientId().toString()),
                Map.entry("content-type", "application/json"));
        assertThat(CloudEventHeaders.ALL).containsExactly("ce_specversion", "ce_id", "ce_type", "ce_source", "ce_time",
                "ce_subject", "content-type", "traceparent", "correlation_id");
    }

    private static Class<?> load(String className) {
        try {
            return Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }
}
