package care.manifests;

import static care.manifests.Nodes.get;
import static care.manifests.Nodes.kind;
import static care.manifests.Nodes.list;
import static care.manifests.Nodes.map;
import static care.manifests.Nodes.name;
import static care.manifests.Nodes.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The manifests as written, read with SnakeYAML: runs without kubectl. Strict schema validation of every object,
 * the deployment policies on the base, the secrets component and the overlays' image pins.
 */
@org.junit.jupiter.api.Tag("integration")
class BaseManifestsTest {

    private static final Path BASE = Repository.K8S.resolve("base");
    private static final Path EXTERNAL_SECRETS = Repository.K8S.resolve("components/external-secrets");

    @Test
    void applicationsAreTheModulesWithASpringBootMainClass() {
        Map<String, Repository.App> apps = Repository.apps();

        assertThat(apps).containsKey("gateway").hasSizeGreaterThan(1);
        assertThat(apps.get("gateway")).extracting(Repository.App::port, Repository.App::managementPort)
                .containsExactly(8080, 9080);
        assertThat(apps.values()).allSatisfy(app -> assertThat(app.managementPort()).isNotEqualTo(app.port()));
        assertThat(apps.keySet()).doesNotContain("service-kit", "event-contracts", "local-launcher");
    }

    @Test
    void everyObjectOfTheBaseTheComponentAndTheOverlaysIsValid() {
        List<Map<String, Object>> objects = new ArrayList<>(Repository.kustomizationObjects(BASE));
        objects.addAll(Repository.kustomizationObjects(EXTERNAL_SECRETS));
        for (String overlay : List.of("staging", "production")) {
            objects.addAll(Repository.yamlDocuments(Repository.K8S.resolve("overlays/" + overlay + "/namespace.yaml")));
        }

        assertThat(objects).hasSizeGreaterThan(Repository.apps().size() * 5);
        assertThat(objects).allSatisfy(object -> assertThatCode(() -> KubernetesSchema.validate(object))
                .as(KubernetesSchema.describe(object)).doesNotThrowAnyException());
    }

    @Test
    void baseFollowsThePolicies() {
        Policies.check(Repository.kustomizationObjects(BASE), Repository.apps(), Policies.Images.UNTAGGED);
    }

    @Test
    void externalSecretsProduceEverySecretKeyTheDeploymentsReference() {
        List<Map<String, Object>> externalSecrets = Repository.kustomizationObjects(EXTERNAL_SECRETS);
        Map<String, Set<String>> produced = new TreeMap<>();
        for (Map<String, Object> secret : externalSecrets) {
            assertThat(kind(secret)).isEqualTo("ExternalSecret");
            assertThat(string(secret, "apiVersion")).isEqualTo("external-secrets.io/v1");
            assertThat(map(secret, "spec", "secretStoreRef")).as(name(secret))
                    .containsEntry("kind", "ClusterSecretStore").containsKey("name");
            assertThat(string(secret, "spec", "target", "name")).as(name(secret)).isEqualTo(name(secret));
            assertThat(list(secret, "spec", "data")).as(name(secret)).isNotEmpty()
                    .allSatisfy(entry -> assertThat(string(entry, "remoteRef", "key")).isNotBlank());
            produced.put(name(secret), list(secret, "spec", "data").stream()
                    .map(entry -> string(entry, "secretKey")).collect(Collectors.toCollection(TreeSet::new)));
        }

        Map<String, Set<String>> referenced = new TreeMap<>();
        for (Map<String, Object> deployment : Repository.kustomizationObjects(BASE)) {
            if (!"Deployment".equals(kind(deployment))) {
                continue;
            }
            Map<String, Object> pod = map(deployment, "spec", "template", "spec");
            for (Object container : list(pod, "containers")) {
                for (Object variable : list(container, "env")) {
                    Object ref = get(variable, "valueFrom", "secretKeyRef");
                    if (ref != null) {
                        referenced.computeIfAbsent(string(ref, "name"), k -> new TreeSet<>()).add(string(ref, "key"));
                    }
                }
                assertThat(list(container, "envFrom")).allSatisfy(e -> assertThat(get(e, "secretRef")).isNull());
            }
            for (Object volume : list(pod, "volumes")) {
                if (get(volume, "secret") != null) {
                    Set<String> keys = referenced.computeIfAbsent(string(volume, "secret", "secretName"),
                            k -> new TreeSet<>());
                    list(volume, "secret", "items").forEach(item -> keys.add(string(item, "key")));
                }
            }
        }

        assertThat(referenced).as("Secrets the Deployments use").isNotEmpty();
        assertThat(produced).as("Secrets the external-secrets component produces").isEqualTo(referenced);
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void overlaysPinAReleasedVersionOfEveryApplicationInTheirOwnNamespace(String overlay) {
        Map<String, Object> kustomization = Repository.yamlDocuments(
                Repository.K8S.resolve("overlays/" + overlay + "/kustomization.yaml")).getFirst();

        assertThat(string(kustomization, "namespace")).isEqualTo("care-" + overlay);
        assertThat(list(kustomization, "resources")).contains("../../base");
        Map<String, String> tags = list(kustomization, "images").stream()
                .collect(Collectors.toMap(i -> string(i, "name"), i -> String.valueOf(get(i, "newTag"))));
        Set<String> images = Repository.apps().keySet().stream().map(app -> "care-pathway/" + app)
                .collect(Collectors.toSet());
        assertThat(tags.keySet()).containsExactlyInAnyOrderElementsOf(images);
        assertThat(tags.values()).allSatisfy(tag -> assertThat(tag).matches("[0-9]+\\.[0-9]+\\.[0-9]+[A-Za-z0-9.-]*")
                .isNotEqualTo("latest"));
        assertThat(list(kustomization, "images")).allSatisfy(image -> assertThat(get(image, "digest")).isNull());
    }
}
