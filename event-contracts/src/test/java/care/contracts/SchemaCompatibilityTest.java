package care.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The compatibility guard itself: it reports each kind of breaking change and lets additive ones pass. */
class SchemaCompatibilityTest {

    private static final String BASELINE = """
            {
              "type": "object",
              "properties": {
                "planId":   {"type": "string", "format": "uuid"},
                "kind":     {"type": "string", "enum": ["CONSULTATION", "DOSING_SESSION"]},
                "sessions": {"type": "integer", "minimum": 4, "maximum": 8},
                "note":     {"type": ["string", "null"], "pattern": "^[A-Z]{2}$"},
                "readings": {"type": "array", "items": {
                  "type": "object",
                  "properties": {"systolic": {"type": "integer"}},
                  "required": ["systolic"],
                  "additionalProperties": true
                }}
              },
              "required": ["planId", "kind", "sessions", "readings"],
              "additionalProperties": true
            }""";

    @Test
    void sameSchemaIsCompatible() {
        assertThat(changes(BASELINE)).isEmpty();
    }

    @Test
    void additiveChangesAreCompatible() {
        String current = BASELINE
                .replace("\"kind\":     {\"type\": \"string\", \"enum\": [\"CONSULTATION\", \"DOSING_SESSION\"]},",
                        "\"kind\": {\"type\": \"string\", \"enum\": [\"CONSULTATION\", \"DOSING_SESSION\", \"COACHING\"]},"
                                + " \"late\": {\"type\": \"boolean\", \"description\": \"new and optional\"},");

        assertThat(changes(current)).isEmpty();
    }

    @Test
    void reportsARemovedProperty() {
        assertThat(changes(BASELINE.replace("\"planId\":   {\"type\": \"string\", \"format\": \"uuid\"},", "")
                .replace("\"required\": [\"planId\", ", "\"required\": [")))
                .containsExactly("/: property planId removed");
    }

    @Test
    void reportsAChangedType() {
        assertThat(changes(BASELINE.replace("{\"type\": \"integer\", \"minimum\"", "{\"type\": \"number\", \"minimum\"")))
                .containsExactly("/properties/sessions: type changed from [integer] to [number]");
    }

    @Test
    void reportsANullablePropertyMadeNonNullable() {
        assertThat(changes(BASELINE.replace("[\"string\", \"null\"]", "\"string\"")))
                .containsExactly("/properties/note: type changed from [string, null] to [string]");
    }

    @Test
    void reportsAChangedFormatOrPattern() {
        assertThat(changes(BASELINE.replace("\"uuid\"", "\"date-time\"").replace("^[A-Z]{2}$", "^[A-Z]{3}$")))
                .containsExactly("/properties/planId: format changed from \"uuid\" to \"date-time\"",
                        "/properties/note: pattern changed from \"^[A-Z]{2}$\" to \"^[A-Z]{3}$\"");
    }

    @Test
    void reportsANarrowedRange() {
        assertThat(changes(BASELINE.replace("\"maximum\": 8", "\"maximum\": 6")))
                .containsExactly("/properties/sessions: maximum changed from 8 to 6");
    }

    @Test
    void reportsARemovedEnumValue() {
        assertThat(changes(BASELINE.replace("[\"CONSULTATION\", \"DOSING_SESSION\"]", "[\"CONSULTATION\"]")))
                .containsExactly("/properties/kind: enum value DOSING_SESSION removed");
    }

    @Test
    void reportsAnOptionalPropertyMadeRequired() {
        assertThat(changes(BASELINE.replace("\"readings\"]", "\"readings\", \"note\"]")))
                .containsExactly("/: optional property note made required");
    }

    @Test
    void reportsARequiredPropertyMadeOptional() {
        assertThat(changes(BASELINE.replace("\"kind\", \"sessions\"", "\"kind\"")))
                .containsExactly("/: required property sessions made optional");
    }

    @Test
    void reportsANewRequiredProperty() {
        assertThat(changes(BASELINE.replace("\"properties\": {\n    \"planId\"",
                        "\"properties\": {\n    \"late\": {\"type\": \"boolean\"},\n    \"planId\"")
                .replace("\"readings\"]", "\"readings\", \"late\"]")))
                .containsExactly("/: new property late is required");
    }

    @Test
    void reportsAdditionalPropertiesTurnedFalse() {
        assertThat(changes(replaceLast(BASELINE, "\"additionalProperties\": true", "\"additionalProperties\": false")))
                .containsExactly("/: additionalProperties turned false");
    }

    @Test
    void reportsBreakingChangesInsideArrayItems() {
        assertThat(changes(BASELINE.replace("\"properties\": {\"systolic\": {\"type\": \"integer\"}}", "\"properties\": {}")
                .replace("\"required\": [\"systolic\"],", "\"required\": [],")))
                .containsExactly("/properties/readings/items: property systolic removed");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        String current = BASELINE.replace("\"uuid\"", "\"date\"").replace("[\"CONSULTATION\", \"DOSING_SESSION\"]", "[]");
        assertThat(changes(current)).hasSize(3);
    }

    private static List<String> changes(String current) {
        JsonNode baseline = ContractDocuments.parse(BASELINE);
        return SchemaCompatibility.breakingChanges(baseline, ContractDocuments.parse(current));
    }

    private static String replaceLast(String text, String target, String replacement) {
        int index = text.lastIndexOf(target);
        return text.substring(0, index) + replacement + text.substring(index + target.length());
    }
}
