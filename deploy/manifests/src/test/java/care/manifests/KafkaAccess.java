package care.manifests;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Kafka topics and the access each service needs, computed from the repository rather than listed here:
 * <ul>
 * <li>topics and their properties from event-contracts ({@code Topics.java}: owner, compacted, restricted) and its
 * AsyncAPI document ({@code cleanup.policy} of each channel);</li>
 * <li>what a service reads: the functions of its {@code spring.cloud.function.definition}, each bound as
 * {@code <function>-in-0} to the destination of its {@code application.yml} or of the kit's
 * {@code care-defaults.properties}, in the group {@code spring.cloud.stream.default.group} (the application name);
 * </li>
 * <li>its dead-letter topics: {@code <destination>.<group>.dlq} per binding (care.kit.inbox.DeadLetters), written on
 * failure and read back by the kit's DeadLetterAdmin, which lists and reads them without a consumer group;</li>
 * <li>what a service writes: the topic of every event the outbox relay publishes for it. The relay sends each event
 * to its type's topic (EventType in event-contracts), so the topics are those of the event classes that the
 * service's main code, or the kit's (AccessRecorded, for every service), instantiates with {@code new}. This scan is
 * cross-checked against the owners that {@code Topics.java} declares.</li>
 * </ul>
 * Only modules that depend on service-kit talk to Kafka.
 */
final class KafkaAccess {

    static final Path CONTRACTS = Repository.ROOT.resolve("event-contracts/src/main/java/care/contracts");
    static final Path KIT = Repository.ROOT.resolve("service-kit");
    static final String EVERY_SERVICE = "every service";
    static final String DLQ_SUFFIX = ".dlq";

    /** A topic as event-contracts describes it. */
    record Topic(String name, String owner, boolean compacted, boolean restricted) {

        boolean hasSingleOwner() {
            return !owner.equals(EVERY_SERVICE);
        }
    }

    /** A consumer binding of a service: function, destination and group. */
    record Binding(String app, String function, String destination, String group) {

        String deadLetterTopic() {
            return destination + "." + group + DLQ_SUFFIX;
        }
    }

    /** An event type of the catalog: record class, the service part of its CloudEvents type, its topic. */
    record EventType(String recordClass, String service, String topic) {
    }

    /** Source trees are scanned once per test run. */
    private static final Map<Path, String> SOURCES = new ConcurrentHashMap<>();
    private static final Map<String, List<EventType>> PUBLISHED = new ConcurrentHashMap<>();

    private KafkaAccess() {
    }

    /** The constants of Topics.java: constant name to topic name. */
    static Map<String, String> topicConstants() {
        Map<String, String> constants = new LinkedHashMap<>();
        Matcher m = Pattern.compile("public static final String (\\w+) = \"([^\"]+)\";")
                .matcher(Repository.read(CONTRACTS.resolve("Topics.java")));
        while (m.find()) {
            constants.put(m.group(1), m.group(2));
        }
        return constants;
    }

    /** Every v1 topic of {@code Topics.all()}, by name. */
    static Map<String, Topic> topics() {
        Map<String, String> constants = topicConstants();
        Map<String, Topic> topics = new LinkedHashMap<>();
        Matcher m = Pattern.compile("new Topic\\((\\w+),\\s*(\"[^\"]+\"|EVERY_SERVICE),\\s*\\w+,\\s*(true|false),"
                + "\\s*(true|false),").matcher(Repository.read(CONTRACTS.resolve("Topics.java")));
        while (m.find()) {
            String name = constants.get(m.group(1));
            String owner = m.group(2).equals("EVERY_SERVICE") ? constants.get("EVERY_SERVICE")
                    : m.group(2).replace("\"", "");
            topics.put(name, new Topic(name, owner, Boolean.parseBoolean(m.group(3)),
                    Boolean.parseBoolean(m.group(4))));
        }
        if (topics.isEmpty() || !constants.get("EVERY_SERVICE").equals(EVERY_SERVICE)) {
            throw new IllegalStateException("cannot read Topics.all() from Topics.java");
        }
        return topics;
    }

