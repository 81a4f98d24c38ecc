package care.manifests;

import static care.manifests.Nodes.get;
import static care.manifests.Nodes.kind;
import static care.manifests.Nodes.list;
import static care.manifests.Nodes.map;
import static care.manifests.Nodes.name;
import static care.manifests.Nodes.string;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.assertj.core.api.SoftAssertions;

import io.kubernetes.client.custom.Quantity;

/**
 * The platform's deployment rules, checked on a set of Kubernetes objects (the base as written or an overlay as
 * rendered): every application runs hardened, probed, sized, disruption-budgeted, autoscaled and fenced by
 * network policies, configured from care-config and Secrets by reference only.
 */
final class Policies {

    /** Spring's graceful shutdown phase (spring.lifecycle.timeout-per-shutdown-phase, service-kit). */
    static final int SHUTDOWN_PHASE_SECONDS = 10;
    static final int RUN_AS = 10001;
    static final String CONFIG_MAP = "care-config";
    static final String MONITORING_NAMESPACE = "monitoring";
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(PASSWORD|SECRET|JAAS|TOKEN|_KEY|CREDENTIAL).*|MONGODB_URI");

    /** How images must look: as written in the base (no tag, overlays set it) or rendered (a version tag). */
    enum Images { UNTAGGED, VERSION_TAGGED }

    private final List<Map<String, Object>> objects;
    private final Map<String, Repository.App> apps;
    private final SoftAssertions softly = new SoftAssertions();

    private Policies(List<Map<String, Object>> objects, Map<String, Repository.App> apps) {
        this.objects = objects;
        this.apps = apps;
    }

    static void check(List<Map<String, Object>> objects, Map<String, Repository.App> apps, Images images) {
        Policies policies = new Policies(objects, apps);
        policies.applicationsMatchModules();
        for (Repository.App app : apps.values()) {
            Map<String, Object> deployment = policies.one("Deployment", app.name());
            if (deployment.isEmpty()) {
                continue;
            }
            policies.pod(app, deployment);
            policies.container(app, deployment, images);
            policies.service(app, deployment);
            policies.disruptionBudget(app, deployment);
            policies.autoscaler(app);
            policies.networkPolicies(app, deployment);
        }
        policies.config();
        policies.noSecretValues();
        policies.softly.assertAll();
    }

    private List<Map<String, Object>> all(String kind) {
        return objects.stream().filter(o -> kind.equals(kind(o))).toList();
    }

    private Map<String, Object> one(String kind, String name) {
        List<Map<String, Object>> found = all(kind).stream().filter(o -> name.equals(name(o))).toList();
        softly.assertThat(found).as("%s %s", kind, name).hasSize(1);
        return found.isEmpty() ? Map.of() : found.getFirst();
    }

    private void applicationsMatchModules() {
        Set<String> deployed = all("Deployment").stream().map(Nodes::name).collect(Collectors.toCollection(TreeSet::new));
        softly.assertThat(deployed).as("Deployments = application modules (Spring Boot main class and Jib ports)")
                .containsExactlyInAnyOrderElementsOf(apps.keySet());
    }

