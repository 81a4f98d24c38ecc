package care.manifests;

import static care.manifests.Nodes.kind;
import static care.manifests.Nodes.map;
import static care.manifests.Nodes.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The base and every overlay as {@code kubectl kustomize} renders them, i.e. what an operator applies: strictly
 * valid objects following the policies, with pinned images, in the overlay's namespace. Skipped (never failed)
 * when no kubectl is at hand; see install-kubectl.sh.
 */
@org.junit.jupiter.api.Tag("integration")
class RenderedManifestsTest {

    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace");

    /** Rendered once per directory; each test reads its own copy. */
    private static final Map<String, String> RENDERED = new ConcurrentHashMap<>();

    /** A directory of deploy/k8s as {@code kubectl kustomize} renders it; skips the calling test without kubectl. */
    static List<Map<String, Object>> render(String dir) {
        assumeTrue(Kubectl.binary().isPresent(),
                "no kubectl (CARE_KUBECTL, PATH or target/tools/kubectl): run deploy/manifests/install-kubectl.sh");
        return Repository.yamlDocuments(RENDERED.computeIfAbsent(dir,
                d -> Kubectl.kustomize(Repository.K8S.resolve(d))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/staging", "overlays/production"})
    void everyRenderedObjectIsValid(String dir) {
        List<Map<String, Object>> objects = render(dir);

        assertThat(objects).hasSizeGreaterThan(Repository.apps().size() * 5);
        assertThat(objects).allSatisfy(object -> assertThatCode(() -> KubernetesSchema.validate(object))
                .as(KubernetesSchema.describe(object)).doesNotThrowAnyException());
    }

    @Test
    void renderedBaseFollowsThePolicies() {
        Policies.check(render("base"), Repository.apps(), Policies.Images.UNTAGGED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void renderedOverlayFollowsThePoliciesInItsNamespace(String overlay) {
        List<Map<String, Object>> objects = render("overlays/" + overlay);
        String namespace = "care-" + overlay;

        Policies.check(objects, Repository.apps(), Policies.Images.VERSION_TAGGED);
        assertThat(objects.stream().filter(o -> !CLUSTER_SCOPED.contains(kind(o))))
                .allSatisfy(o -> assertThat(string(o, "metadata", "namespace")).as(KubernetesSchema.describe(o))
                        .isEqualTo(namespace));
        Map<String, Object> ns = objects.stream().filter(o -> "Namespace".equals(kind(o))).findFirst().orElseThrow();
        assertThat(Nodes.name(ns)).isEqualTo(namespace);
        assertThat(map(ns, "metadata", "labels")).containsEntry("pod-security.kubernetes.io/enforce", "restricted");
    }

    @Test
    void overlaysDifferInTheIdentityProviderAndTheOrigins() {
        Map<String, Object> staging = config(render("overlays/staging"));
        Map<String, Object> production = config(render("overlays/production"));

        for (String key : List.of("CARE_JWT_ISSUER", "CARE_JWT_JWK_SET_URI", "CARE_CORS_ALLOWED_ORIGINS")) {
            assertThat(staging.get(key)).as(key).isNotEqualTo(production.get(key));
        }
        assertThat(string(staging, "CARE_JWT_ISSUER")).contains("staging");
        assertThat(string(production, "CARE_JWT_ISSUER")).doesNotContain("staging");
        assertThat(staging.keySet()).as("same variables everywhere").isEqualTo(production.keySet());
    }

    @Test
    void productionTakesItsSecretsFromTheExternalSecretsComponent() {
        List<Map<String, Object>> objects = render("overlays/production");

        assertThat(objects.stream().filter(o -> "ExternalSecret".equals(kind(o))).map(Nodes::name))
                .contains("care-webhook", "care-kafka-cluster-ca")
                .allSatisfy(name -> assertThat(name).startsWith("care-"));
        assertThat(objects.stream().filter(o -> "Secret".equals(kind(o)))).isEmpty();
    }

    private static Map<String, Object> config(List<Map<String, Object>> objects) {
        return objects.stream().filter(o -> "ConfigMap".equals(kind(o)) && "care-config".equals(Nodes.name(o)))
                .map(o -> map(o, "data")).findFirst().orElseThrow();
    }
}
