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

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * The MongoDB component (deploy/k8s/components/mongodb): a three-member replica set for the MongoDB operator
 * (mongodbcommunity.mongodb.com/v1), one user per service with readWrite on that service's own database and
 * nothing more, passwords from Secrets only, and network policies that let the members and the services through
 * the namespace's default deny.
 */
class MongoDbComponentTest {

    private static final Path MONGODB = Repository.K8S.resolve("components/mongodb");

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
            if (app.isGateway()) {
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