    private void pod(Repository.App app, Map<String, Object> deployment) {
        String what = "Deployment " + app.name();
        Map<String, Object> pod = map(deployment, "spec", "template", "spec");
        softly.assertThat(get(deployment, "spec", "replicas")).as("%s: replicas are the HPA's", what).isNull();
        softly.assertThat(map(deployment, "spec", "selector", "matchLabels")).as("%s selector", what)
                .containsEntry("app.kubernetes.io/name", app.name());
        softly.assertThat(string(pod, "serviceAccountName")).as("%s service account", what).isEqualTo(app.name());
        softly.assertThat(get(pod, "automountServiceAccountToken")).as("%s automount", what).isEqualTo(false);
        Map<String, Object> account = one("ServiceAccount", app.name());
        softly.assertThat(get(account, "automountServiceAccountToken")).as("ServiceAccount %s automount", app.name())
                .isEqualTo(false);
        Map<String, Object> security = map(pod, "securityContext");
        softly.assertThat(get(security, "runAsNonRoot")).as("%s pod runAsNonRoot", what).isEqualTo(true);
        softly.assertThat(get(security, "runAsUser")).as("%s pod runAsUser", what).isEqualTo(RUN_AS);
        softly.assertThat(get(security, "runAsGroup")).as("%s pod runAsGroup", what).isEqualTo(RUN_AS);
        softly.assertThat(string(security, "seccompProfile", "type")).as("%s pod seccomp", what)
                .isEqualTo("RuntimeDefault");
        softly.assertThat(get(pod, "hostNetwork")).as("%s hostNetwork", what).isNotEqualTo(true);
    }

    private void container(Repository.App app, Map<String, Object> deployment, Images images) {
        String what = "Deployment " + app.name();
        Map<String, Object> pod = map(deployment, "spec", "template", "spec");
        List<Object> containers = list(pod, "containers");
        softly.assertThat(containers).as("%s containers", what).hasSize(1);
        softly.assertThat(list(pod, "initContainers")).as("%s init containers", what).isEmpty();
        if (containers.isEmpty()) {
            return;
        }
        Object container = containers.getFirst();

        String image = string(container, "image");
        if (images == Images.UNTAGGED) {
            softly.assertThat(image).as("%s image in the base (overlays set the tag)", what)
                    .isEqualTo("care-pathway/" + app.name());
        } else {
            softly.assertThat(image).as("%s image: a version tag, never latest", what)
                    .matches("([a-z0-9.-]+(:[0-9]+)?/)*care-pathway/" + Pattern.quote(app.name())
                            + ":(?!latest$)[0-9][A-Za-z0-9._-]*");
        }

        Map<String, Integer> ports = list(container, "ports").stream()
                .collect(Collectors.toMap(p -> string(p, "name"), p -> (Integer) get(p, "containerPort")));
        softly.assertThat(ports).as("%s container ports", what)
                .isEqualTo(Map.of("http", app.port(), "management", app.managementPort()));

        probe(what, container, "startupProbe", "/actuator/health/liveness");
        probe(what, container, "livenessProbe", "/actuator/health/liveness");
        probe(what, container, "readinessProbe", "/actuator/health/readiness");
        Object startup = get(container, "startupProbe");
        int startupSeconds = number(startup, "periodSeconds", 10) * number(startup, "failureThreshold", 3);
        softly.assertThat(startupSeconds).as("%s startup probe patience (s)", what).isGreaterThanOrEqualTo(120);

        for (String resource : List.of("cpu", "memory")) {
            String request = string(container, "resources", "requests", resource);
            String limit = string(container, "resources", "limits", resource);
            softly.assertThat(request).as("%s %s request", what, resource).isNotBlank();
            softly.assertThat(limit).as("%s %s limit", what, resource).isNotBlank();
            if (request != null && limit != null) {
                BigDecimal requested = new Quantity(request).getNumber();
                softly.assertThat(requested).as("%s %s request <= limit", what, resource)
                        .isLessThanOrEqualTo(new Quantity(limit).getNumber()).isPositive();
            }
        }

        Map<String, Object> security = map(container, "securityContext");
        softly.assertThat(get(security, "runAsNonRoot")).as("%s runAsNonRoot", what).isEqualTo(true);
        softly.assertThat(get(security, "runAsUser")).as("%s runAsUser", what).isEqualTo(RUN_AS);
        softly.assertThat(get(security, "runAsGroup")).as("%s runAsGroup", what).isEqualTo(RUN_AS);
        softly.assertThat(get(security, "readOnlyRootFilesystem")).as("%s readOnlyRootFilesystem", what)
                .isEqualTo(true);
        softly.assertThat(get(security, "allowPrivilegeEscalation")).as("%s allowPrivilegeEscalation", what)
                .isEqualTo(false);
        softly.assertThat(get(security, "privileged")).as("%s privileged", what).isNotEqualTo(true);
        softly.assertThat(list(security, "capabilities", "drop")).as("%s capabilities dropped", what)
                .containsExactly("ALL");
        softly.assertThat(list(security, "capabilities", "add")).as("%s capabilities added", what).isEmpty();
        softly.assertThat(string(security, "seccompProfile", "type")).as("%s seccomp", what)
                .isEqualTo("RuntimeDefault");

        String tmpVolume = list(container, "volumeMounts").stream()
                .filter(m -> "/tmp".equals(string(m, "mountPath"))).map(m -> string(m, "name"))
                .findFirst().orElse(null);
        softly.assertThat(tmpVolume).as("%s mounts /tmp", what).isNotNull();
        softly.assertThat(list(pod, "volumes").stream()
                        .anyMatch(v -> Objects.equals(string(v, "name"), tmpVolume) && get(v, "emptyDir") != null))
                .as("%s /tmp is an emptyDir", what).isTrue();

        Object sleep = get(container, "lifecycle", "preStop", "sleep", "seconds");
        softly.assertThat(sleep).as("%s preStop sleep action (no sleep binary in the image)", what)
                .isInstanceOf(Integer.class);
        softly.assertThat(get(container, "lifecycle", "preStop", "exec")).as("%s preStop exec", what).isNull();
        int preStop = sleep instanceof Integer seconds ? seconds : 0;
        softly.assertThat(preStop).as("%s preStop seconds", what).isPositive();
        softly.assertThat(number(pod, "terminationGracePeriodSeconds", 30))
                .as("%s grace period > preStop + shutdown phase", what)
                .isGreaterThan(preStop + SHUTDOWN_PHASE_SECONDS);

        softly.assertThat(list(container, "envFrom").stream().map(e -> string(e, "configMapRef", "name")).toList())
                .as("%s envFrom", what).containsExactly(CONFIG_MAP);
        softly.assertThat(list(container, "envFrom").stream().filter(e -> get(e, "secretRef") != null).toList())
                .as("%s no whole Secret in the environment", what).isEmpty();
        for (Object variable : list(container, "env")) {
            String name = string(variable, "name");
            if (SECRET_NAME.matcher(name).matches()) {
                softly.assertThat(string(variable, "valueFrom", "secretKeyRef", "name"))
                        .as("%s %s comes from a Secret by reference", what, name).isNotBlank();
                softly.assertThat(get(variable, "value")).as("%s %s has no literal value", what, name).isNull();
            }
        }
    }