    /** The catalog of EventType.java. */
    static List<EventType> eventTypes() {
        Map<String, String> constants = topicConstants();
        List<EventType> types = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\s+[A-Z_]+\\((\\w+)\\.class,\\s*\"(\\w+)\",\\s*Topics\\.(\\w+)\\)")
                .matcher(Repository.read(CONTRACTS.resolve("EventType.java")));
        while (m.find()) {
            types.add(new EventType(m.group(1), m.group(2), constants.get(m.group(3))));
        }
        if (types.isEmpty()) {
            throw new IllegalStateException("cannot read the catalog from EventType.java");
        }
        return types;
    }

    /** The {@code cleanup.policy} of each channel of the AsyncAPI document, by topic. */
    static Map<String, String> asyncApiCleanupPolicies() {
        Map<String, Object> document = Repository.yamlDocuments(Repository.ROOT
                .resolve("event-contracts/src/main/resources/care/contracts/asyncapi.yaml")).getFirst();
        Map<String, String> policies = new TreeMap<>();
        Nodes.map(document, "channels").values().forEach(channel -> policies.put(Nodes.string(channel, "address"),
                String.join(",", Nodes.list(channel, "bindings", "kafka", "topicConfiguration", "cleanup.policy")
                        .stream().map(Object::toString).toList())));
        return policies;
    }

    /** The applications that talk to Kafka: those whose module depends on service-kit. */
    static List<Repository.App> kafkaApps() {
        return Repository.apps().values().stream()
                .filter(app -> Repository.read(Repository.ROOT.resolve(app.module()).resolve("pom.xml"))
                        .contains("<artifactId>service-kit</artifactId>"))
                .toList();
    }

    /** The kit's defaults, with a service's application.yml over them (flattened to dotted keys). */
    static Map<String, String> configuration(Repository.App app) {
        Map<String, String> config = new TreeMap<>();
        Properties defaults = new Properties();
        try {
            defaults.load(new StringReader(Repository.read(KIT.resolve(
                    "src/main/resources/care-defaults.properties"))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        defaults.stringPropertyNames().forEach(key -> config.put(key, defaults.getProperty(key)));
        flatten("", Repository.yamlDocuments(Repository.ROOT.resolve(app.module())
                .resolve("src/main/resources/application.yml")).getFirst(), config);
        return config;
    }

    private static void flatten(String prefix, Object node, Map<String, String> into) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> flatten(prefix.isEmpty() ? key.toString() : prefix + "." + key, value, into));
        } else if (node != null) {
            into.put(prefix, node.toString());
        }
    }

