package care.manifests;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

/**
 * The checks themselves fail on broken manifests: the schema validation on unknown, misspelt, missing and
 * mistyped fields, the policies on each kind of weakening. Each case changes one thing in the real base.
 */
@org.junit.jupiter.api.Tag("integration")
class StrictValidationTest {

    private static Map<String, Object> baseDeployment(String app) {
        return Repository.yamlDocuments(Repository.K8S.resolve("base/" + app + "/deployment.yaml")).getFirst();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container(Map<String, Object> deployment) {
        return (Map<String, Object>) Nodes.list(deployment, "spec", "template", "spec", "containers").getFirst();
    }

    @Test
    void theBaseDeploymentPasses() {
        assertThatCode(() -> KubernetesSchema.validate(baseDeployment("gateway"))).doesNotThrowAnyException();
    }

    @Test
    void unknownFieldFails() {
        Map<String, Object> deployment = baseDeployment("gateway");
        container(deployment).put("securityContxt", Map.of("runAsNonRoot", true));

        assertThatThrownBy(() -> KubernetesSchema.validate(deployment)).hasMessageContaining("securityContxt");
    }

    @Test
    void unknownNestedFieldFails() {
        Map<String, Object> deployment = baseDeployment("intake-service");
        Nodes.map(container(deployment), "securityContext").put("readOnlyRootFileSystem", true);

        assertThatThrownBy(() -> KubernetesSchema.validate(deployment))
                .hasMessageContaining("readOnlyRootFileSystem");
    }

    @Test
    void missingRequiredFieldFails() {
        Map<String, Object> deployment = baseDeployment("gateway");
        container(deployment).remove("name");

        assertThatThrownBy(() -> KubernetesSchema.validate(deployment)).hasMessageContaining("name");
    }

    @Test
    void wrongTypeFails() {
        Map<String, Object> deployment = baseDeployment("gateway");
        Nodes.map(deployment, "spec", "template", "spec").put("terminationGracePeriodSeconds", "thirty");

        assertThatThrownBy(() -> KubernetesSchema.validate(deployment)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void kindWithoutSchemaFails() {
        Map<String, Object> object = Map.of("apiVersion", "v1", "kind", "Pod", "metadata", Map.of("name", "x"));

        assertThatThrownBy(() -> KubernetesSchema.validate(object)).hasMessageContaining("no schema");
    }

    @Test
    void externalSecretWithoutSpecFails() {
        Map<String, Object> object = Map.of("apiVersion", "external-secrets.io/v1", "kind", "ExternalSecret",
                "metadata", Map.of("name", "care-webhook"));

        assertThatThrownBy(() -> KubernetesSchema.validate(object)).hasMessageContaining("spec");
    }

    private static void assertPolicyViolation(String app, Consumer<List<Map<String, Object>>> change,
            String expected) {
        List<Map<String, Object>> objects = Repository.kustomizationObjects(Repository.K8S.resolve("base"));
        Policies.check(objects, Repository.apps(), Policies.Images.UNTAGGED);
        change.accept(objects);

        assertThatThrownBy(() -> Policies.check(objects, Repository.apps(), Policies.Images.UNTAGGED))
                .as(app).isInstanceOf(AssertionError.class).hasMessageContaining(expected);
    }

    private static Map<String, Object> find(List<Map<String, Object>> objects, String kind, String name) {
        return objects.stream().filter(o -> kind.equals(Nodes.kind(o)) && name.equals(Nodes.name(o)))
                .findFirst().orElseThrow();
    }

    @Test
    void policiesCatchAWritableRootFilesystem() {
        assertPolicyViolation("session-service", objects -> Nodes.map(container(
                        find(objects, "Deployment", "session-service")), "securityContext")
                .put("readOnlyRootFilesystem", false), "readOnlyRootFilesystem");
    }

    @Test
    void policiesCatchAMissingDisruptionBudget() {
        assertPolicyViolation("scheduling-service", objects -> objects.remove(
                find(objects, "PodDisruptionBudget", "scheduling-service")), "PodDisruptionBudget scheduling-service");
    }

    @Test
    void policiesCatchAShortGracePeriod() {
        assertPolicyViolation("gateway", objects -> Nodes.map(find(objects, "Deployment", "gateway"),
                "spec", "template", "spec").put("terminationGracePeriodSeconds", 15), "grace period");
    }

    @Test
    void policiesCatchAServiceOpenToEveryPod() {
        assertPolicyViolation("intake-service", objects -> Nodes.map(
                        find(objects, "NetworkPolicy", "services-ingress-from-gateway"), "spec")
                .put("ingress", List.of(Map.of("ports", List.of(Map.of("protocol", "TCP", "port", "http"))))),
                "only from the gateway");
    }

    @Test
    void policiesCatchAWebApplicationOpenToEveryPod() {
        assertPolicyViolation("web", objects -> Nodes.map(find(objects, "NetworkPolicy", "web-ingress-from-gateway"),
                        "spec").put("ingress", List.of(Map.of("ports", List.of(Map.of("protocol", "TCP", "port", 8086))))),
                "only from the gateway");
    }

    @Test
    void policiesCatchAWebApplicationReachingAService() {
        assertPolicyViolation("web", objects -> Nodes.list(find(objects, "NetworkPolicy", "web-egress"), "spec",
                "egress").add(Map.of(
                        "to", List.of(Map.of("podSelector", Map.of("matchLabels",
                                Map.of("app.kubernetes.io/name", "intake-service")))),
                        "ports", List.of(Map.of("protocol", "TCP", "port", 8081)))),
                "in-cluster egress only to the gateway's pods");
    }

    @Test
    void policiesCatchAWebApplicationReachingMongoDb() {
        assertPolicyViolation("web", objects -> Nodes.list(find(objects, "NetworkPolicy", "web-egress"), "spec",
                "egress").add(Map.of("ports", List.of(Map.of("protocol", "TCP", "port", 27017)))),
                "neither Kafka nor MongoDB");
    }

    @Test
    void policiesCatchALiteralSecret() {
        assertPolicyViolation("notification-service", objects -> {
            Map<String, Object> container = container(find(objects, "Deployment", "notification-service"));
            container.put("env", List.of(Map.of("name", "MONGODB_URI", "value", "mongodb://user:pw@db")));
        }, "MONGODB_URI");
    }

    @Test
    void policiesCatchAMissingApplication() {
        assertPolicyViolation("integration-service", objects -> objects.remove(
                find(objects, "Deployment", "integration-service")), "application modules");
    }
}
