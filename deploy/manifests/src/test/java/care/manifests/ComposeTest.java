package care.manifests;

import static care.manifests.Nodes.get;
import static care.manifests.Nodes.list;
import static care.manifests.Nodes.map;
import static care.manifests.Nodes.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * deploy/compose/compose.yaml, the platform on one host: read with SnakeYAML (every application, pinned images,
 * only the gateway published and only on the loopback address, no secret in the file), and validated by
 * {@code docker-compose config} (or {@code docker compose config}) with the example env file when either is
 * installed; that test is skipped otherwise. Neither needs a Docker daemon.
 */
class ComposeTest {

    private static final Path COMPOSE_DIR = Repository.ROOT.resolve("deploy/compose");
    private static final Path COMPOSE = COMPOSE_DIR.resolve("compose.yaml");
    private static final Path ENV_EXAMPLE = COMPOSE_DIR.resolve(".env.example");
    private static final Set<String> INFRASTRUCTURE = Set.of("mongo", "kafka");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|_KEY|JAAS|TOKEN).*");
    private static final Pattern URI_PASSWORD = Pattern.compile("://[^:/@\\s]+:(\\$\\{[^}]*}|[^@\\s]+)@");
    private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?");

    private static Map<String, Object> compose() {
        return Repository.yamlDocuments(COMPOSE).getFirst();
    }

    private static Map<String, Object> services() {
        return map(compose(), "services");
    }

    @Test
    void everyApplicationRunsWithAMongoDbAndAKafka() {
        assertThat(compose()).as("docker-compose 1.29 rejects a top-level name").doesNotContainKey("name");
        Set<String> expected = new TreeSet<>(Repository.apps().keySet());
        expected.addAll(INFRASTRUCTURE);

        assertThat(services().keySet()).containsExactlyInAnyOrderElementsOf(expected);
        for (Repository.App app : Repository.apps().values()) {
            assertThat(string(services(), app.name(), "image")).as(app.name())
                    .matches("care-pathway/" + app.name() + ":[0-9]+\\.[0-9]+\\.[0-9]+");
        }
    }

    @Test
    void everyImageIsPinned() {
        assertThat(services()).allSatisfy((name, service) -> assertThat(string(service, "image")).as(name)
                .matches("[a-z0-9./_-]+:[A-Za-z0-9._-]+").doesNotEndWith(":latest").doesNotContain("${"));
    }

    @Test
    void onlyTheGatewayIsPublishedAndOnlyOnTheLoopbackAddress() {
        services().forEach((name, service) -> {
            if (name.equals("gateway")) {
                assertThat(list(service, "ports")).as(name).isNotEmpty().allSatisfy(port -> assertThat(port.toString())
                        .startsWith("127.0.0.1:"));
            } else {
                assertThat(get(service, "ports")).as(name).isNull();
            }
        });
    }

    @Test
    void theApplicationsDependOnHealthyInfrastructureAndOnlyItHasHealthchecks() {
        services().forEach((name, service) -> {
            if (INFRASTRUCTURE.contains(name)) {
                assertThat(list(service, "healthcheck", "test")).as(name).isNotEmpty()
                        .noneSatisfy(word -> assertThat(word.toString()).contains("curl"));
                return;
            }
            assertThat(get(service, "healthcheck")).as("%s: the image has no shell tools", name).isNull();
            assertThat(map(service, "depends_on")).as(name).isNotEmpty().allSatisfy((dependency, condition) ->
                    assertThat(string(condition, "condition")).as("%s on %s", name, dependency).isEqualTo(
                            INFRASTRUCTURE.contains(dependency) ? "service_healthy" : "service_started"));
            assertThat(get(service, "read_only")).as(name).isEqualTo(true);
            assertThat(string(service, "user")).as(name).isEqualTo("10001:10001");
        });
        Repository.apps().values().stream().filter(app -> !app.isGateway()).forEach(app -> assertThat(
                map(services(), app.name(), "depends_on").keySet()).as(app.name()).containsAll(INFRASTRUCTURE));
    }

    @Test
    void theServicesGetTheVariablesOfTheReadme() {
        for (Repository.App app : Repository.apps().values()) {
            Map<String, Object> environment = map(services(), app.name(), "environment");
            assertThat(environment).as(app.name())
                    .containsKeys("CARE_JWT_ISSUER", "CARE_JWT_JWK_SET_URI", "CARE_JWT_AUDIENCE");
            if (app.isGateway()) {
                assertThat(environment).doesNotContainKeys("MONGODB_URI", "KAFKA_BOOTSTRAP_SERVERS");
            } else {
                assertThat(environment).as(app.name()).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
                assertThat(string(environment, "MONGODB_URI")).as(app.name())
                        .startsWith("mongodb://" + app.name() + ":").contains("@mongo:27017/")
                        .contains(MongoDbComponentTest.databases().get(app.name()));
            }
        }
    }

    @Test
    void noSecretValueIsInTheFile() {
        List<String> literals = secretLiterals(compose());

        assertThat(literals).isEmpty();
        assertThat(secretLiterals(Map.of("services", Map.of("x", Map.of("environment", Map.of(
                "MONGO_INITDB_ROOT_PASSWORD", "hunter2",
                "MONGODB_URI", "mongodb://svc:pw@mongo:27017/db",
                "CARE_SMS_PROVIDER_KEY", "${CARE_SMS_PROVIDER_KEY:-}")))))).containsExactlyInAnyOrder(
                "x MONGO_INITDB_ROOT_PASSWORD", "x MONGODB_URI");
    }

    @Test
    void theExampleEnvFileSetsEveryRequiredVariableAndTheRealOneIsIgnored() {
        Set<String> required = new TreeSet<>();
        Matcher matcher = REQUIRED_VARIABLE.matcher(Repository.read(COMPOSE));
        while (matcher.find()) {
            required.add(matcher.group(1));
        }
        Set<String> example = Repository.read(ENV_EXAMPLE).lines().filter(l -> l.matches("[A-Z0-9_]+=.+"))
                .map(l -> l.substring(0, l.indexOf('='))).collect(Collectors.toSet());

        assertThat(required).contains("MONGO_ROOT_PASSWORD", "CARE_JWT_ISSUER");
        assertThat(example).containsAll(required);
        assertThat(Repository.read(COMPOSE_DIR.resolve(".gitignore")).lines()).contains(".env");
    }

    @Test
    void dockerComposeAcceptsTheFile() throws Exception {
        Optional<List<String>> compose = composeCommand();
        assumeTrue(compose.isPresent(), "neither docker-compose nor docker compose is installed");

        Result valid = run(compose.get(), ENV_EXAMPLE);
        assertThat(valid.exitCode()).as(valid.output()).isZero();

        Path empty = Files.createTempFile("compose", ".env");
        try {
            Result missing = run(compose.get(), empty);
            assertThat(missing.exitCode()).as("required secrets missing").isNotZero();
            assertThat(missing.output()).contains("in .env");
        } finally {
            Files.deleteIfExists(empty);
        }
    }

    /** Each service's environment entry that holds a secret as a literal instead of a ${VARIABLE}. */
    @SuppressWarnings("unchecked")
    static List<String> secretLiterals(Map<String, Object> compose) {
        List<String> literals = new ArrayList<>();
        map(compose, "services").forEach((name, service) -> map(service, "environment").forEach((key, value) -> {
            String text = value == null ? "" : value.toString();
            boolean secretName = SECRET_NAME.matcher(key).matches();
            Matcher uri = URI_PASSWORD.matcher(text);
            boolean literalName = secretName && !text.isEmpty() && !text.matches("\\$\\{[A-Z0-9_]+(:?[-?][^}]*)?}");
            boolean literalUri = uri.find() && !uri.group(1).matches("\\$\\{[A-Z0-9_]+(:?[-?][^}]*)?}");
            if (literalName || literalUri) {
                literals.add(name + " " + key);
            }
        }));
        return literals;
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> compose, Path envFile) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(compose);
        command.addAll(List.of("--env-file", envFile.toString(), "-f", COMPOSE.toString(), "config", "-q"));
        Path output = Files.createTempFile("compose", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish in 60 s");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** docker-compose, else docker with its compose plugin, from the PATH; neither needs a running daemon. */
    private static Optional<List<String>> composeCommand() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        List<Path> dirs = Stream.of(path.split(File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).toList();
        for (List<String> candidate : List.of(List.of("docker-compose"), List.of("docker", "compose"))) {
            Optional<Path> binary = dirs.stream().map(dir -> dir.resolve(candidate.getFirst()))
                    .filter(Files::isExecutable).findFirst();
            if (binary.isEmpty()) {
                continue;
            }
            List<String> command = new ArrayList<>(candidate);
            command.set(0, binary.get().toString());
            List<String> version = new ArrayList<>(command);
            version.add("version");
            try {
                Process process = new ProcessBuilder(version).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0) {
                    return Optional.of(command);
                }
                process.destroyForcibly();
            } catch (IOException e) {
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
