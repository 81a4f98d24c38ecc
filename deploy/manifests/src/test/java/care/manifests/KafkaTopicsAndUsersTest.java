package care.manifests;

import static care.manifests.Nodes.get;
import static care.manifests.Nodes.kind;
import static care.manifests.Nodes.list;
import static care.manifests.Nodes.map;
import static care.manifests.Nodes.name;
import static care.manifests.Nodes.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Strimzi component (deploy/k8s/components/strimzi): a KafkaTopic for every topic the services use and a
 * KafkaUser per service with exactly the ACLs its bindings and its events need, all computed from the repository
 * (see {@link KafkaAccess}), and every object valid against the CRDs generated from io.strimzi:api.
 */
@org.junit.jupiter.api.Tag("integration")
class KafkaTopicsAndUsersTest {

    static final Path COMPONENT = Repository.K8S.resolve("components/strimzi");
    static final String CLUSTER = "care-kafka";
    private static final long DAY = Duration.ofDays(1).toMillis();

    private static List<Map<String, Object>> objects() {
        return Repository.kustomizationObjects(COMPONENT);
    }

    private static Map<String, Map<String, Object>> byName(List<Map<String, Object>> objects, String kind) {
        Map<String, Map<String, Object>> found = new TreeMap<>();
        objects.stream().filter(o -> kind.equals(kind(o))).forEach(o -> {
            if (found.put(name(o), o) != null) {
                throw new AssertionError("two " + kind + " objects named " + name(o));
            }
        });
        return found;
    }

    /** The effective ACLs of each KafkaUser, user → resource → operations; deny rules and hosts are refused. */
    static Map<String, Map<String, Set<String>>> actualAcls(List<Map<String, Object>> objects) {
        Map<String, Map<String, Set<String>>> acls = new TreeMap<>();
        byName(objects, "KafkaUser").forEach((user, object) -> {
            Map<String, Set<String>> rules = acls.computeIfAbsent(user, k -> new TreeMap<>());
            for (Object acl : list(object, "spec", "authorization", "acls")) {
                String type = string(acl, "type");
                if (type != null && !type.equals("allow")) {
                    throw new AssertionError(user + ": only allow rules are expected, got " + acl);
                }
                if (string(acl, "host") != null && !"*".equals(string(acl, "host"))) {
                    throw new AssertionError(user + ": rules for every host are expected, got " + acl);
                }
                String resource = KafkaAccess.resource(string(acl, "resource", "type"),
                        string(acl, "resource", "name"), "prefix".equals(string(acl, "resource", "patternType")));
                list(acl, "operations").forEach(op -> rules.computeIfAbsent(resource, k -> new TreeSet<>())
                        .add(op.toString()));
            }
        });
        return acls;
    }

    /** Every topic the services use: the contract's topics, every bound destination and every dead-letter topic. */
    static Set<String> expectedTopics() {
        Set<String> topics = new TreeSet<>(KafkaAccess.topics().keySet());
        KafkaAccess.allBindings().forEach(binding -> {
            topics.add(binding.destination());
            topics.add(binding.deadLetterTopic());
        });
        return topics;
    }

