package care.manifests;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Renders a kustomization with {@code kubectl kustomize}, entirely offline (no API server). kubectl is taken from
 * the system property or environment variable {@code CARE_KUBECTL}, else the PATH, else
 * {@code target/tools/kubectl} (where install-kubectl.sh puts it). Only {@code kustomize} is ever run: never
 * {@code apply} or a dry run, which would talk to whatever listens on localhost:8080.
 */
final class Kubectl {

    private static final Optional<Path> BINARY = locate();

    private Kubectl() {
    }

    static Optional<Path> binary() {
        return BINARY;
    }

    private static Optional<Path> locate() {
        String configured = Optional.ofNullable(System.getProperty("CARE_KUBECTL"))
                .orElse(System.getenv("CARE_KUBECTL"));
        Stream<Path> candidates;
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            candidates = Stream.of(path, Repository.ROOT.resolve(configured));
        } else {
            String pathVariable = Optional.ofNullable(System.getenv("PATH")).orElse("");
            candidates = Stream.concat(
                    Stream.of(pathVariable.split(File.pathSeparator)).filter(s -> !s.isBlank())
                            .map(dir -> Path.of(dir, "kubectl")),
                    Stream.of(Repository.ROOT.resolve("deploy/manifests/target/tools/kubectl")));
        }
        return candidates.filter(Files::isExecutable).filter(Kubectl::works).findFirst();
    }

    private static boolean works(Path binary) {
        try {
            run(List.of(binary.toString(), "version", "--client"));
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** The rendered YAML of a kustomization directory. */
    static String kustomize(Path dir) {
        Path binary = BINARY.orElseThrow(() -> new IllegalStateException("no kubectl"));
        return run(List.of(binary.toString(), "kustomize", dir.toString()));
    }

    /** The tool's output; a failure (exit code other than 0) is an exception with what it wrote to stderr. */
    private static String run(List<String> command) {
        Command.Result result = Command.run(command);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(command + " failed (" + result.exitCode() + "): " + result.errors());
        }
        return result.output();
    }
}
