package care.manifests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Strict validation of Strimzi's KafkaTopic and KafkaUser against the CRDs Strimzi itself serves: the CRDs are
 * generated from {@code io.strimzi:api} with {@code io.strimzi:crd-generator} (the tool Strimzi builds its
 * release CRDs with) into target/strimzi-crds, and each object is validated against the served version's
 * {@code openAPIV3Schema}, made strict: every object schema that lists its properties refuses others (the API server
 * prunes unknown fields silently; here they fail), and {@code metadata} allows name, namespace, labels and
 * annotations only. The CEL rules ({@code x-kubernetes-validations}) are not evaluated.
 */
final class StrimziSchema {

    static final String API_VERSION = "kafka.strimzi.io/v1";
    static final Map<String, String> MODELS = Map.of(
            "KafkaTopic", "io.strimzi.api.kafka.model.topic.KafkaTopic",
            "KafkaUser", "io.strimzi.api.kafka.model.user.KafkaUser");

    private static final Path CRDS = Repository.ROOT.resolve("deploy/manifests/target/strimzi-crds");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
    private static Map<String, Schema> schemas;

    private StrimziSchema() {
    }

    /** The generated CRD of a kind, as written by the generator. */
    static synchronized JsonNode crd(String kind) {
        generate();
        return new YAMLMapper().readTree(CRDS.resolve(kind.toLowerCase() + ".yaml").toFile());
    }

    /** Errors of an object against the strict schema of its kind; empty if valid. */
    static synchronized List<String> errors(Map<String, Object> object) {
        if (schemas == null) {
            schemas = Map.of("KafkaTopic", strictSchema("KafkaTopic"), "KafkaUser", strictSchema("KafkaUser"));
        }
        List<String> errors = new ArrayList<>();
        if (!API_VERSION.equals(object.get("apiVersion"))) {
            errors.add("apiVersion " + object.get("apiVersion") + " is not " + API_VERSION);
        }
        Schema schema = schemas.get(String.valueOf(object.get("kind")));
        if (schema == null) {
            errors.add("no Strimzi schema for kind " + object.get("kind"));
            return errors;
        }
        schema.validate(JSON.valueToTree(object)).stream().map(Error::toString).forEach(errors::add);
        return errors;
    }

    private static Schema strictSchema(String kind) {
        JsonNode served = null;
        for (JsonNode version : crd(kind).path("spec").path("versions")) {
            if (version.path("served").asBoolean() && ("kafka.strimzi.io/" + version.path("name").asString())
                    .equals(API_VERSION)) {
                served = version.path("schema").path("openAPIV3Schema");
            }
        }
        if (served == null) {
            throw new IllegalStateException("the " + kind + " CRD does not serve " + API_VERSION);
        }
        ObjectNode schema = (ObjectNode) served.deepCopy();
        ObjectNode properties = (ObjectNode) schema.get("properties");
        properties.remove("status");
        ObjectNode metadata = JSON.createObjectNode().put("type", "object").put("additionalProperties", false);
        metadata.putArray("required").add("name");
        ObjectNode fields = metadata.putObject("properties");
        fields.putObject("name").put("type", "string").put("pattern", "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
                .put("maxLength", 253);
        fields.putObject("namespace").put("type", "string");
        fields.putObject("labels").put("type", "object").putObject("additionalProperties").put("type", "string");
        fields.putObject("annotations").put("type", "object").putObject("additionalProperties")
                .put("type", "string");
        properties.set("metadata", metadata);
        schema.putArray("required").add("apiVersion").add("kind").add("metadata").add("spec");
        strict(schema);
        return REGISTRY.getSchema(schema);
    }

    private static void strict(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties") && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
                object.put("additionalProperties", false);
            }
            object.values().forEach(StrimziSchema::strict);
        } else if (node != null && node.isArray()) {
            node.values().forEach(StrimziSchema::strict);
        }
    }

    /**
     * Runs the generator once per build in its own JVM (its main method ends with System.exit) with this test's
     * class path, which holds io.strimzi:api and io.strimzi:crd-generator.
     */
    private static void generate() {
        Path topic = CRDS.resolve("kafkatopic.yaml");
        Path user = CRDS.resolve("kafkauser.yaml");
        if (Files.isRegularFile(topic) && Files.isRegularFile(user)) {
            return;
        }
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(java, "-cp", classPath, "io.strimzi.crdgenerator.CrdGenerator",
                "--crd-api-version", "v1", "--api-versions", "v1", "--storage-version", "v1", "--yaml",
                MODELS.get("KafkaTopic") + "=" + topic.toAbsolutePath(),
                MODELS.get("KafkaUser") + "=" + user.toAbsolutePath());
        try {
            Files.createDirectories(CRDS);
            Path log = CRDS.resolve("generator.log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the CRD generator did not finish in 120 s");
            }
            if (process.exitValue() != 0 || !Files.isRegularFile(topic) || !Files.isRegularFile(user)) {
                throw new IllegalStateException("the CRD generator failed (" + process.exitValue() + "): "
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run the CRD generator", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