    /** Checks of the topics that the component must pass and a weakened copy must fail. */
    static void checkTopics(List<Map<String, Object>> objects) {
        Map<String, Map<String, Object>> topics = byName(objects, "KafkaTopic");
        Map<String, KafkaAccess.Topic> contract = KafkaAccess.topics();
        Map<String, String> deadLetterSources = KafkaAccess.deadLetterSources();
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(topics.keySet()).as("KafkaTopics").containsExactlyInAnyOrderElementsOf(expectedTopics());
        topics.forEach((name, topic) -> {
            Map<String, Object> config = map(topic, "spec", "config");
            softly.assertThat(get(topic, "spec", "topicName")).as(name + " topicName (the name is the topic)")
                    .isIn(null, name);
            softly.assertThat(map(topic, "metadata", "labels")).as(name).containsEntry("strimzi.io/cluster", CLUSTER);
            softly.assertThat(get(topic, "spec", "replicas")).as(name + " replicas").isEqualTo(3);
            softly.assertThat(number(config.get("min.insync.replicas"))).as(name + " min.insync.replicas")
                    .isEqualTo(2L);
            softly.assertThat(get(topic, "spec", "partitions")).as(name + " partitions").isInstanceOf(Integer.class);
            softly.assertThat(config).as(name + " retention stated").containsKey("retention.ms");
            KafkaAccess.Topic described = contract.get(name);
            boolean compacted = described != null && described.compacted();
            softly.assertThat(config.get("cleanup.policy")).as(name + " cleanup.policy")
                    .isEqualTo(compacted ? "compact" : "delete");
            if (compacted) {
                softly.assertThat(number(config.get("delete.retention.ms"))).as(name + " delete.retention.ms")
                        .isNotNull().isPositive();
            } else {
                softly.assertThat(number(config.get("retention.ms"))).as(name + " retention.ms").isNotNull()
                        .isPositive();
            }
            if (described != null && !described.hasSingleOwner()) {
                softly.assertThat(number(config.get("retention.ms"))).as(name + ": the audit trail, six years at least")
                        .isGreaterThanOrEqualTo(6 * 365 * DAY);
            }
            String source = deadLetterSources.get(name);
            if (source != null && topics.containsKey(source)) {
                softly.assertThat(((Number) get(topic, "spec", "partitions")).intValue())
                        .as(name + " partitions, at least its source's")
                        .isGreaterThanOrEqualTo(((Number) get(topics.get(source), "spec", "partitions")).intValue());
                if (contract.containsKey(source) && contract.get(source).restricted()) {
                    softly.assertThat(number(config.get("retention.ms")))
                            .as(name + ": dead letters of a restricted topic stay a week at most")
                            .isBetween(1L, 7 * DAY);
                }
            }
        });
        softly.assertAll();
    }

    /** Checks of the users that the component must pass and a weakened copy must fail. */
    static void checkUsers(List<Map<String, Object>> objects) {
        Map<String, Map<String, Set<String>>> expected = KafkaAccess.expectedAcls();
        Map<String, Map<String, Set<String>>> actual = actualAcls(objects);
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(actual.keySet()).as("KafkaUsers").containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((user, acls) -> softly.assertThat(actual.get(user)).as("ACLs of " + user)
                .isEqualTo(acls));
        byName(objects, "KafkaUser").forEach((user, object) -> {
            softly.assertThat(map(object, "metadata", "labels")).as(user).containsEntry("strimzi.io/cluster", CLUSTER);
            softly.assertThat(string(object, "spec", "authentication", "type")).as(user + " authentication")
                    .isEqualTo("scram-sha-512");
            softly.assertThat(string(object, "spec", "authorization", "type")).as(user + " authorization")
                    .isEqualTo("simple");
        });
        softly.assertAll();
        checkRestrictions(actual);
    }

    /** The policies that hold whatever the bindings say: owners alone write, contacts stay with notification. */
    static void checkRestrictions(Map<String, Map<String, Set<String>>> acls) {
        SoftAssertions softly = new SoftAssertions();
        for (KafkaAccess.Topic topic : KafkaAccess.topics().values()) {
            Set<String> writers = users(acls, KafkaAccess.resource("topic", topic.name(), false), "Write");
            if (topic.hasSingleOwner()) {
                softly.assertThat(writers).as("writers of " + topic.name()).containsExactly(topic.owner());
            } else {
                softly.assertThat(writers).as("writers of " + topic.name()).doesNotContain("analytics")
                        .hasSize(KafkaAccess.kafkaApps().size());
            }
        }
        String contacts = KafkaAccess.topics().values().stream().filter(KafkaAccess.Topic::restricted)
                .map(KafkaAccess.Topic::name).findFirst().orElseThrow();
        acls.forEach((user, rules) -> rules.keySet().stream().filter(r -> r.startsWith("topic:" + contacts))
                .forEach(r -> softly.assertThat(user).as(r + ": only the notification service and the owner")
                        .isIn("notification-service", KafkaAccess.topics().get(contacts).owner())));
        softly.assertThat(users(acls, KafkaAccess.resource("topic", contacts, false), "Read")).as("readers of " + contacts)
                .containsExactly("notification-service");
        Map<String, Set<String>> analytics = acls.getOrDefault("analytics", Map.of());
        softly.assertThat(analytics.keySet()).as("analytics")
                .noneMatch(r -> r.startsWith("topic:" + contacts))
                .noneMatch(r -> r.endsWith(KafkaAccess.DLQ_SUFFIX))
                .noneMatch(r -> r.endsWith("*") && r.startsWith("topic:"))
                .noneMatch(r -> r.equals("topic:care.audit.events.v1"));
        softly.assertThat(analytics.values()).as("analytics only reads")
                .allSatisfy(ops -> assertThat(ops).isSubsetOf("Describe", "Read"));
        acls.values().forEach(rules -> rules.forEach((resource, ops) -> softly.assertThat(ops).as(resource)
                .doesNotContain("All", "Create", "Delete", "Alter", "AlterConfigs", "ClusterAction")));
        softly.assertAll();
    }

