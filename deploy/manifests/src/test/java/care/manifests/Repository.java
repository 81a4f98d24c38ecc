package care.manifests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;

/**
 * The repository as the manifests' tests see it: the applications (read from the Maven modules, not from a list
 * kept here) and the Kubernetes objects of deploy/k8s, read straight from the files Kustomize would read.
 */
final class Repository {

    static final Path ROOT = findRoot();
    static final Path K8S = ROOT.resolve("deploy/k8s");

    /** An application: a module whose pom gives Jib a main class, with its public and management ports. */
    record App(String name, String module, String mainClass, int port, int managementPort) {

        boolean isGateway() {
            return name.equals("gateway");
        }

        /** A service behind the gateway: its module depends on service-kit, hence on Kafka and MongoDB. */
        boolean isService() {
            return read(ROOT.resolve(module).resolve("pom.xml")).contains("<artifactId>service-kit</artifactId>");
        }

        /**
         * The web application behind the gateway (server-rendered pages): neither the gateway nor a service, it
         * calls the gateway's API only and uses neither Kafka nor MongoDB.
         */
        boolean isWeb() {
            return !isGateway() && !isService();
        }
    }

    private Repository() {
    }

    private static Path findRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy/k8s/base/kustomization.yaml"))
                    && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root with deploy/k8s above " + Path.of("").toAbsolutePath());
    }

    /**
     * Every module of the root pom that is a runnable Spring Boot application: its pom configures Jib with a main
     * class (docs/deployment.md "Container images") whose source is annotated {@code @SpringBootApplication}.
     */
    static Map<String, App> apps() {
        Map<String, App> apps = new LinkedHashMap<>();
        Document root = xml(ROOT.resolve("pom.xml"));
        for (String module : texts(root.getDocumentElement(), "module")) {
            Path pom = ROOT.resolve(module).resolve("pom.xml");
            Document document = xml(pom);
            Element jib = jibPlugin(document);
            if (jib == null || texts(jib, "mainClass").isEmpty()) {
                continue;
            }
            String mainClass = texts(jib, "mainClass").getFirst();
            Path source = ROOT.resolve(module).resolve("src/main/java/" + mainClass.replace('.', '/') + ".java");
            if (!read(source).contains("@SpringBootApplication")) {
                throw new IllegalStateException(module + ": " + mainClass + " is not a Spring Boot application");
            }
            List<Integer> ports = texts(jib, "port").stream().map(Integer::valueOf).toList();
            if (ports.size() != 2) {
                throw new IllegalStateException(module + ": expected a public and a management port, got " + ports);
            }
            String artifactId = directChildText(document.getDocumentElement(), "artifactId");
            apps.put(artifactId, new App(artifactId, module, mainClass, ports.get(0), ports.get(1)));
        }
        return apps;
    }

    /** The objects of a kustomization directory as written (no overlay applied), following its resources. */
    static List<Map<String, Object>> kustomizationObjects(Path dir) {
        List<Map<String, Object>> objects = new ArrayList<>();
        Map<String, Object> kustomization = yamlDocuments(dir.resolve("kustomization.yaml")).getFirst();
        @SuppressWarnings("unchecked")
        List<String> resources = (List<String>) kustomization.getOrDefault("resources", List.of());
        for (String resource : resources) {
            Path path = dir.resolve(resource).normalize();
            if (Files.isDirectory(path)) {
                objects.addAll(kustomizationObjects(path));
            } else {
                objects.addAll(yamlDocuments(path));
            }
        }
        return objects;
    }

    /** Every non-empty YAML document of a file (or of kubectl's output) as maps. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> yamlDocuments(String text) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(text)) {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }

    static List<Map<String, Object>> yamlDocuments(Path file) {
        return yamlDocuments(read(file));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    private static Document xml(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(file.toFile());
        } catch (Exception e) {
            throw new IllegalStateException("cannot parse " + file, e);
        }
    }

    private static Element jibPlugin(Document pom) {
        NodeList plugins = pom.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            if ("jib-maven-plugin".equals(directChildText(plugin, "artifactId"))) {
                return plugin;
            }
        }
        return null;
    }

    private static String directChildText(Element parent, String name) {
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element child && child.getTagName().equals(name)) {
                return child.getTextContent().trim();
            }
        }
        return null;
    }

    private static List<String> texts(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return IntStream.range(0, nodes.getLength()).mapToObj(i -> nodes.item(i).getTextContent().trim())
                .collect(Collectors.toList());
    }
}
