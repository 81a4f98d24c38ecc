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
@org.junit.jupiter.api.Tag("integration")
class ComposeTest {

    private static final Path COMPOSE_DIR = Repository.ROOT.resolve("deploy/compose");
    private static final Path COMPOSE = COMPOSE_DIR.resolve("compose.yaml");
    private static final Path ENV_EXAMPLE = COMPOSE_DIR.resolve(".env.example");
    private static final Set<String> INFRASTRUCTURE = Set.of("mongo", "kafka");
    /** Runs once before MongoDB: creates the replica set's keyfile. */
    private static final String KEYFILE_INIT = "mongo-keyfile";
    private static final String REPLICA_SET = "rs0";
    /** Where every application image carries the health check (root pom, Jib extraDirectories). */
    private static final List<String> HEALTH_CHECK = List.of("/opt/java/openjdk/bin/java", "-Xmx16m",
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", "/opt/care/healthcheck",
            "care.healthcheck.HealthCheck");
    private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m)");
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
        expected.add(KEYFILE_INIT);

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
    void everyApplicationChecksItsOwnReadinessWithTheHealthCheckOfItsImage() {
        for (Repository.App app : Repository.apps().values()) {
            Map<String, Object> healthcheck = map(services(), app.name(), "healthcheck");
            List<String> expected = new ArrayList<>(List.of("CMD"));
            expected.addAll(HEALTH_CHECK);
            expected.add("http://127.0.0.1:" + app.port() + "/readyz");

            // Exec form: the image has no shell.
            assertThat(list(healthcheck, "test")).as(app.name()).map(Object::toString)
                    .containsExactlyElementsOf(expected);
            // The check gives up after 4 s (plus the JVM's start); the application takes 30-60 s to start.
            assertThat(seconds(healthcheck, "timeout")).as(app.name() + " timeout").isBetween(6L, 30L);
            assertThat(seconds(healthcheck, "interval")).as(app.name() + " interval").isBetween(5L, 60L);
            assertThat(seconds(healthcheck, "start_period")).as(app.name() + " start_period").isGreaterThanOrEqualTo(60L);
            assertThat(get(healthcheck, "retries")).as(app.name() + " retries").isInstanceOf(Integer.class)
                    .satisfies(retries -> assertThat((Integer) retries).isBetween(2, 10));
        }
    }

    @Test
    void theInfrastructureHasHealthchecksWithoutCurl() {
        for (String name : INFRASTRUCTURE) {
            assertThat(list(services(), name, "healthcheck", "test")).as(name).isNotEmpty()
                    .noneSatisfy(word -> assertThat(word.toString()).contains("curl"));
        }
    }

    @Test
    void everythingWaitsForHealthyDependenciesNeverForAMereStart() {
        services().forEach((name, service) -> {
            Object dependsOn = get(service, "depends_on");
            assertThat(dependsOn == null || dependsOn instanceof Map).as("%s: depends_on with conditions (a list "
                    + "means service_started)", name).isTrue();
            map(service, "depends_on").forEach((dependency, condition) -> assertThat(string(condition, "condition"))
                    .as("%s on %s", name, dependency).isNotNull().isNotEqualTo("service_started"));
        });
        for (Repository.App app : Repository.apps().values()) {
            Map<String, Object> dependsOn = map(services(), app.name(), "depends_on");
            // The gateway waits for the services (not for the web application: it starts without it), the web
            // application for the gateway.
            Set<String> expected = app.isGateway()
                    ? Repository.apps().values().stream().filter(Repository.App::isService)
                            .map(Repository.App::name).collect(Collectors.toSet())
                    : app.isService() ? INFRASTRUCTURE : Set.of("gateway");
            assertThat(dependsOn.keySet()).as(app.name()).containsExactlyInAnyOrderElementsOf(expected);
            dependsOn.forEach((dependency, condition) -> assertThat(string(condition, "condition"))
                    .as("%s on %s", app.name(), dependency).isEqualTo("service_healthy"));
            assertThat(get(services(), app.name(), "read_only")).as(app.name()).isEqualTo(true);
            assertThat(string(services(), app.name(), "user")).as(app.name()).isEqualTo("10001:10001");
        }
        assertThat(string(services(), "mongo", "depends_on", KEYFILE_INIT, "condition"))
                .isEqualTo("service_completed_successfully");
    }

    @Test
    void mongoDbIsAReplicaSetWhoseMembersAuthenticateWithAKeyfile() {
        List<String> command = words(get(services(), "mongo", "command"));
        assertThat(command).startsWith("mongod").contains("--bind_ip_all");
        assertThat(following(command, "--replSet")).isEqualTo(REPLICA_SET);
        String keyFile = following(command, "--keyFile");
        assertThat(keyFile).as("--keyFile").isNotBlank().startsWith("/");

        // The keyfile's volume, written by the one-shot service and mounted read-only into mongod.
        String keyFileDir = keyFile.substring(0, keyFile.lastIndexOf('/'));
        String volume = list(services(), "mongo", "volumes").stream().map(Object::toString)
                .filter(mount -> mount.matches("[a-z0-9_-]+:" + Pattern.quote(keyFileDir) + ":ro"))
                .map(mount -> mount.substring(0, mount.indexOf(':'))).findFirst().orElse(null);
        assertThat(volume).as("a named volume on %s, read-only", keyFileDir).isNotNull();
        assertThat(map(compose(), "volumes")).containsKey(volume);
        Map<String, Object> init = map(services(), KEYFILE_INIT);
        assertThat(string(init, "image")).isEqualTo(string(services(), "mongo", "image"));
        assertThat(list(init, "volumes")).map(Object::toString).anyMatch(mount -> mount.startsWith(volume + ":/"));
        String script = String.join(" ", words(get(init, "command")));
        assertThat(script).contains("head -c 756", "chmod 400", "chown 999:999").containsPattern("if \\[ ! -s ");
        assertThat(string(init, "restart")).isEqualTo("no");

        // The healthcheck initiates the set once and is healthy only on the writable primary, as root with the
        // container's own variables ($$: Compose leaves them to the container's shell).
        String healthcheck = String.join(" ", words(get(services(), "mongo", "healthcheck", "test")));
        assertThat(healthcheck).contains("rs.initiate(", "_id: '" + REPLICA_SET + "'", "host: 'mongo:27017'",
                "isWritablePrimary", "\"$$MONGO_INITDB_ROOT_USERNAME\"", "\"$$MONGO_INITDB_ROOT_PASSWORD\"",
                "--authenticationDatabase admin").doesNotContain("${");
    }

    @Test
    void everyMongoDbUriNamesTheReplicaSet() {
        List<String> uris = new ArrayList<>();
        services().forEach((name, service) -> map(service, "environment").forEach((key, value) -> {
            if (value != null && value.toString().startsWith("mongodb")) {
                uris.add(name + " " + value);
            }
        }));
        assertThat(uris).hasSize((int) Repository.apps().values().stream().filter(Repository.App::isService).count())
                .allSatisfy(uri -> assertThat(uri).containsPattern("[?&]replicaSet=" + REPLICA_SET + "(&|$)"));
    }

    @Test
    void theServicesGetTheVariablesOfTheReadme() {
        for (Repository.App app : Repository.apps().values()) {
            Map<String, Object> environment = map(services(), app.name(), "environment");
            if (app.isWeb()) {
                // Signs users in at the identity provider whose tokens the gateway accepts, and calls the gateway.
                assertThat(environment).as(app.name())
                        .containsEntry("CARE_GATEWAY_URL", "http://gateway:" + Repository.apps().get("gateway").port())
                        .containsEntry("CARE_OIDC_ISSUER_URI", string(services(), "gateway", "environment",
                                "CARE_JWT_ISSUER"))
                        .containsKeys("CARE_OIDC_CLIENT_ID", "CARE_OIDC_CLIENT_SECRET")
                        .doesNotContainKeys("MONGODB_URI", "KAFKA_BOOTSTRAP_SERVERS");
                continue;
            }
            assertThat(environment).as(app.name())
                    .containsKeys("CARE_JWT_ISSUER", "CARE_JWT_JWK_SET_URI", "CARE_JWT_AUDIENCE");
            if (app.isGateway()) {
                // How the gateway finds what it routes to: INTAKE_SERVICE_URL, ..., WEB_URL.
                Repository.apps().values().stream().filter(other -> !other.isGateway()).forEach(other ->
                        assertThat(environment).as(app.name()).containsEntry(
                                other.name().toUpperCase().replace('-', '_') + "_URL",
                                "http://" + other.name() + ":" + other.port()));
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

    /** A command or healthcheck test, in exec form (a list) or as one string, as words. */
    private static List<String> words(Object command) {
        if (command instanceof List<?> list) {
            return list.stream().flatMap(word -> Stream.of(word.toString().strip().split("\\s+"))).toList();
        }
        return command == null ? List.of() : List.of(command.toString().strip().split("\\s+"));
    }

    private static String following(List<String> words, String flag) {
        int at = words.indexOf(flag);
        return at < 0 || at + 1 >= words.size() ? null : words.get(at + 1);
    }

    /** A Compose duration such as 10s, 1m or 1m30s, in whole seconds. */
    private static long seconds(Object node, String key) {
        String text = string(node, key);
        assertThat(text).as(key).isNotNull().matches("(" + DURATION.pattern() + ")+");
        long millis = 0;
        Matcher part = DURATION.matcher(text);
        while (part.find()) {
            long value = Long.parseLong(part.group(1));
            millis += switch (part.group(2)) {
                case "ms" -> value;
                case "s" -> value * 1000;
                default -> value * 60_000;
            };
        }
        return millis / 1000;
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