    private static Set<String> users(Map<String, Map<String, Set<String>>> acls, String resource, String operation) {
        return acls.entrySet().stream().filter(e -> e.getValue().getOrDefault(resource, Set.of()).contains(operation))
                .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        return value == null ? null : Long.valueOf(value.toString());
    }

    @Test
    void accessIsComputedFromTheRepository() {
        Map<String, KafkaAccess.Topic> topics = KafkaAccess.topics();
        Map<String, Repository.App> apps = Repository.apps();

        assertThat(KafkaAccess.kafkaApps()).extracting(Repository.App::name).doesNotContain("gateway")
                .hasSizeGreaterThanOrEqualTo(5);
        assertThat(KafkaAccess.kafkaApps()).allSatisfy(app -> assertThat(KafkaAccess.applicationName(app))
                .isEqualTo(app.name()));
        assertThat(topics.values().stream().filter(KafkaAccess.Topic::compacted).map(KafkaAccess.Topic::name))
                .containsExactlyInAnyOrder("care.intake.patient-contacts.v1", "care.intake.care-teams.v1",
                        "care.intake.staff.v1");
        assertThat(KafkaAccess.asyncApiCleanupPolicies()).as("AsyncAPI agrees with Topics.java")
                .isEqualTo(topics.values().stream().collect(Collectors.toMap(KafkaAccess.Topic::name,
                        t -> t.compacted() ? "compact" : "delete", (a, b) -> a, TreeMap::new)));
        assertThat(KafkaAccess.bindings(apps.get("intake-service"))).extracting(KafkaAccess.Binding::function)
                .doesNotContain("careTeamEvents", "staffEvents");
        assertThat(KafkaAccess.bindings(apps.get("session-service"))).extracting(KafkaAccess.Binding::destination)
                .contains("care.intake.care-teams.v1", "care.intake.staff.v1");
        assertThat(KafkaAccess.allBindings()).allSatisfy(b -> assertThat(b.group()).isEqualTo(b.app()));
        assertThat(KafkaAccess.analyticsTopics()).hasSize(5).allSatisfy(t -> assertThat(t).endsWith(".events.v1"))
                .doesNotContain("care.audit.events.v1");
    }

    /** The scan of instantiated events agrees with the owners the contracts declare, event by event. */
    @Test
    void servicesPublishOnlyTheEventsTheContractsGiveThem() {
        for (Repository.App app : KafkaAccess.kafkaApps()) {
            List<KafkaAccess.EventType> published = KafkaAccess.published(app);

            assertThat(published).as(app.name()).isNotEmpty().allSatisfy(type -> assertThat(type.service())
                    .as(type.recordClass()).isIn(app.name().replace("-service", ""), "audit"));
            assertThat(KafkaAccess.produced(app)).as(app.name()).contains("care.audit.events.v1");
        }
        Map<String, Set<String>> producers = new TreeMap<>();
        KafkaAccess.kafkaApps().forEach(app -> KafkaAccess.produced(app).forEach(topic -> producers
                .computeIfAbsent(topic, k -> new TreeSet<>()).add(app.name())));
        KafkaAccess.topics().values().stream().filter(KafkaAccess.Topic::hasSingleOwner).forEach(topic -> assertThat(
                producers.get(topic.name())).as("producers of " + topic.name()).containsExactly(topic.owner()));
    }

