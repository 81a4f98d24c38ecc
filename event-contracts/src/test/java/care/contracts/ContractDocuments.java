package care.contracts;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads the published contract documents (JSON Schemas, AsyncAPI) and validates JSON against them. */
final class ContractDocuments {

    /** A mapper with Jackson 3 defaults, as a Spring Boot 4 application has: ISO-8601 instants, unknown properties ignored. */
    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    // Format assertions on: in draft 2020-12 "format" is only an annotation by default.
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

    private static final Schema META_SCHEMA =
            REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

    private static final JsonNode ASYNC_API = read("care/contracts/asyncapi.yaml");

    /** A subschema found by {@link #subschemas(JsonNode)}; {@code name} is the property name, or null. */
    record Subschema(String path, String name, JsonNode schema) {

        Set<String> types() {
            return ContractDocuments.types(schema);
        }
    }

    private ContractDocuments() {
    }

    static JsonNode schema(EventType type) {
        return read(type.schemaResource());
    }

    static JsonNode asyncApi() {
        return ASYNC_API;
    }

    static JsonNode read(String resource) {
        try (InputStream in = ContractDocuments.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError("missing classpath resource " + resource);
            }
            return resource.endsWith(".yaml") ? YAML.readTree(in) : JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String json) {
        return JSON.readTree(json);
    }

    /** Errors of {@code instance} against {@code schema}; empty if it is valid. */
    static List<String> validate(JsonNode schema, JsonNode instance) {
        return messages(REGISTRY.getSchema(schema).validate(instance));
    }

    /** Errors of {@code schema} against the draft 2020-12 meta-schema; empty if it is a valid schema. */
    static List<String> metaSchemaErrors(JsonNode schema) {
        return messages(META_SCHEMA.validate(schema));
    }

    /** The schema and every nested subschema under {@code properties} and {@code items}, depth first. */
    static List<Subschema> subschemas(JsonNode schema) {
        List<Subschema> found = new ArrayList<>();
        collect("", null, schema, found);
        return found;
    }

    /** The values of {@code type}, whether it is one string or an array. */
    static Set<String> types(JsonNode schema) {
        JsonNode type = schema.path("type");
        Set<String> types = new LinkedHashSet<>();
        if (type.isArray()) {
            type.values().forEach(value -> types.add(value.asString()));
        } else if (type.isString()) {
            types.add(type.asString());
        }
        return types;
    }

    static Set<String> strings(JsonNode array) {
        Set<String> values = new LinkedHashSet<>();
        array.values().forEach(value -> values.add(value.asString()));
        return values;
    }

    private static void collect(String path, String name, JsonNode schema, List<Subschema> found) {
        found.add(new Subschema(path.isEmpty() ? "/" : path, name, schema));
        schema.path("properties").properties()
                .forEach(property -> collect(path + "/" + property.getKey(), property.getKey(), property.getValue(), found));
        if (schema.has("items")) {
            collect(path + "/items", null, schema.get("items"), found);
        }
    }

    private static List<String> messages(List<Error> errors) {
        return errors.stream().map(Error::toString).toList();
    }
}
