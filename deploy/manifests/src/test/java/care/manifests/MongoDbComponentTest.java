package care.manifests;

import static care.manifests.Nodes.get;
import static care.manifests.Nodes.kind;
import static care.manifests.Nodes.list;
import static care.manifests.Nodes.map;
import static care.manifests.Nodes.name;
import static care.manifests.Nodes.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * The MongoDB component (deploy/k8s/components/mongodb): a three-member replica set for the MongoDB operator
 * (mongodbcommunity.mongodb.com/v1), one user per service with readWrite on that service's own database and
 * nothing more, passwords from Secrets only, network policies that let the members and the services through
 * the namespace's default deny, and every service (not the gateway) trusting the replica set's CA.
 */
@org.junit.jupiter.api.Tag("integration")
class MongoDbComponentTest {

    private static final Path MONGODB = Repository.K8S.resolve("components/mongodb");
    private static final String CA_VARIABLE = "MONGODB_TLS_CA_FILE";

    private static List<Map<String, Object>> objects() {
        return Repository.kustomizationObjects(MONGODB);
    }

    private static Map<String, Object> replicaSet() {
        return objects().stream().filter(o -> "MongoDBCommunity".equals(kind(o))).findFirst().orElseThrow();
    }

    /** Each service and the database its application.yml names ({@code spring.mongodb.database}). */
    static Map<String, String> databases() {
        Map<String, String> databases = new TreeMap<>();
        for (Repository.App app : Repository.apps().values()) {
            if (!app.isService()) {
                continue;
            }
            Map<String, Object> config = Repository.yamlDocuments(
                    Repository.ROOT.resolve(app.module()).resolve("src/main/resources/application.yml")).getFirst();
            databases.put(app.name(), string(config, "spring", "mongodb", "database"));
        }
        return databases;
    }

    @Test
    void isAComponentWithOneReplicaSetOfThreeMembers() {
        Map<String, Object> kustomization = Repository.yamlDocuments(MONGODB.resolve("kustomization.yaml"))
                .getFirst();
        assertThat(string(kustomization, "apiVersion")).isEqualTo("kustomize.config.k8s.io/v1alpha1");
        assertThat(kind(kustomization)).isEqualTo("Component");

        assertThat(objects().stream().filter(o -> "MongoDBCommunity".equals(kind(o)))).hasSize(1);
        Map<String, Object> replicaSet = replicaSet();
        assertThat(string(replicaSet, "apiVersion")).isEqualTo("mongodbcommunity.mongodb.com/v1");
        assertThat(name(replicaSet)).isEqualTo("care-mongo");
        assertThat(string(replicaSet, "metadata", "namespace")).as("the overlay sets the namespace").isNull();
        assertThat(string(replicaSet, "spec", "type")).isEqualTo("ReplicaSet");
        assertThat(get(replicaSet, "spec", "members")).isEqualTo(3);
        assertThat(string(replicaSet, "spec", "version")).as("a pinned version").matches("[0-9]+\\.[0-9]+\\.[0-9]+");
        assertThat(list(replicaSet, "spec", "security", "authentication", "modes")).isNotEmpty()
                .allSatisfy(mode -> assertThat(mode.toString()).startsWith("SCRAM"));
        assertThat(get(replicaSet, "spec", "security", "tls", "enabled")).isEqualTo(true);
    }

