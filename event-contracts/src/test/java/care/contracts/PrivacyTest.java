package care.contracts;

import static care.contracts.ContractDocuments.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import care.contracts.ContractDocuments.Subschema;
import care.contracts.intake.PatientContactChanged;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * No event except PatientContactChanged can carry personal data: no personal property names, and no string
 * that could hold a name, a contact detail or free text.
 */
class PrivacyTest {

    private static final Pattern PERSONAL = Pattern.compile(
            "(?i).*(name|email|phone|birth|dob|address|street|postcode|zip|notes|text|comment|message|content).*");

    /**
     * Property names that match {@link #PERSONAL} but are safe. {@code contentIds}: random ids of items of the
     * clinic's breathwork and meditation library, constrained to UUIDs.
     */
    private static final Map<String, String> SAFE_NAMES = Map.of("contentIds", "uuid");

    private static final Set<String> ALLOWED_FORMATS = Set.of("uuid", "date-time", "date");

    private static final List<String> FREE_TEXT = List.of("Alex Rivera, feeling much better today",
            "alex.r@example.org", "+17205550123", "1984-07-12", "12 Elm Street");

    static Stream<EventType> nonContactTypes() {
        return Arrays.stream(EventType.values()).filter(type -> type != EventType.PATIENT_CONTACT_CHANGED);
    }

    @ParameterizedTest
    @MethodSource("nonContactTypes")
    void noPropertyNameSuggestsPersonalData(EventType type) {
        for (Subschema subschema : ContractDocuments.subschemas(ContractDocuments.schema(type))) {
            String name = subschema.name();
            if (name == null || !PERSONAL.matcher(name).matches()) {
                continue;
            }
            assertThat(SAFE_NAMES).as(subschema.path() + " looks personal").containsKey(name);
            assertThat(subschema.schema().path("items").path("format").asString(subschema.schema().path("format").asString()))
                    .as(subschema.path()).isEqualTo(SAFE_NAMES.get(name));
        }
    }

    @ParameterizedTest
    @MethodSource("nonContactTypes")
    void everyStringIsConstrainedByAFormatAnEnumOrAnAnchoredPattern(EventType type) {
        for (Subschema subschema : ContractDocuments.subschemas(ContractDocuments.schema(type))) {
            assertThat(subschema.types()).as(subschema.path() + " declares its type").isNotEmpty();
            if (!subschema.types().contains("string")) {
                continue;
            }
            JsonNode schema = subschema.schema();
            String pattern = schema.path("pattern").asString("");
            boolean constrained = ALLOWED_FORMATS.contains(schema.path("format").asString(""))
                    || schema.path("enum").isArray()
                    || pattern.startsWith("^") && pattern.endsWith("$") && !pattern.contains(".*") && !pattern.contains(".+");
            assertThat(constrained).as(subschema.path() + " must be constrained: " + schema).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("nonContactTypes")
    void schemaRejectsFreeTextInEveryStringProperty(EventType type) {
        JsonNode schema = ContractDocuments.schema(type);
        ObjectNode sample = (ObjectNode) JSON.valueToTree(SampleEvents.of(type).getFirst());
        List<String> stringProperties = sample.propertyNames().stream()
                .filter(name -> sample.get(name).isString())
                .toList();
        assertThat(stringProperties).contains("eventId", "occurredAt")
                .containsAnyOf("patientId", "staffId");
        for (String property : stringProperties) {
            for (String text : FREE_TEXT) {
                ObjectNode tampered = sample.deepCopy();
                tampered.put(property, text);
                assertThat(ContractDocuments.validate(schema, tampered)).as(property + " accepts " + text).isNotEmpty();
            }
        }
    }

    @Test
    void contactEventMarksItsPersonalFields() {
        JsonNode properties = ContractDocuments.schema(EventType.PATIENT_CONTACT_CHANGED).path("properties");
        List<String> pii = properties.propertyNames().stream()
                .filter(name -> properties.get(name).path("x-pii").asBoolean(false))
                .toList();
        assertThat(pii).containsExactly("email", "phone", "timeZone", "preferredName");
    }

    @Test
    void contactDetailsTravelOnlyOnTheRestrictedTopic() {
        assertThat(EventType.PATIENT_CONTACT_CHANGED.topic()).isEqualTo(Topics.PATIENT_CONTACTS);
        assertThat(EventType.on(Topics.PATIENT_CONTACTS)).containsExactly(EventType.PATIENT_CONTACT_CHANGED);
        assertThat(EventType.PATIENT_CONTACT_CHANGED.topicDescription().restricted()).isTrue();
    }

    @Test
    void contactEventDoesNotPrintPersonalData() {
        PatientContactChanged contact = SampleEvents.first(PatientContactChanged.class);

        assertThat(contact.toString()).contains(contact.patientId().toString())
                .doesNotContain(contact.email(), contact.phone(), contact.timeZone(), contact.preferredName());
    }

    @Test
    void erasureIsAnEventWithoutPersonalData() {
        PatientContactChanged erasure = PatientContactChanged.erasure(UUID.fromString("cab42de5-5e05-4056-850c-00b227fe8eb2"), SampleEvents.PATIENT,
                SampleEvents.first(PatientContactChanged.class).occurredAt());
        JsonNode json = JSON.valueToTree(erasure);

        assertThat(json.path("erased").asBoolean()).isTrue();
        assertThat(List.of("email", "phone", "timeZone", "preferredName")).allSatisfy(field ->
                assertThat(json.path(field).isNull()).as(field).isTrue());
        assertThat(ContractDocuments.validate(ContractDocuments.schema(EventType.PATIENT_CONTACT_CHANGED), json)).isEmpty();
    }
}
