package care.manifests;

import static care.manifests.Nodes.kind;
import static care.manifests.Nodes.list;
import static care.manifests.Nodes.map;
import static care.manifests.Nodes.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

/**
 * The custom resources against their CRDs' schemas: the ExternalSecrets of the production overlay (component
 * external-secrets) and the ServiceMonitors and PrometheusRule of the monitoring component, as rendered, through the
 * validators compiled from the External Secrets and Prometheus Operator CRDs (CrdModels; skipped, never failed,
 * without node or deploy/manifests/install-crd-models.sh). Those validators let unknown fields through, as the CRD
 * schemas do, so a misspelt optional field is caught here by a closed list of the fields the manifests use
 * instead; KubernetesSchema keeps checking these kinds' shape where node is missing.
 */
@org.junit.jupiter.api.Tag("integration")
class CustomResourceSchemaTest {

    private static final Set<String> CUSTOM_KINDS = Set.of("ExternalSecret", "ServiceMonitor", "PrometheusRule");

    /** Maps whose keys are free (labels, annotations): any key below them is allowed. */
    private static final Set<String> FREE_FORM = Set.of("metadata.labels", "metadata.annotations",
            "spec.selector.matchLabels", "spec.groups[].rules[].labels", "spec.groups[].rules[].annotations");

    private static final Set<String> METADATA = Set.of("apiVersion", "kind", "metadata.name", "metadata.namespace",
            "metadata.labels.*", "metadata.annotations.*");

    /**
     * The fields the manifests use, per kind (all in the CRDs). A field of the CRD not listed yet fails
     * {@link #everyCustomResourceUsesOnlyFieldsOfItsCrd}: check its spelling against the CRD, then add it here.
     */
    private static final Map<String, Set<String>> KNOWN_FIELDS = Map.of(
            "ExternalSecret", Set.of("spec.refreshInterval", "spec.secretStoreRef.kind", "spec.secretStoreRef.name",
                    "spec.target.name", "spec.target.creationPolicy", "spec.target.deletionPolicy",
                    "spec.data[].secretKey", "spec.data[].remoteRef.key", "spec.data[].remoteRef.property",
                    "spec.data[].remoteRef.decodingStrategy"),
            "ServiceMonitor", Set.of("spec.selector.matchLabels.*", "spec.endpoints[].port", "spec.endpoints[].path",
                    "spec.endpoints[].scheme", "spec.endpoints[].interval", "spec.endpoints[].scrapeTimeout"),
            "PrometheusRule", Set.of("spec.groups[].name", "spec.groups[].rules[].alert",
                    "spec.groups[].rules[].expr", "spec.groups[].rules[].for", "spec.groups[].rules[].labels.*",
                    "spec.groups[].rules[].annotations.*"));

    private static void assumeValidators() {
        assumeTrue(CrdModels.unavailable().isEmpty(), () -> CrdModels.unavailable().orElseThrow());
    }

    private static List<Map<String, Object>> custom(List<Map<String, Object>> objects) {
        return objects.stream().filter(o -> CUSTOM_KINDS.contains(kind(o))).toList();
    }

    /** The custom resources as written in the two components (no kubectl needed). */
    private static List<Map<String, Object>> written() {
        List<Map<String, Object>> objects = new ArrayList<>(
                Repository.kustomizationObjects(Repository.K8S.resolve("components/external-secrets")));
        objects.addAll(Repository.kustomizationObjects(MonitoringComponentTest.MONITORING));
        return custom(objects);
    }

    @Test
    void everyRenderedCustomResourceIsValidAgainstItsCrd() throws IOException {
        assumeValidators();
        List<Map<String, Object>> production = custom(RenderedManifestsTest.render("overlays/production"));
        List<Map<String, Object>> monitoring = custom(ComponentsRenderedTest.renderBaseWithComponents());

        assertThat(production).isNotEmpty().allSatisfy(o -> assertThat(kind(o)).isEqualTo("ExternalSecret"));
        assertThat(production).hasSize((int) written().stream().filter(o -> "ExternalSecret".equals(kind(o))).count());
        assertThat(monitoring.stream().filter(o -> "ServiceMonitor".equals(kind(o))))
                .hasSize(Repository.apps().size());
        assertThat(monitoring.stream().filter(o -> "PrometheusRule".equals(kind(o)))).hasSize(1);
        List<Map<String, Object>> objects = new ArrayList<>(production);
        objects.addAll(monitoring);
        assertThat(CrdModels.validate(objects)).isEmpty();
        assertThat(objects).allSatisfy(o -> assertThat(unknownFields(o)).as(KubernetesSchema.describe(o)).isEmpty());
    }