    @Test
    void theServicesDatabasesAreTheOnesTheirConfigurationNames() {
        assertThat(databases()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "intake-service", "care_intake",
                "scheduling-service", "care_scheduling",
                "session-service", "care_session",
                "integration-service", "care_integration",
                "notification-service", "care_notification"));
    }

    @Test
    void eachServiceHasOneUserWithReadWriteOnItsOwnDatabaseOnly() {
        Map<String, String> databases = databases();
        List<Object> users = list(replicaSet(), "spec", "users");

        assertThat(users.stream().map(u -> string(u, "name"))).containsExactlyInAnyOrderElementsOf(databases.keySet());
        assertThat(users).allSatisfy(user -> assertOwnDatabaseOnly(user, databases));
    }

    @Test
    void aUserWithMoreThanItsOwnDatabaseIsCaught() {
        Map<String, String> databases = databases();
        Map<String, Object> user = Map.of("name", "intake-service", "db", "admin",
                "passwordSecretRef", Map.of("name", "care-mongo-intake-service-password"),
                "scramCredentialsSecretName", "care-mongo-intake-service-scram");

        assertThatCode(() -> assertOwnDatabaseOnly(with(user, List.of(role("readWrite", "care_intake"))), databases))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> assertOwnDatabaseOnly(with(user, List.of(role("readWrite", "care_intake"),
                role("read", "care_session"))), databases)).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertOwnDatabaseOnly(with(user, List.of(role("readWriteAnyDatabase", "admin"))),
                databases)).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertOwnDatabaseOnly(with(user, List.of(role("dbOwner", "care_intake"))),
                databases)).isInstanceOf(AssertionError.class);
    }

    @Test
    void passwordsComeFromSecretsAndNoSecretIsCommitted() {
        assertThat(objects()).noneSatisfy(o -> assertThat(kind(o)).isEqualTo("Secret"));
        assertThat(list(replicaSet(), "spec", "users")).allSatisfy(user -> {
            assertThat(get(user, "password")).isNull();
            assertThat(string(user, "passwordSecretRef", "name")).isEqualTo("care-mongo-" + string(user, "name")
                    + "-password");
        });
        String text = Repository.read(MONGODB.resolve("mongodb.yaml")).lines()
                .filter(line -> !line.strip().startsWith("#")).collect(Collectors.joining("\n"));
        assertThat(text).doesNotContainPattern("(?i)password:\\s*[^\\s{]").doesNotContainPattern("mongodb://\\S+:\\S+@");
    }

    @Test
    void theNetworkPoliciesAreValidAndLetTheMembersAndTheServicesIn() {
        List<Map<String, Object>> policies = objects().stream().filter(o -> "NetworkPolicy".equals(kind(o))).toList();
        assertThat(policies).isNotEmpty().allSatisfy(policy -> assertThatCode(() -> KubernetesSchema.validate(policy))
                .as(KubernetesSchema.describe(policy)).doesNotThrowAnyException());

        Map<String, Object> podLabels = map(replicaSet(), "spec", "statefulSet", "spec", "template", "metadata",
                "labels");
        assertThat(policies).allSatisfy(policy -> assertThat(podLabels)
                .containsAllEntriesOf(stringMap(map(policy, "spec", "podSelector", "matchLabels"))));
        Map<String, Object> ingress = policies.stream()
                .filter(p -> list(p, "spec", "policyTypes").contains("Ingress")).findFirst().orElseThrow();
        List<Object> sources = list(ingress, "spec", "ingress").stream()
                .flatMap(rule -> list(rule, "from").stream()).toList();
        assertThat(sources).as("no rule open to every source").isNotEmpty();
        assertThat(sources).anySatisfy(from -> assertThat(map(from, "podSelector", "matchLabels"))
                .containsEntry("app.kubernetes.io/component", "service"));
        assertThat(sources).anySatisfy(from -> assertThat(stringMap(map(from, "podSelector", "matchLabels")))
                .isEqualTo(stringMap(map(policies.getFirst(), "spec", "podSelector", "matchLabels"))));
        assertThat(list(ingress, "spec", "ingress")).allSatisfy(rule -> assertThat(list(rule, "ports"))
                .singleElement().satisfies(port -> assertThat(get(port, "port")).isEqualTo(27017)));
    }

    @Test
    void everyServiceAndNothingElseMountsTheCaAndNamesItsFile() throws IOException {
        Map<String, Map<String, Object>> deployments = renderedDeployments(true);
        List<String> usingMongoDb = deployments.values().stream()
                .filter(d -> list(d, "spec", "template", "spec", "containers").stream()
                        .flatMap(container -> list(container, "env").stream())
                        .anyMatch(env -> "MONGODB_URI".equals(string(env, "name"))))
                .map(Nodes::name).toList();

        assertThat(usingMongoDb).containsExactlyInAnyOrder("intake-service", "scheduling-service", "session-service",
                "integration-service", "notification-service");
        deployments.forEach((name, deployment) -> {
            assertThatCode(() -> KubernetesSchema.validate(deployment)).as(KubernetesSchema.describe(deployment))
                    .doesNotThrowAnyException();
            if (usingMongoDb.contains(name)) {
                assertTrustsTheMongoCa(deployment);
            } else {
                // The gateway (and any other application without MongoDB) gets neither the volume nor the variable.
                assertThat(list(deployment, "spec", "template", "spec", "volumes")).as(name).noneSatisfy(
                        volume -> assertThat(string(volume, "configMap", "name")).isEqualTo("care-mongo-ca"));
                assertThat(caVariable(deployment)).as(name).isNull();
            }
        });
        assertThat(deployments).containsKey("gateway");
    }

    @Test
    void aServiceWithoutTheCaIsCaught() throws IOException {
        Map<String, Object> withoutComponent = renderedDeployments(false).get("scheduling-service");

        assertThatThrownBy(() -> assertTrustsTheMongoCa(withoutComponent)).isInstanceOf(AssertionError.class);
    }

    /** The base, with the component or without, as {@code kubectl kustomize} renders it: Deployments by name. */
    private static Map<String, Map<String, Object>> renderedDeployments(boolean withComponent) throws IOException {
        assumeTrue(Kubectl.binary().isPresent(), "no kubectl: run deploy/manifests/install-kubectl.sh");
        Path overlay = Repository.ROOT.resolve("deploy/manifests/target/mongodb-render/"
                + (withComponent ? "with" : "without"));
        Files.createDirectories(overlay);
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - %s
                """.formatted(overlay.relativize(Repository.K8S.resolve("base")))
                + (withComponent ? "components:\n  - " + overlay.relativize(MONGODB) + "\n" : ""));
        Map<String, Map<String, Object>> deployments = new TreeMap<>();
        Repository.yamlDocuments(Kubectl.kustomize(overlay)).stream().filter(o -> "Deployment".equals(kind(o)))
                .forEach(deployment -> deployments.put(name(deployment), deployment));
        return deployments;
    }

    /**
     * The service's container names a CA file ({@code MONGODB_TLS_CA_FILE}) that is key {@code ca.crt} of the
     * ConfigMap care-mongo-ca (the replica set's {@code tls.caConfigMapRef}), mounted read-only and not writable.
     */
    private static void assertTrustsTheMongoCa(Map<String, Object> deployment) {
        String name = name(deployment);
        Map<String, Object> pod = map(deployment, "spec", "template", "spec");
        String caConfigMap = string(replicaSet(), "spec", "security", "tls", "caConfigMapRef", "name");
        Map<String, Object> volume = list(pod, "volumes").stream()
                .filter(v -> caConfigMap.equals(string(v, "configMap", "name"))).map(v -> map(v)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " has no volume of ConfigMap " + caConfigMap));
        Object mode = get(volume, "configMap", "defaultMode");
        assertThat(mode).as("%s: the CA volume is not writable", name).isNotNull()
                .satisfies(m -> assertThat(((Number) m).intValue() & 0222).isZero());
        Object item = list(volume, "configMap", "items").stream().filter(i -> "ca.crt".equals(string(i, "key")))
                .findFirst().orElseThrow(() -> new AssertionError(name + ": the CA volume lacks key ca.crt"));

        Object container = list(pod, "containers").getFirst();
        assertThat(string(container, "name")).isEqualTo(name);
        Object mount = list(container, "volumeMounts").stream()
                .filter(m -> string(volume, "name").equals(string(m, "name"))).findFirst()
                .orElseThrow(() -> new AssertionError(name + " does not mount the CA volume"));
        assertThat(get(mount, "readOnly")).as("%s: the CA mount is read-only", name).isEqualTo(true);
        assertThat(caVariable(deployment)).as("%s: %s names the mounted ca.crt", name, CA_VARIABLE)
                .isEqualTo(string(mount, "mountPath") + "/" + string(item, "path"));
    }

    private static String caVariable(Map<String, Object> deployment) {
        return list(deployment, "spec", "template", "spec", "containers").stream()
                .flatMap(container -> list(container, "env").stream())
                .filter(env -> CA_VARIABLE.equals(string(env, "name"))).map(env -> string(env, "value"))
                .findFirst().orElse(null);
    }

    private static void assertOwnDatabaseOnly(Object user, Map<String, String> databases) {
        String name = string(user, "name");
        assertThat(string(user, "db")).as("%s is defined in admin (authSource=admin)", name).isEqualTo("admin");
        assertThat(string(user, "passwordSecretRef", "name")).as(name).isNotBlank();
        assertThat(string(user, "scramCredentialsSecretName")).as(name).isNotBlank();
        assertThat(list(user, "roles")).as("%s: readWrite on %s and nothing more", name, databases.get(name))
                .singleElement().satisfies(role -> {
                    assertThat(string(role, "name")).isEqualTo("readWrite");
                    assertThat(string(role, "db")).isEqualTo(databases.get(name));
                });
    }

    private static Map<String, Object> with(Map<String, Object> user, List<Map<String, Object>> roles) {
        Map<String, Object> copy = new TreeMap<>(user);
        copy.put("roles", roles);
        return copy;
    }

    private static Map<String, Object> role(String name, String db) {
        return Map.of("name", name, "db", db);
    }

    private static Map<String, String> stringMap(Map<String, Object> map) {
        Map<String, String> strings = new TreeMap<>();
        map.forEach((key, value) -> strings.put(key, String.valueOf(value)));
        return strings;
    }
}
