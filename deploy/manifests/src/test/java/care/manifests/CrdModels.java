package care.manifests;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

/**
 * Validates custom resources (ExternalSecret, ServiceMonitor, PrometheusRule) with the validators that the
 * {@code @kubernetes-models} npm packages compile from the External Secrets and Prometheus Operator CRD schemas,
 * through src/test/node/validate-crds.mjs run by node. The packages are taken from the directory in the system
 * property or environment variable {@code CARE_CRD_MODELS}, else {@code target/tools/crd-models} (where
 * install-crd-models.sh puts them); node from the PATH. Those validators check types, enums, patterns and required
 * fields, not unknown fields.
 */
final class CrdModels {

    static final Path SCRIPT = Repository.ROOT.resolve("deploy/manifests/src/test/node/validate-crds.mjs");
    private static final List<String> PACKAGES = List.of("@kubernetes-models/external-secrets",
            "@kubernetes-models/prometheus-operator");
    private static final Optional<Path> NODE = locateNode();
    private static final Optional<Path> DIRECTORY = locateDirectory();
    private static final Gson GSON = new Gson();

    /** An object the validators refused, or whose kind they do not know. */
    record Failure(String kind, String name, String error) {
    }

    private CrdModels() {
    }

    /** Why the validators cannot run here, or empty when they can. */
    static Optional<String> unavailable() {
        if (NODE.isEmpty()) {
            return Optional.of("no node on the PATH");
        }
        if (DIRECTORY.isEmpty()) {
            return Optional.of("no " + String.join(" and ", PACKAGES) + " in CARE_CRD_MODELS or"
                    + " deploy/manifests/target/tools/crd-models: run deploy/manifests/install-crd-models.sh");
        }
        return Optional.empty();
    }

    private static Optional<Path> locateNode() {
        String pathVariable = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(pathVariable.split(File.pathSeparator)).filter(s -> !s.isBlank())
                .map(dir -> Path.of(dir, "node")).filter(Files::isExecutable)
                .filter(CrdModels::works).findFirst();
    }

    private static boolean works(Path node) {
        try {
            return Command.run(List.of(node.toString(), "--version")).exitCode() == 0;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static Optional<Path> locateDirectory() {
        String configured = Optional.ofNullable(System.getProperty("CARE_CRD_MODELS"))
                .orElse(System.getenv("CARE_CRD_MODELS"));
        Path dir = configured != null && !configured.isBlank() ? Repository.ROOT.resolve(configured)
                : Repository.ROOT.resolve("deploy/manifests/target/tools/crd-models");
        boolean installed = PACKAGES.stream()
                .allMatch(name -> Files.isRegularFile(dir.resolve("node_modules").resolve(name).resolve("package.json")));
        return installed ? Optional.of(dir) : Optional.empty();
    }

    /** The objects that fail validation (an empty list when all pass). Only call when {@link #unavailable()} is empty. */
    static List<Failure> validate(List<Map<String, Object>> objects) {
        Path node = NODE.orElseThrow(() -> new IllegalStateException(unavailable().orElseThrow()));
        Path dir = DIRECTORY.orElseThrow(() -> new IllegalStateException(unavailable().orElseThrow()));
        try {
            // ES modules resolve packages from the script's own directory, so the script runs from beside them;
            // copied on every run so that the committed version is the one that runs.
            Path script = dir.resolve("validate-crds.mjs");
            if (!Files.isRegularFile(script) || Files.mismatch(SCRIPT, script) != -1) {
                Files.copy(SCRIPT, script, StandardCopyOption.REPLACE_EXISTING);
            }
            Path input = Files.createTempFile("crd-objects", ".json");
            try {
                Files.writeString(input, GSON.toJson(objects), StandardCharsets.UTF_8);
                Command.Result result = Command.run(List.of(node.toString(), script.toString(), input.toString()));
                if (result.exitCode() != 0 && result.exitCode() != 1) {
                    throw new IllegalStateException("validate-crds.mjs failed (" + result.exitCode() + "): "
                            + result.errors());
                }
                List<Failure> failures = new ArrayList<>();
                for (JsonElement element : JsonParser.parseString(result.output()).getAsJsonArray()) {
                    failures.add(GSON.fromJson(element, Failure.class));
                }
                if ((result.exitCode() == 0) != failures.isEmpty()) {
                    throw new IllegalStateException("validate-crds.mjs exited with " + result.exitCode()
                            + " but reported " + failures);
                }
                return failures;
            } finally {
                Files.deleteIfExists(input);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run validate-crds.mjs", e);
        }
    }
}
