package care.contracts;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Finds the changes between a published (baseline) and a current event schema that would break v1 producers or
 * consumers. Additive changes pass: new optional properties, new enum values, new descriptions. Checked
 * recursively through {@code properties} and {@code items}:
 * <ul>
 *   <li>a property removed;</li>
 *   <li>a changed {@code type} set (including a nullable property made non-nullable or the reverse);</li>
 *   <li>a changed {@code format} or {@code pattern}, or a changed {@code minimum}/{@code maximum};</li>
 *   <li>an enum value removed, or an enum constraint added or dropped;</li>
 *   <li>an optional property made required, a new property that is required, or a required property made
 *       optional (v1 consumers rely on it being present);</li>
 *   <li>{@code additionalProperties} turned false.</li>
 * </ul>
 */
final class SchemaCompatibility {

    private SchemaCompatibility() {
    }

    /** One line per breaking change, each starting with the JSON pointer of the subschema; empty if compatible. */
    static List<String> breakingChanges(JsonNode baseline, JsonNode current) {
        List<String> problems = new ArrayList<>();
        compare("", baseline, current, problems);
        return problems;
    }

    private static void compare(String path, JsonNode before, JsonNode after, List<String> problems) {
        String at = path.isEmpty() ? "/" : path;
        Set<String> typesBefore = ContractDocuments.types(before);
        Set<String> typesAfter = ContractDocuments.types(after);
        if (!typesBefore.equals(typesAfter)) {
            problems.add(at + ": type changed from " + typesBefore + " to " + typesAfter);
        }
        for (String keyword : List.of("format", "pattern", "minimum", "maximum")) {
            if (!Objects.equals(before.get(keyword), after.get(keyword))) {
                problems.add(at + ": " + keyword + " changed from " + before.get(keyword) + " to " + after.get(keyword));
            }
        }
        compareEnums(at, before, after, problems);
        if (!isFalse(before.get("additionalProperties")) && isFalse(after.get("additionalProperties"))) {
            problems.add(at + ": additionalProperties turned false");
        }

        JsonNode propertiesAfter = after.path("properties");
        before.path("properties").properties().forEach(property -> {
            String name = property.getKey();
            if (propertiesAfter.has(name)) {
                compare(path + "/properties/" + name, property.getValue(), propertiesAfter.get(name), problems);
            } else {
                problems.add(at + ": property " + name + " removed");
            }
        });
        Set<String> requiredBefore = ContractDocuments.strings(before.path("required"));
        Set<String> requiredAfter = ContractDocuments.strings(after.path("required"));
        requiredBefore.stream()
                .filter(name -> !requiredAfter.contains(name) && propertiesAfter.has(name))
                .forEach(name -> problems.add(at + ": required property " + name + " made optional"));
        for (String name : requiredAfter) {
            if (requiredBefore.contains(name)) {
                continue;
            }
            problems.add(at + ": " + (before.path("properties").has(name)
                    ? "optional property " + name + " made required"
                    : "new property " + name + " is required"));
        }

        if (before.has("items")) {
            if (after.has("items")) {
                compare(path + "/items", before.get("items"), after.get("items"), problems);
            } else {
                problems.add(at + ": items constraint removed");
            }
        }
    }

    private static void compareEnums(String at, JsonNode before, JsonNode after, List<String> problems) {
        if (before.has("enum") && !after.has("enum")) {
            problems.add(at + ": enum constraint removed");
        } else if (!before.has("enum") && after.has("enum")) {
            problems.add(at + ": enum constraint added");
        } else if (before.has("enum")) {
            Set<String> valuesAfter = ContractDocuments.strings(after.get("enum"));
            ContractDocuments.strings(before.get("enum")).stream()
                    .filter(value -> !valuesAfter.contains(value))
                    .forEach(value -> problems.add(at + ": enum value " + value + " removed"));
        }
    }

    private static boolean isFalse(JsonNode node) {
        return node != null && node.isBoolean() && !node.asBoolean();
    }
}
