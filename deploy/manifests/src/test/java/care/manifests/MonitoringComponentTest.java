package care.manifests;

import static care.manifests.Nodes.kind;
import static care.manifests.Nodes.list;
import static care.manifests.Nodes.map;
import static care.manifests.Nodes.name;
import static care.manifests.Nodes.string;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The monitoring component (deploy/k8s/components/monitoring): a ServiceMonitor on every application's management
 * port, and alerts that name only metrics something really exports, each with a severity, a summary and a runbook
 * anchor that exists in docs/operations.md.
 */
@org.junit.jupiter.api.Tag("integration")
class MonitoringComponentTest {

    static final Path MONITORING = Repository.K8S.resolve("components/monitoring");
    static final Path OPERATIONS = Repository.ROOT.resolve("docs/operations.md");

    /**
     * Metrics that come from a library the applications use rather than from a meter name in our sources, with
     * the text in the main sources (or poms) that proves the library is there and bound.
     */
    private static final Map<String, String> LIBRARY_METRICS = Map.of(
            // resilience4j-micrometer, bound to the gateway's breakers in UpstreamRoutes.
            "resilience4j_circuitbreaker_state", "TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry",
            // Spring Cloud Stream's Kafka binder registers KafkaBinderMetrics whenever Micrometer is present.
            "spring_cloud_stream_binder_kafka_offset", "<artifactId>spring-cloud-stream-binder-kafka</artifactId>");

    /** Metrics of the cluster's kube-state-metrics, which the runbooks assume is installed with Prometheus. */
    private static final Set<String> CLUSTER_METRICS = Set.of("kube_deployment_status_replicas_available",
            "kube_deployment_spec_replicas");