    private void probe(String what, Object container, String probe, String path) {
        softly.assertThat(string(container, probe, "httpGet", "path")).as("%s %s path", what, probe)
                .isEqualTo(path);
        softly.assertThat(string(container, probe, "httpGet", "port")).as("%s %s port", what, probe)
                .isEqualTo("management");
    }

    private static int number(Object node, String field, int absent) {
        return get(node, field) instanceof Integer value ? value : absent;
    }

    private Map<String, Object> podLabels(Map<String, Object> deployment) {
        return map(deployment, "spec", "template", "metadata", "labels");
    }

    private static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        if (get(selector, "matchExpressions") != null) {
            throw new IllegalArgumentException("matchExpressions are not supported by these checks: " + selector);
        }
        return labels.entrySet().containsAll(map(selector, "matchLabels").entrySet());
    }

    private void service(Repository.App app, Map<String, Object> deployment) {
        Map<String, Object> service = one("Service", app.name());
        String what = "Service " + app.name();
        softly.assertThat(podLabels(deployment)).as("%s selects the pods", what)
                .containsAllEntriesOf(map(service, "spec", "selector"));
        softly.assertThat(map(service, "spec", "selector")).as("%s selector", what).isNotEmpty();
        Map<String, String> ports = list(service, "spec", "ports").stream().collect(Collectors.toMap(
                p -> string(p, "name"), p -> string(p, "port") + "->" + string(p, "targetPort")));
        softly.assertThat(ports).as("%s ports", what).isEqualTo(Map.of(
                "http", app.port() + "->http", "management", app.managementPort() + "->management"));
        if (app.isWeb()) {
            softly.assertThat(string(service, "spec", "sessionAffinity"))
                    .as("%s: sessions in the pods' memory, each gateway pod stays on one web pod", what)
                    .isEqualTo("ClientIP");
        }
    }

    private void disruptionBudget(Repository.App app, Map<String, Object> deployment) {
        Map<String, Object> budget = one("PodDisruptionBudget", app.name());
        softly.assertThat(get(budget, "spec", "minAvailable")).as("PDB %s minAvailable", app.name()).isEqualTo(1);
        softly.assertThat(selects(map(budget, "spec", "selector"), podLabels(deployment)))
                .as("PDB %s selects the pods", app.name()).isTrue();
        softly.assertThat(map(budget, "spec", "selector", "matchLabels")).as("PDB %s selector", app.name())
                .isNotEmpty();
    }

    private void autoscaler(Repository.App app) {
        Map<String, Object> hpa = one("HorizontalPodAutoscaler", app.name());
        String what = "HPA " + app.name();
        softly.assertThat(string(hpa, "apiVersion")).as("%s apiVersion", what).isEqualTo("autoscaling/v2");
        softly.assertThat(map(hpa, "spec", "scaleTargetRef")).as("%s target", what)
                .containsEntry("kind", "Deployment").containsEntry("name", app.name());
        int min = number(map(hpa, "spec"), "minReplicas", 1);
        softly.assertThat(min).as("%s minReplicas", what).isGreaterThanOrEqualTo(2);
        softly.assertThat(number(map(hpa, "spec"), "maxReplicas", 0)).as("%s maxReplicas", what)
                .isGreaterThanOrEqualTo(min);
        softly.assertThat(list(hpa, "spec", "metrics").stream()
                        .anyMatch(m -> "cpu".equals(string(m, "resource", "name"))
                                && "Utilization".equals(string(m, "resource", "target", "type"))))
                .as("%s CPU utilisation target", what).isTrue();
    }

    /** The rules (ingress or egress) of every NetworkPolicy that selects these pods for that direction. */
    private List<Object> rules(Map<String, Object> labels, String direction) {
        return all("NetworkPolicy").stream()
                .filter(p -> selects(map(p, "spec", "podSelector"), labels))
                .filter(p -> list(p, "spec", "policyTypes").contains(direction))
                .flatMap(p -> list(p, "spec", direction.toLowerCase()).stream())
                .toList();
    }

    /** Whether a rule admits this port (a rule without ports admits every port). */
    private static boolean admits(Object rule, String protocol, Object... port) {
        List<Object> ports = list(rule, "ports");
        return ports.isEmpty() || ports.stream().anyMatch(p ->
                protocol.equals(Objects.requireNonNullElse(string(p, "protocol"), "TCP"))
                        && List.of(port).stream().anyMatch(wanted -> Objects.equals(String.valueOf(wanted),
                        string(p, "port"))));
    }

    private void networkPolicies(Repository.App app, Map<String, Object> deployment) {
        String what = "NetworkPolicy for " + app.name();
        Map<String, Object> labels = podLabels(deployment);
        softly.assertThat(all("NetworkPolicy").stream().anyMatch(p ->
                        map(p, "spec", "podSelector").isEmpty()
                                && list(p, "spec", "policyTypes").containsAll(List.of("Ingress", "Egress"))
                                && get(p, "spec", "ingress") == null && get(p, "spec", "egress") == null))
                .as("a default-deny NetworkPolicy for the namespace").isTrue();

        List<Object> ingress = rules(labels, "Ingress");
        List<Object> publicRules = ingress.stream().filter(r -> admits(r, "TCP", "http", app.port())).toList();
        softly.assertThat(publicRules).as("%s: public port admitted", what).isNotEmpty();
        if (app.isGateway()) {
            softly.assertThat(publicRules.stream().anyMatch(r -> get(r, "from") == null))
                    .as("%s: public port open to any source", what).isTrue();
        } else {
            Map<String, Object> gatewayLabels = podLabels(one("Deployment", "gateway"));
            for (Object rule : publicRules) {
                softly.assertThat(list(rule, "from")).as("%s: public port only from the gateway", what)
                        .isNotEmpty()
                        .allMatch(peer -> map(peer).keySet().equals(Set.of("podSelector"))
                                && selects(map(peer, "podSelector"), gatewayLabels)
                                && map(peer, "podSelector", "matchLabels").containsKey("app.kubernetes.io/name"));
            }
        }
        List<Object> managementRules = ingress.stream()
                .filter(r -> admits(r, "TCP", "management", app.managementPort())).toList();
        softly.assertThat(managementRules).as("%s: management port admitted for Prometheus", what).isNotEmpty();
        for (Object rule : managementRules) {
            softly.assertThat(list(rule, "from")).as("%s: management port only from %s", what, MONITORING_NAMESPACE)
                    .isNotEmpty()
                    .allMatch(peer -> MONITORING_NAMESPACE.equals(
                            string(peer, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name"))
                            && get(peer, "ipBlock") == null);
        }

        List<Object> egress = rules(labels, "Egress");
        Predicate<Object> dnsUdp = r -> admits(r, "UDP", 53);
        Predicate<Object> dnsTcp = r -> admits(r, "TCP", 53);
        softly.assertThat(egress.stream().anyMatch(dnsUdp)).as("%s: DNS over UDP", what).isTrue();
        softly.assertThat(egress.stream().anyMatch(dnsTcp)).as("%s: DNS over TCP", what).isTrue();
        softly.assertThat(egress.stream().anyMatch(r -> admits(r, "TCP", 443))).as("%s: JWK set (443)", what)
                .isTrue();
        if (app.isGateway()) {
            for (Repository.App service : apps.values()) {
                if (service.isGateway()) {
                    continue;
                }
                Map<String, Object> serviceLabels = podLabels(one("Deployment", service.name()));
                softly.assertThat(egress.stream().anyMatch(r -> admits(r, "TCP", service.port())
                                && list(r, "to").stream().anyMatch(
                                peer -> selects(map(peer, "podSelector"), serviceLabels))))
                        .as("%s: egress to %s:%d", what, service.name(), service.port()).isTrue();
            }
        } else if (app.isService()) {
            softly.assertThat(egress.stream().anyMatch(r -> admits(r, "TCP", 9092) || admits(r, "TCP", 9093)))
                    .as("%s: Kafka", what).isTrue();
            softly.assertThat(egress.stream().anyMatch(r -> admits(r, "TCP", 27017))).as("%s: MongoDB", what)
                    .isTrue();
        } else {
            webEgress(what, egress);
        }
        if (!app.isGateway()) {
            for (Object rule : ingress) {
                softly.assertThat(list(rule, "ports")).as("%s: ingress only to the public and management ports", what)
                        .isNotEmpty()
                        .allMatch(p -> List.of("http", String.valueOf(app.port()), "management",
                                String.valueOf(app.managementPort())).contains(string(p, "port")));
            }
        }
    }

    /** The web application reaches the gateway's public port, the identity provider (HTTPS) and DNS, nothing else. */
    private void webEgress(String what, List<Object> egress) {
        Repository.App gateway = apps.get("gateway");
        Map<String, Object> gatewayLabels = podLabels(one("Deployment", gateway.name()));
        softly.assertThat(egress.stream().anyMatch(r -> admits(r, "TCP", gateway.port())
                        && list(r, "to").stream().anyMatch(peer -> selects(map(peer, "podSelector"), gatewayLabels))))
                .as("%s: egress to gateway:%d", what, gateway.port()).isTrue();
        softly.assertThat(egress.stream().noneMatch(r -> admits(r, "TCP", 9092) || admits(r, "TCP", 9093)
                        || admits(r, "TCP", 27017)))
                .as("%s: neither Kafka nor MongoDB", what).isTrue();
        for (Object rule : egress) {
            List<Object> ports = list(rule, "ports");
            softly.assertThat(ports).as("%s: every egress rule names its ports", what).isNotEmpty();
            if (get(rule, "to") != null) {
                softly.assertThat(list(rule, "to")).as("%s: in-cluster egress only to the gateway's pods", what)
                        .isNotEmpty()
                        .allMatch(peer -> map(peer).keySet().equals(Set.of("podSelector"))
                                && selects(map(peer, "podSelector"), gatewayLabels)
                                && map(peer, "podSelector", "matchLabels").containsKey("app.kubernetes.io/name"));
                softly.assertThat(ports).as("%s: only the gateway's public port", what)
                        .allMatch(p -> List.of("http", String.valueOf(gateway.port())).contains(string(p, "port")));
            } else {
                softly.assertThat(ports).as("%s: egress to any address only for HTTPS and DNS", what)
                        .allMatch(p -> Set.of("TCP/443", "UDP/53", "TCP/53").contains(
                                Objects.requireNonNullElse(string(p, "protocol"), "TCP") + "/" + string(p, "port")));
            }
        }
    }

    private void config() {
        Map<String, Object> config = one("ConfigMap", CONFIG_MAP);
        Map<String, Object> data = map(config, "data");
        softly.assertThat(data.keySet().stream().filter(k -> SECRET_NAME.matcher(k).matches()).toList())
                .as("care-config holds no secrets").isEmpty();
        softly.assertThat(string(data, "CARE_JWT_ISSUER")).as("issuer").startsWith("https://");
        softly.assertThat(string(data, "CARE_JWT_JWK_SET_URI")).as("JWK set").startsWith("https://");
        softly.assertThat(string(data, "CARE_JWT_AUDIENCE")).as("audience").isNotBlank();
        softly.assertThat(string(data, "KAFKA_BOOTSTRAP_SERVERS")).as("Kafka").isNotBlank();
        for (Repository.App app : apps.values()) {
            if (!app.isGateway()) {
                // How the gateway finds what it routes to: INTAKE_SERVICE_URL, ..., WEB_URL.
                String variable = app.name().toUpperCase().replace('-', '_') + "_URL";
                softly.assertThat(string(data, variable)).as("care-config %s", variable)
                        .isEqualTo("http://" + app.name() + ":" + app.port());
            }
            if (app.isWeb()) {
                Repository.App gateway = apps.get("gateway");
                softly.assertThat(string(data, "CARE_GATEWAY_URL")).as("care-config CARE_GATEWAY_URL")
                        .isEqualTo("http://" + gateway.name() + ":" + gateway.port());
                softly.assertThat(string(data, "CARE_OIDC_ISSUER_URI"))
                        .as("care-config CARE_OIDC_ISSUER_URI: the issuer whose tokens the gateway accepts")
                        .isEqualTo(string(data, "CARE_JWT_ISSUER"));
                softly.assertThat(string(data, "CARE_OIDC_CLIENT_ID")).as("care-config CARE_OIDC_CLIENT_ID")
                        .isNotBlank();
            }
        }
        softly.assertThat(data.values()).as("care-config values are strings").allMatch(String.class::isInstance);
    }

    private void noSecretValues() {
        softly.assertThat(all("Secret").stream()
                        .filter(s -> !map(s, "data").isEmpty() || !map(s, "stringData").isEmpty())
                        .map(Nodes::name).toList())
                .as("Secrets with values in the manifests").isEmpty();
    }
}