    /** Resolves {@code ${key}} and {@code ${key:default}} against the configuration. */
    private static String resolve(String value, Map<String, String> config) {
        Matcher m = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}").matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (m.find()) {
            String replacement = config.getOrDefault(m.group(1), m.group(2));
            if (replacement == null) {
                throw new IllegalStateException("unresolved " + m.group());
            }
            m.appendReplacement(resolved, Matcher.quoteReplacement(resolve(replacement, config)));
        }
        return m.appendTail(resolved).toString();
    }

    /** The application name: the consumer group and the Kafka user of a service. */
    static String applicationName(Repository.App app) {
        return configuration(app).get("spring.application.name");
    }

    /** The consumer bindings of a service, one per function of its definition. */
    static List<Binding> bindings(Repository.App app) {
        Map<String, String> config = configuration(app);
        String definition = config.getOrDefault("spring.cloud.function.definition", "");
        List<Binding> bindings = new ArrayList<>();
        for (String function : definition.split("[;|]")) {
            if (function.isBlank()) {
                continue;
            }
            String binding = "spring.cloud.stream.bindings." + function.trim() + "-in-0.";
            String destination = config.get(binding + "destination");
            if (destination == null) {
                throw new IllegalStateException(app.name() + ": function " + function + " has no destination");
            }
            String group = config.getOrDefault(binding + "group", config.get("spring.cloud.stream.default.group"));
            if (group == null || group.isBlank()) {
                throw new IllegalStateException(app.name() + ": binding " + function + " has no group");
            }
            bindings.add(new Binding(app.name(), function.trim(), resolve(destination, config),
                    resolve(group, config)));
        }
        return bindings;
    }

    /** The record classes instantiated ({@code new X(}) in a source tree's .java files. */
    static Set<String> instantiated(Path sources, Set<String> candidates) {
        String code = SOURCES.computeIfAbsent(sources, dir -> {
            try (Stream<Path> files = Files.walk(dir)) {
                return files.filter(f -> f.toString().endsWith(".java")).map(Repository::read)
                        .collect(Collectors.joining("\n"));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + dir, e);
            }
        });
        return candidates.stream().filter(c -> Pattern.compile("\\bnew\\s+" + c + "\\s*\\(").matcher(code).find())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The event types a service publishes: those its own main code or the kit's instantiates. */
    static List<EventType> published(Repository.App app) {
        return PUBLISHED.computeIfAbsent(app.module(), module -> {
            List<EventType> catalog = eventTypes();
            Set<String> classes = catalog.stream().map(EventType::recordClass).collect(Collectors.toSet());
            Set<String> created = new TreeSet<>(instantiated(Repository.ROOT.resolve(module)
                    .resolve("src/main/java"), classes));
            created.addAll(instantiated(KIT.resolve("src/main/java"), classes));
            return catalog.stream().filter(type -> created.contains(type.recordClass())).toList();
        });
    }

    /** The topics a service writes through its outbox relay. */
    static Set<String> produced(Repository.App app) {
        return published(app).stream().map(EventType::topic).collect(Collectors.toCollection(TreeSet::new));
    }

    /** A resource of an ACL as the tests compare them: {@code topic:name}, {@code group:name}, prefix with '*'. */
    static String resource(String type, String name, boolean prefix) {
        return type + ":" + name + (prefix ? "*" : "");
    }

    /** The group prefix of the analytics user. */
    static final String ANALYTICS_GROUP_PREFIX = "analytics-";

    /**
     * The topics analytics may read: the event topics, i.e. each topic with a single owning service that is neither
     * restricted (the contacts) nor compacted (care teams and staff directory: access-control state, not activity).
     * Not the audit topic (who looked at which patient) and not the dead letters.
     */
    static Set<String> analyticsTopics() {
        return topics().values().stream().filter(t -> t.hasSingleOwner() && !t.restricted() && !t.compacted())
                .map(Topic::name).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * The ACLs each Kafka user needs, user → resource → operations: for a service, Describe and Write on the topics
     * it produces, Describe and Read on those it binds, Describe, Read and Write on its dead-letter topics, Read on its
     * consumer group(s); for analytics, Describe and Read on {@link #analyticsTopics()} and Read on its group prefix.
     */
    static Map<String, Map<String, Set<String>>> expectedAcls() {
        Map<String, Map<String, Set<String>>> acls = new TreeMap<>();
        for (Repository.App app : kafkaApps()) {
            Map<String, Set<String>> user = acls.computeIfAbsent(applicationName(app), k -> new TreeMap<>());
            for (String topic : produced(app)) {
                add(user, resource("topic", topic, false), "Describe", "Write");
            }
            for (Binding binding : bindings(app)) {
                add(user, resource("topic", binding.destination(), false), "Describe", "Read");
                add(user, resource("topic", binding.deadLetterTopic(), false), "Describe", "Read", "Write");
                add(user, resource("group", binding.group(), false), "Read");
            }
        }
        Map<String, Set<String>> analytics = acls.computeIfAbsent("analytics", k -> new TreeMap<>());
        analyticsTopics().forEach(topic -> add(analytics, resource("topic", topic, false), "Describe", "Read"));
        add(analytics, resource("group", ANALYTICS_GROUP_PREFIX, true), "Read");
        return acls;
    }

    private static void add(Map<String, Set<String>> user, String resource, String... operations) {
        user.computeIfAbsent(resource, k -> new TreeSet<>()).addAll(List.of(operations));
    }

    /** Every binding of every Kafka application. */
    static List<Binding> allBindings() {
        return kafkaApps().stream().flatMap(app -> bindings(app).stream()).toList();
    }

    /** The source topic of each dead-letter topic. */
    static Map<String, String> deadLetterSources() {
        return allBindings().stream().collect(Collectors.toMap(Binding::deadLetterTopic, Binding::destination,
                (a, b) -> a, TreeMap::new));
    }
}