    /** Labels an alert's text may show: where and what failed, never whom it concerns. */
    private static final Set<String> SAFE_LABELS = Set.of("namespace", "application", "topic", "group", "route",
            "kind", "name", "deployment", "channel", "failure");

    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "and", "or", "unless", "bool", "offset", "inf", "nan");

    private static List<Map<String, Object>> objects() {
        return Repository.kustomizationObjects(MONITORING);
    }

    private static List<Map<String, Object>> rules() {
        return objects().stream().filter(o -> "PrometheusRule".equals(kind(o)))
                .flatMap(rule -> list(rule, "spec", "groups").stream())
                .flatMap(group -> list(group, "rules").stream())
                .map(MonitoringComponentTest::asMap).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object node) {
        return (Map<String, Object>) node;
    }

    @Test
    void isAComponentOfServiceMonitorsAndOnePrometheusRule() {
        Map<String, Object> kustomization = Repository.yamlDocuments(MONITORING.resolve("kustomization.yaml"))
                .getFirst();
        assertThat(string(kustomization, "apiVersion")).isEqualTo("kustomize.config.k8s.io/v1alpha1");
        assertThat(kind(kustomization)).isEqualTo("Component");

        assertThat(objects()).isNotEmpty().allSatisfy(object -> {
            assertThat(string(object, "apiVersion")).as(KubernetesSchema.describe(object))
                    .isEqualTo("monitoring.coreos.com/v1");
            assertThat(kind(object)).isIn("ServiceMonitor", "PrometheusRule");
            assertThat(name(object)).as(KubernetesSchema.describe(object)).isNotBlank();
            assertThat(string(object, "metadata", "namespace")).as("the overlay sets the namespace").isNull();
            assertThat(map(object, "metadata", "labels")).containsEntry("app.kubernetes.io/part-of", "care-pathway");
            assertThat(map(object, "spec")).isNotEmpty();
        });
        assertThat(objects().stream().filter(o -> "PrometheusRule".equals(kind(o)))).hasSize(1);
    }

    @Test
    void everyApplicationHasAServiceMonitorOnItsManagementPort() {
        Map<String, Map<String, Object>> services = Repository.kustomizationObjects(Repository.K8S.resolve("base"))
                .stream().filter(o -> "Service".equals(kind(o)))
                .collect(Collectors.toMap(Nodes::name, o -> o));
        Map<String, Map<String, Object>> monitors = objects().stream().filter(o -> "ServiceMonitor".equals(kind(o)))
                .collect(Collectors.toMap(Nodes::name, o -> o));

        assertThat(monitors.keySet()).containsExactlyInAnyOrderElementsOf(Repository.apps().keySet());
        for (Repository.App app : Repository.apps().values()) {
            Map<String, Object> monitor = monitors.get(app.name());
            Map<String, Object> service = services.get(app.name());
            Map<String, Object> selector = map(monitor, "spec", "selector", "matchLabels");
            assertThat(selector).as(app.name()).isNotEmpty();
            assertThat(map(service, "metadata", "labels")).as("the Service %s matches its monitor", app.name())
                    .containsAllEntriesOf(selector.entrySet().stream()
                            .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue())));
            assertThat(list(monitor, "spec", "endpoints")).as(app.name()).singleElement().satisfies(endpoint -> {
                assertThat(string(endpoint, "port")).isEqualTo("management");
                assertThat(string(endpoint, "path")).isEqualTo("/actuator/prometheus");
            });
            assertThat(list(service, "spec", "ports")).as(app.name())
                    .anySatisfy(port -> {
                        assertThat(string(port, "name")).isEqualTo("management");
                        assertThat(string(port, "port")).isEqualTo(String.valueOf(app.managementPort()));
                    });
        }
    }

    @Test
    void everyAlertHasASeveritySummaryAndARunbookInTheOperatorsGuide() {
        Set<String> anchors = anchors(Repository.read(OPERATIONS));

        assertThat(rules()).hasSizeGreaterThanOrEqualTo(6).allSatisfy(rule -> {
            String alert = string(rule, "alert");
            assertThat(alert).as("every rule is an alert").matches("Care[A-Za-z]+");
            assertThat(string(rule, "expr")).as(alert).isNotBlank();
            assertThat(string(rule, "labels", "severity")).as(alert).isIn("critical", "warning");
            String summary = string(rule, "annotations", "summary");
            assertThat(summary).as(alert).isNotBlank();
            assertThat(templateLabels(summary + " " + string(rule, "annotations", "description"))).as(alert)
                    .isSubsetOf(SAFE_LABELS);
            String runbook = string(rule, "annotations", "runbook_url");
            assertThat(runbook).as(alert).contains("docs/operations.md#");
            String anchor = runbook.substring(runbook.indexOf('#') + 1);
            assertThat(anchor).as(alert).isEqualTo(alert.toLowerCase());
            assertThat(anchors).as("headings of docs/operations.md").contains(anchor);
        });
        assertThat(rules().stream().map(r -> string(r, "alert"))).doesNotHaveDuplicates();
    }

    @Test
    void theAlertsCoverWhatMatters() {
        Map<String, String> expressions = rules().stream()
                .collect(Collectors.toMap(r -> string(r, "alert"), r -> string(r, "expr")));
        Map<String, String> severities = rules().stream()
                .collect(Collectors.toMap(r -> string(r, "alert"), r -> string(r, "labels", "severity")));

        assertThat(expressions.values()).anySatisfy(e -> assertThat(e).contains("care_notification_alerts_undelivered"))
                .anySatisfy(e -> assertThat(e).contains("spring_cloud_stream_binder_kafka_offset"))
                .anySatisfy(e -> assertThat(e).contains("care_events_dead_lettered_total"))
                .anySatisfy(e -> assertThat(e).contains("care_outbox_oldest_age_seconds"))
                .anySatisfy(e -> assertThat(e).contains("resilience4j_circuitbreaker_state"))
                .anySatisfy(e -> assertThat(e).contains("kube_deployment_status_replicas_available"));
        assertThat(severities).containsEntry("CareClinicalAlertUndelivered", "critical");
        assertThat(rules()).filteredOn(r -> "CareClinicalAlertUndelivered".equals(string(r, "alert"))).singleElement()
                .satisfies(r -> assertThat(durationSeconds(string(r, "for"))).as("pages at once")
                        .isLessThanOrEqualTo(300));
    }

    @Test
    void everyMetricInAnAlertIsOneTheApplicationsOrTheClusterExport() {
        String sources = mainSources();
        Set<String> metrics = new TreeSet<>();
        rules().forEach(rule -> metrics.addAll(metricNames(string(rule, "expr"))));

        assertThat(metrics).isNotEmpty();
        assertThat(metrics).allSatisfy(metric -> assertThat(exported(metric, sources))
                .as("%s: no meter of that name in the main sources (converted: %s) nor a known library metric",
                        metric, micrometerNames(metric)).isTrue());
    }

    @Test
    void aMetricNobodyRegistersIsCaught() {
        String sources = mainSources();

        assertThat(metricNames("sum by (namespace, topic) (increase(care_events_dead_lettered_total[15m])) > 0"))
                .containsExactly("care_events_dead_lettered_total");
        assertThat(metricNames("max by (namespace) (care_outbox_lag_seconds{application=~\"intake.*\"}) > 120"
                + " and on (namespace) kafka_consumer_fetch_manager_records_lag_max > 0"))
                .containsExactly("care_outbox_lag_seconds", "kafka_consumer_fetch_manager_records_lag_max");
        assertThat(exported("care_outbox_lag_seconds", sources)).isFalse();
        assertThat(templateLabels("{{ $labels.patient_id }} on {{ $labels.topic }}"))
                .containsExactly("patient_id", "topic");
        assertThat(SAFE_LABELS).contains("topic").doesNotContain("patient_id");
        assertThat(exported("care_events_dead_lettered_total", sources)).isTrue();
        assertThat(exported("care_outbox_oldest_age_seconds", sources)).isTrue();
        assertThat(exported("kafka_consumer_fetch_manager_records_lag_max", sources))
                .as("the binder's consumers are not instrumented with Kafka client metrics").isFalse();
    }

    /** The labels a Prometheus template shows ({{ $labels.x }}). */
    static Set<String> templateLabels(String template) {
        Set<String> labels = new TreeSet<>();
        Matcher matcher = Pattern.compile("\\$labels\\.([A-Za-z_][A-Za-z0-9_]*)").matcher(template);
        while (matcher.find()) {
            labels.add(matcher.group(1));
        }
        return labels;
    }

    /** The metric names of a PromQL expression: identifiers that are not functions, keywords or label names. */
    static Set<String> metricNames(String expression) {
        String text = expression.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\b(\\s*\\()?").matcher(text);
        while (matcher.find()) {
            String word = matcher.group(1);
            boolean function = matcher.group(2) != null;
            boolean number = matcher.start() > 0 && Character.isDigit(text.charAt(matcher.start() - 1));
            if (!function && !number && !PROMQL_WORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }

    /** Micrometer names a Prometheus name may come from: dots for underscores, without _total or a unit. */
    static Set<String> micrometerNames(String metric) {
        Set<String> names = new LinkedHashSet<>();
        String base = metric;
        names.add(base.replace('_', '.'));
        for (String suffix : List.of("_total", "_seconds", "_bytes")) {
            if (base.endsWith(suffix)) {
                names.add(base.substring(0, base.length() - suffix.length()).replace('_', '.'));
            }
        }
        return names;
    }

    static boolean exported(String metric, String sources) {
        if (CLUSTER_METRICS.contains(metric)) {
            return true;
        }
        if (LIBRARY_METRICS.containsKey(metric)) {
            return sources.contains(LIBRARY_METRICS.get(metric));
        }
        return micrometerNames(metric).stream().anyMatch(name -> sources.contains("\"" + name + "\""));
    }

    /** Every module's pom and main Java sources, as one text. */
    static String mainSources() {
        try (Stream<Path> poms = Files.walk(Repository.ROOT, 3)) {
            List<Path> modules = poms.filter(p -> p.getFileName().toString().equals("pom.xml"))
                    .filter(p -> !p.toString().contains("/target/")).map(Path::getParent).toList();
            StringBuilder text = new StringBuilder();
            for (Path module : modules) {
                text.append(Repository.read(module.resolve("pom.xml"))).append('\n');
                Path java = module.resolve("src/main/java");
                if (Files.isDirectory(java)) {
                    try (Stream<Path> files = Files.walk(java)) {
                        files.filter(p -> p.toString().endsWith(".java"))
                                .forEach(p -> text.append(Repository.read(p)).append('\n'));
                    }
                }
            }
            return text.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GitHub's anchors for the headings of a Markdown text. */
    static Set<String> anchors(String markdown) {
        return markdown.lines().filter(line -> line.matches("#{1,6} .*"))
                .map(line -> line.replaceFirst("#{1,6} ", "").trim().toLowerCase()
                        .replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'))
                .collect(Collectors.toSet());
    }

    private static long durationSeconds(String duration) {
        if (duration == null) {
            return 0;
        }
        long amount = Long.parseLong(duration.replaceAll("[a-z]+$", ""));
        return switch (duration.replaceAll("^[0-9]+", "")) {
            case "s" -> amount;
            case "m" -> amount * 60;
            case "h" -> amount * 3600;
            default -> throw new IllegalArgumentException(duration);
        };
    }
}