    @Test
    void everyTopicIsDeclaredWithReplicationRetentionAndCompaction() {
        checkTopics(objects());
    }

    @Test
    void everyUserHasExactlyTheAclsItsBindingsAndEventsNeed() {
        checkUsers(objects());
    }

    @Test
    void everyObjectIsValidAgainstTheStrimziCrds() {
        List<Map<String, Object>> objects = objects();

        assertThat(objects).hasSize(expectedTopics().size() + KafkaAccess.expectedAcls().size());
        assertThat(objects).allSatisfy(o -> assertThat(StrimziSchema.errors(o)).as(KubernetesSchema.describe(o))
                .isEmpty());
    }

    @Test
    void theGeneratedCrdsServeV1Only() {
        for (String kind : StrimziSchema.MODELS.keySet()) {
            List<String> served = new ArrayList<>();
            StrimziSchema.crd(kind).path("spec").path("versions").forEach(v -> {
                if (v.path("served").asBoolean()) {
                    served.add(v.path("name").asString());
                }
            });
            assertThat(served).as(kind).containsExactly("v1");
        }
    }

    // The checks fail on weakened copies of the component: each case changes one thing.

    private static List<Map<String, Object>> changed(String kind, String name, Consumer<Map<String, Object>> change) {
        List<Map<String, Object>> objects = objects();
        change.accept(byName(objects, kind).get(name));
        return objects;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> acls(Map<String, Object> user) {
        return (List<Map<String, Object>>) (List<?>) list(user, "spec", "authorization", "acls");
    }

    @Test
    void anExtraOperationFails() {
        List<Map<String, Object>> objects = changed("KafkaUser", "scheduling-service", user -> acls(user).add(Map.of(
                "resource", Map.of("type", "topic", "name", "care.session.events.v1"),
                "operations", List.of("Write"))));

        assertThatThrownBy(() -> checkUsers(objects))
                .hasMessageContaining("scheduling-service");
    }

    @Test
    void analyticsReadingTheContactsFails() {
        List<Map<String, Object>> objects = changed("KafkaUser", "analytics", user -> acls(user).add(Map.of(
                "resource", Map.of("type", "topic", "name", "care.intake.patient-contacts.v1"),
                "operations", List.of("Read", "Describe"))));

        assertThatThrownBy(() -> checkRestrictions(actualAcls(objects)))
                .hasMessageContaining("care.intake.patient-contacts.v1");
        assertThatThrownBy(() -> checkUsers(objects))
                .hasMessageContaining("analytics");
    }

    @Test
    void aPrefixWildcardFails() {
        List<Map<String, Object>> objects = changed("KafkaUser", "session-service", user -> {
            Map<String, Object> first = new TreeMap<>(acls(user).getFirst());
            first.put("resource", Map.of("type", "topic", "name", "care.", "patternType", "prefix"));
            acls(user).set(0, first);
        });

        assertThatThrownBy(() -> checkUsers(objects))
                .hasMessageContaining("topic:care.*");
    }

    @Test
    void aMissingDeadLetterTopicFails() {
        List<Map<String, Object>> objects = objects();
        objects.remove(byName(objects, "KafkaTopic").get("care.intake.events.v1.notification-service.dlq"));

        assertThatThrownBy(() -> checkTopics(objects))
                .hasMessageContaining("care.intake.events.v1.notification-service.dlq");
    }

    @Test
    void weakReplicationOrAnUncompactedContactsTopicFails() {
        assertThatThrownBy(() -> checkTopics(changed("KafkaTopic",
                "care.audit.events.v1", t -> map(t, "spec", "config").put("min.insync.replicas", 1))))
                .hasMessageContaining("min.insync.replicas");
        assertThatThrownBy(() -> checkTopics(changed("KafkaTopic",
                "care.intake.staff.v1", t -> map(t, "spec").put("replicas", 2))))
                .hasMessageContaining("replicas");
        assertThatThrownBy(() -> checkTopics(changed("KafkaTopic",
                "care.intake.patient-contacts.v1", t -> map(t, "spec", "config").put("cleanup.policy", "delete"))))
                .hasMessageContaining("cleanup.policy");
        assertThatThrownBy(() -> checkTopics(changed("KafkaTopic",
                "care.scheduling.events.v1.session-service.dlq", t -> map(t, "spec").put("partitions", 1))))
                .hasMessageContaining("at least its source's");
    }

    @Test
    void theSchemaRefusesUnknownMisspeltAndMistypedFields() {
        Map<String, Object> user = byName(objects(), "KafkaUser").get("intake-service");
        map(user, "spec", "authorization").put("acl", List.of());
        assertThat(StrimziSchema.errors(user)).anySatisfy(e -> assertThat(e).contains("acl"));

        Map<String, Object> topic = byName(objects(), "KafkaTopic").get("care.intake.events.v1");
        map(topic, "spec").put("partitions", "twelve");
        assertThat(StrimziSchema.errors(topic)).anySatisfy(e -> assertThat(e).contains("partitions"));

        Map<String, Object> other = byName(objects(), "KafkaUser").get("analytics");
        acls(other).getFirst().put("operations", List.of("Reed"));
        assertThat(StrimziSchema.errors(other)).isNotEmpty();

        Map<String, Object> v1beta2 = byName(objects(), "KafkaTopic").get("care.audit.events.v1");
        v1beta2.put("apiVersion", "kafka.strimzi.io/v1beta2");
        assertThat(StrimziSchema.errors(v1beta2)).anySatisfy(e -> assertThat(e).contains("v1beta2"));
    }

    /**
     * The component renders when added to the production overlay's components (a copy of deploy/k8s in target/
     * with only that change): every Strimzi object lands in the overlay's namespace, valid, and the overlay's own
     * objects stay valid. The real overlay does not list it: RenderedManifestsTest refuses kinds without a
     * Kubernetes model. Skipped without kubectl, like RenderedManifestsTest.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theComponentRendersWhenAddedToTheProductionOverlay() throws IOException {
        assumeTrue(Kubectl.binary().isPresent(), "no kubectl: run deploy/manifests/install-kubectl.sh");
        Path copy = Repository.ROOT.resolve("deploy/manifests/target/strimzi-render/k8s");
        try (Stream<Path> files = Files.walk(Repository.K8S)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(Repository.K8S.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Path overlay = copy.resolve("overlays/production/kustomization.yaml");
        Map<String, Object> kustomization = Repository.yamlDocuments(overlay).getFirst();
        List<Object> components = new ArrayList<>(list(kustomization, "components"));
        components.add("../../components/strimzi");
        kustomization.put("components", components);
        Files.writeString(overlay, new Yaml().dump(kustomization));

        List<Map<String, Object>> rendered = Repository.yamlDocuments(Kubectl.kustomize(overlay.getParent()));
        List<Map<String, Object>> strimzi = rendered.stream()
                .filter(o -> String.valueOf(o.get("apiVersion")).startsWith("kafka.strimzi.io/")).toList();
        List<Map<String, Object>> others = rendered.stream().filter(o -> !strimzi.contains(o)).toList();

        assertThat(strimzi).hasSize(objects().size()).allSatisfy(o -> {
            assertThat(StrimziSchema.errors(o)).as(KubernetesSchema.describe(o)).isEmpty();
            assertThat(string(o, "metadata", "namespace")).isEqualTo("care-production");
        });
        assertThat(others).hasSizeGreaterThan(Repository.apps().size() * 5)
                .allSatisfy(o -> KubernetesSchema.validate(o));
        checkTopics(strimzi);
        checkUsers(strimzi);
    }
}
