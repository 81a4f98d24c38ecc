package care.contracts;

import static care.contracts.ContractDocuments.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Every event type has a valid schema that matches its record, and every sample survives the wire. */
class EventSchemaTest {

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaIsAValidDraft202012Schema(EventType type) {
        JsonNode schema = ContractDocuments.schema(type);

        assertThat(ContractDocuments.metaSchemaErrors(schema)).isEmpty();
        assertThat(schema.path("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("$id").asString()).isEqualTo(type.schemaId());
        assertThat(schema.path("title").asString()).isEqualTo(type.recordClass().getSimpleName());
        assertThat(schema.path("description").asString()).isNotBlank();
        assertThat(schema.path("type").asString()).isEqualTo("object");
        assertThat(schema.path("additionalProperties").isBoolean() && schema.path("additionalProperties").asBoolean())
                .as("additionalProperties: true, so consumers tolerate additive changes").isTrue();
    }

    /**
     * Keywords the schemas may use: they mean the same in draft 2020-12 and in the AsyncAPI Schema Object, and
     * {@link SchemaCompatibility} understands every constraint among them.
     */
    private static final Set<String> KEYWORDS = Set.of("$schema", "$id", "title", "description", "type", "properties",
            "required", "additionalProperties", "enum", "format", "pattern", "minimum", "maximum", "minLength",
            "maxLength", "items", "minItems", "x-pii");

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaUsesOnlyPortableKeywords(EventType type) {
        ContractDocuments.subschemas(ContractDocuments.schema(type)).forEach(subschema ->
                assertThat(subschema.schema().propertyNames()).as(subschema.path()).isSubsetOf(KEYWORDS));
    }

    @Test
    void metaSchemaCheckAndFormatAssertionsAreLive() {
        assertThat(ContractDocuments.metaSchemaErrors(ContractDocuments.parse("{\"type\": \"strin\", \"required\": 1}")))
                .hasSizeGreaterThanOrEqualTo(2);
        JsonNode uuid = ContractDocuments.parse("{\"type\": \"string\", \"format\": \"uuid\"}");
        assertThat(ContractDocuments.validate(uuid, ContractDocuments.parse("\"Alex\""))).isNotEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaDescribesExactlyTheRecord(EventType type) {
        assertMatches("", type.recordClass(), ContractDocuments.schema(type));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void samplesSurviveAJsonRoundTripAndValidateAgainstTheSchema(EventType type) {
        JsonNode schema = ContractDocuments.schema(type);
        for (ContractEvent sample : SampleEvents.of(type)) {
            String json = JSON.writeValueAsString(sample);

            assertThat(JSON.readValue(json, type.recordClass())).isEqualTo(sample);
            JsonNode tree = ContractDocuments.parse(json);
            assertThat(tree.path("occurredAt").asString()).as("ISO-8601, not a timestamp")
                    .isEqualTo(sample.occurredAt().toString());
            assertThat(ContractDocuments.validate(schema, tree)).as(json).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void readersTolerateAPropertyAddedLater(EventType type) {
        ContractEvent sample = SampleEvents.of(type).getFirst();
        ObjectNode tree = (ObjectNode) JSON.valueToTree(sample);
        tree.put("addedInALaterMinorVersion", 42);

        assertThat(JSON.treeToValue(tree, type.recordClass())).isEqualTo(sample);
        assertThat(ContractDocuments.validate(ContractDocuments.schema(type), tree)).isEmpty();
    }

    /** Property names, JSON types, formats, enum values and nullability of {@code schema} match {@code javaType}. */
    private static void assertMatches(String path, Type javaType, JsonNode schema) {
        var types = ContractDocuments.types(schema);
        if (javaType instanceof ParameterizedType list && list.getRawType() == List.class) {
            assertThat(types).as(path).containsExactly("array");
            assertMatches(path + "[]", list.getActualTypeArguments()[0], schema.path("items"));
            return;
        }
        Class<?> type = (Class<?>) javaType;
        String expected = type == int.class || type == Integer.class ? "integer"
                : type == boolean.class || type == Boolean.class ? "boolean"
                : type.isRecord() ? "object" : "string";
        assertThat(types).as(path + " type").contains(expected).isSubsetOf(expected, "null");
        if (types.contains("null")) {
            assertThat(type.isPrimitive()).as(path + " is nullable, so its Java type must be a reference type").isFalse();
        }
        if (type == UUID.class) {
            assertThat(schema.path("format").asString()).as(path).isEqualTo("uuid");
        } else if (type == Instant.class) {
            assertThat(schema.path("format").asString()).as(path).isEqualTo("date-time");
        } else if (type.isEnum()) {
            // A nullable enum lists null among its values (read back as ""), so that null validates.
            assertThat(ContractDocuments.strings(schema.path("enum")).stream()
                    .filter(value -> !(value.isEmpty() && types.contains("null"))).toList()).as(path + " enum")
                    .containsExactlyElementsOf(Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList());
        } else if (type.isRecord()) {
            RecordComponent[] components = type.getRecordComponents();
            assertThat(schema.path("properties").propertyNames()).as(path + " properties")
                    .containsExactlyElementsOf(Arrays.stream(components).map(RecordComponent::getName).toList());
            var required = ContractDocuments.strings(schema.path("required"));
            for (RecordComponent component : components) {
                String at = path + "/" + component.getName();
                if (component.getType().isPrimitive() || component.getType() == List.class) {
                    assertThat(required).as(at + " is never null, so it is required").contains(component.getName());
                }
                assertThat(ContractDocuments.types(schema.path("properties").path(component.getName()))
                        .contains("null"))
                        .as(at + ": optional exactly when nullable")
                        .isNotEqualTo(required.contains(component.getName()));
                assertMatches(at, component.getGenericType(), schema.path("properties").path(component.getName()));
            }
        }
    }
}