    @Test
    void everyCustomResourceUsesOnlyFieldsOfItsCrd() {
        List<Map<String, Object>> objects = written();

        assertThat(objects).extracting(Nodes::kind).containsAll(CUSTOM_KINDS);
        assertThat(objects).allSatisfy(o -> assertThat(unknownFields(o)).as(KubernetesSchema.describe(o)).isEmpty());
    }

    @Test
    void aMisspeltOptionalFieldIsCaughtByTheFieldList() {
        Map<String, Object> externalSecret = first("ExternalSecret");
        Map<String, Object> spec = map(externalSecret, "spec");
        spec.put("refreshIntervall", spec.remove("refreshInterval"));
        Map<String, Object> monitor = first("ServiceMonitor");
        asMap(list(monitor, "spec", "endpoints").getFirst()).put("scrapeTimout", "10s");

        assertThat(unknownFields(externalSecret)).containsExactly("spec.refreshIntervall");
        assertThat(unknownFields(monitor)).containsExactly("spec.endpoints[].scrapeTimout");
    }

    @Test
    void anExternalSecretWithoutSecretKeyFails() {
        assertRefused("ExternalSecret", o -> asMap(list(o, "spec", "data").getFirst()).remove("secretKey"),
                "required property secretKey");
    }

    @Test
    void anExternalSecretWithAnUnknownCreationPolicyFails() {
        assertRefused("ExternalSecret", o -> map(o, "spec", "target").put("creationPolicy", "Always"),
                "creationPolicy must be equal to one of the allowed values");
    }

    @Test
    void aServiceMonitorWithANumericPortFails() {
        assertRefused("ServiceMonitor", o -> asMap(list(o, "spec", "endpoints").getFirst()).put("port", 9080),
                "port must be string");
    }

    @Test
    void aServiceMonitorWithoutSelectorFails() {
        assertRefused("ServiceMonitor", o -> map(o, "spec").remove("selector"), "required property selector");
    }

    @Test
    void aPrometheusRuleWithoutExprFails() {
        assertRefused("PrometheusRule", o -> firstRule(o).remove("expr"), "required property expr");
    }

    @Test
    void aPrometheusRuleWithAMalformedDurationFails() {
        assertRefused("PrometheusRule", o -> firstRule(o).put("for", "2 minutes"), "for must match pattern");
    }

    @Test
    void aKindWithoutValidatorIsReportedNotPassed() {
        assumeValidators();
        Map<String, Object> secret = Map.of("apiVersion", "external-secrets.io/v1beta1", "kind", "ExternalSecret",
                "metadata", Map.of("name", "care-webhook"), "spec", Map.of());

        assertThat(CrdModels.validate(List.of(secret))).singleElement().satisfies(failure -> {
            assertThat(failure.name()).isEqualTo("care-webhook");
            assertThat(failure.error()).contains("no validator for external-secrets.io/v1beta1/ExternalSecret");
        });
    }

    /**
     * Changes the first object of the kind among all the components' custom resources: the validators refuse that
     * one, with the expected reason, and pass all the others.
     */
    private static void assertRefused(String kind, Consumer<Map<String, Object>> change, String expected) {
        assumeValidators();
        List<Map<String, Object>> objects = written();
        Map<String, Object> changed = objects.stream().filter(o -> kind.equals(kind(o))).findFirst().orElseThrow();
        change.accept(changed);

        assertThat(CrdModels.validate(objects)).singleElement().satisfies(failure -> {
            assertThat(failure.kind()).isEqualTo(kind);
            assertThat(failure.name()).isEqualTo(name(changed));
            assertThat(failure.error()).contains(expected);
        });
    }

    private static Map<String, Object> first(String kind) {
        return written().stream().filter(o -> kind.equals(kind(o))).findFirst().orElseThrow();
    }

    private static Map<String, Object> firstRule(Map<String, Object> prometheusRule) {
        return asMap(list(asMap(list(prometheusRule, "spec", "groups").getFirst()), "rules").getFirst());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object node) {
        return (Map<String, Object>) node;
    }

    /** The fields of a custom resource (paths, list items as []) that are not in {@link #KNOWN_FIELDS}. */
    static Set<String> unknownFields(Map<String, Object> object) {
        Set<String> fields = new TreeSet<>();
        collectFields(object, "", fields);
        Set<String> known = KNOWN_FIELDS.getOrDefault(kind(object), Set.of());
        fields.removeIf(field -> METADATA.contains(field) || known.contains(field));
        return fields;
    }

    private static void collectFields(Object node, String path, Set<String> fields) {
        if (FREE_FORM.contains(path)) {
            fields.add(path + ".*");
        } else if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> collectFields(value, path.isEmpty() ? key.toString() : path + "." + key,
                    fields));
        } else if (node instanceof List<?> items) {
            items.forEach(item -> collectFields(item, path + "[]", fields));
        } else {
            fields.add(path);
        }
    }
}
