package care.manifests;

import static care.manifests.Nodes.kind;
import static care.manifests.Nodes.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The optional components (monitoring, mongodb) added to the base by an overlay, as {@code kubectl kustomize}
 * renders it: they build, and every object they add lands in the overlay's namespace. Skipped without kubectl.
 */
@org.junit.jupiter.api.Tag("integration")
class ComponentsRenderedTest {

    private static final List<String> COMPONENTS = List.of("monitoring", "mongodb");

    /**
     * The base with every optional component, in the namespace care-components-test, as {@code kubectl kustomize}
     * renders it (an overlay written to target/components-overlay). Skips the calling test without kubectl.
     */
    static List<Map<String, Object>> renderBaseWithComponents() throws IOException {
        assumeTrue(Kubectl.binary().isPresent(),
                "no kubectl (CARE_KUBECTL, PATH or target/tools/kubectl): run deploy/manifests/install-kubectl.sh");
        Path overlay = Repository.ROOT.resolve("deploy/manifests/target/components-overlay");
        Files.createDirectories(overlay);
        StringBuilder kustomization = new StringBuilder("""
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: care-components-test
                resources:
                  - %s
                components:
                """.formatted(overlay.relativize(Repository.K8S.resolve("base"))));
        for (String component : COMPONENTS) {
            kustomization.append("  - ").append(overlay.relativize(Repository.K8S.resolve("components/" + component)))
                    .append('\n');
        }
        Files.writeString(overlay.resolve("kustomization.yaml"), kustomization);
        return Repository.yamlDocuments(Kubectl.kustomize(overlay));
    }

    @Test
    void anOverlayWithTheComponentsRendersThemInItsNamespace() throws IOException {
        List<Map<String, Object>> rendered = renderBaseWithComponents();

        assertThat(rendered).allSatisfy(object -> assertThat(string(object, "metadata", "namespace"))
                .as(KubernetesSchema.describe(object)).isEqualTo("care-components-test"));
        assertThat(rendered.stream().filter(o -> "ServiceMonitor".equals(kind(o)))).hasSize(Repository.apps().size());
        assertThat(rendered.stream().filter(o -> "PrometheusRule".equals(kind(o)))).hasSize(1);
        assertThat(rendered.stream().filter(o -> "MongoDBCommunity".equals(kind(o)))).hasSize(1);
        assertThat(rendered.stream().filter(o -> "Deployment".equals(kind(o)))).hasSize(Repository.apps().size());
    }
}
