package care.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The container image as operators get it, checked without a registry or a Docker engine: the gateway's build
 * packs its image (root pom's Jib configuration, on the empty base image) into
 * {@code gateway/target/image-check/jib-image.tar}, an OCI image layout, and this test reads the configuration
 * and every layer. Kubernetes runs the image as a non-root user on a read-only root filesystem with an
 * emptyDir on {@code /tmp}; the checks below are what that needs. The other applications' images share the
 * configuration; their own part (main class, ports) is checked against their poms. Every image also carries the
 * container health check (deploy/healthcheck) in {@code /opt/care/healthcheck}, off the application's class path.
 */
@org.junit.jupiter.api.Tag("integration")
class ImageTarballTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = LocalPlatform.ROOT;
    private static final ServiceApp GATEWAY = DevStack.APPS.stream()
            .filter(app -> app.module().equals("gateway")).findFirst().orElseThrow();
    private static final String EPOCH = "1970-01-01T00:00:00Z";

    private static Map<String, byte[]> blobs;
    private static JsonNode index;
    private static JsonNode manifest;
    private static JsonNode config;
    private static List<TarEntry> files;

    @BeforeAll
    static void readTarball() throws IOException {
        assumeTrue(Files.isRegularFile(GATEWAY.jar(ROOT)), "the gateway is not packaged yet");
        assumeFalse(Boolean.getBoolean("care.image.tarball.skip"), "the image tarball was left out");
        Path tarball = ROOT.resolve("gateway/target/image-check/jib-image.tar");
        assertThat(tarball).as("the gateway's package phase writes its image tarball (jib:buildTar)").isRegularFile();

        blobs = new HashMap<>();
        try (InputStream in = Files.newInputStream(tarball)) {
            for (TarEntry entry : readTar(in)) {
                blobs.put(entry.name(), entry.content());
            }
        }
        assertThat(new String(blobs.get("oci-layout"), StandardCharsets.UTF_8)).contains("\"imageLayoutVersion\"");
        index = JSON.readTree(blobs.get("index.json"));
        assertThat(index.path("manifests")).hasSize(1);
        manifest = JSON.readTree(blob(index.path("manifests").get(0).path("digest").asText()));
        assertThat(manifest.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        config = JSON.readTree(blob(manifest.path("config").path("digest").asText()));

        files = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        config.path("rootfs").path("diff_ids").forEach(id -> diffIds.add(id.asText()));
        List<String> uncompressed = new ArrayList<>();
        for (JsonNode layer : manifest.path("layers")) {
            assertThat(layer.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
            byte[] tar = new GZIPInputStream(new ByteArrayInputStream(blob(layer.path("digest").asText())))
                    .readAllBytes();
            uncompressed.add(sha256(tar));
            files.addAll(readTar(new ByteArrayInputStream(tar)));
        }
        assertThat(uncompressed).as("layers match the config's diff_ids").isEqualTo(diffIds);
    }

    @Test
    void isNamedAfterTheApplicationAndLabelledForOperators() {
        String reference = index.path("manifests").get(0).path("annotations")
                .path("org.opencontainers.image.ref.name").asText();
        assertThat(reference).matches("care-pathway/gateway:[0-9][^:/]*");
        String version = reference.substring(reference.indexOf(':') + 1);

        JsonNode labels = config.path("config").path("Labels");
        assertThat(labels.path("org.opencontainers.image.version").asText()).isEqualTo(version);
        assertThat(labels.path("org.opencontainers.image.title").asText()).isEqualTo("gateway");
        assertThat(labels.path("org.opencontainers.image.licenses").asText()).isNotBlank();
    }

    @Test
    void runsJavaDirectlyAsTheNonRootUserWithMemoryFromTheContainerLimit() {
        JsonNode container = config.path("config");
        assertThat(container.path("User").asText()).isIn("10001:10001", "10001");

        List<String> entrypoint = new ArrayList<>();
        container.path("Entrypoint").forEach(part -> entrypoint.add(part.asText()));
        assertThat(container.path("Cmd").isMissingNode() || container.path("Cmd").isEmpty()).isTrue();
        // An exec array, no shell: java is PID 1 and gets the orchestrator's SIGTERM itself.
        assertThat(entrypoint.getFirst()).isEqualTo("java");
        assertThat(entrypoint).doesNotContain("sh", "/bin/sh", "-c", "bash");
        assertThat(entrypoint).contains("-XX:MaxRAMPercentage=75", "-XX:InitialRAMPercentage=50",
                "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp");
        assertThat(entrypoint).noneMatch(flag -> flag.startsWith("-Xmx") || flag.startsWith("-Xms"));
        assertThat(entrypoint.getLast()).isEqualTo("care.gateway.GatewayApplication");
        assertThat(entrypoint.subList(entrypoint.size() - 3, entrypoint.size() - 1))
                .containsExactly("-cp", "@/app/jib-classpath-file");
    }

    @Test
    void exposesThePublicAndTheManagementPort() {
        Set<String> ports = new TreeSet<>();
        config.path("config").path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
        assertThat(ports).containsExactlyInAnyOrder(GATEWAY.port() + "/tcp", GATEWAY.managementPort() + "/tcp");
    }

    @Test
    void isReproducible() {
        assertThat(config.path("created").asText()).isEqualTo(EPOCH);
        assertThat(config.path("history")).isNotEmpty()
                .allSatisfy(step -> assertThat(step.path("created").asText()).isEqualTo(EPOCH));
        // Jib's fixed file time: one second after the epoch, for every file of every layer.
        assertThat(files).allSatisfy(file -> assertThat(file.mtime()).as(file.name()).isEqualTo(1L));
    }

    @Test
    void holdsTheApplicationsClassesResourcesAndEveryJarOnItsClassPath() {
        Map<String, TarEntry> byPath = new LinkedHashMap<>();
        files.forEach(file -> byPath.put("/" + stripSlash(file.name()), file));

        assertThat(byPath).containsKeys("/app/classes/care/gateway/GatewayApplication.class",
                "/app/resources/application.yml");
        assertThat(byPath.keySet()).anyMatch(path -> path.matches("/app/libs/spring-boot-4[^/]*\\.jar"))
                .anyMatch(path -> path.matches("/app/libs/spring-cloud-gateway-server-webmvc-[^/]*\\.jar"));
        assertThat(new String(byPath.get("/app/jib-main-class-file").content(), StandardCharsets.UTF_8).strip())
                .isEqualTo("care.gateway.GatewayApplication");

        List<String> classPath = List.of(new String(byPath.get("/app/jib-classpath-file").content(),
                StandardCharsets.UTF_8).strip().split(":"));
        assertThat(classPath).startsWith("/app/resources", "/app/classes");
        assertThat(classPath.stream().filter(entry -> entry.endsWith(".jar")).count()).isGreaterThan(50);
        assertThat(classPath).allSatisfy(entry -> assertThat(byPath).as("on the class path").containsKey(entry));
    }

    @Test
    void carriesTheHealthCheckAtItsFixedPathOffTheApplicationsClassPath() {
        Map<String, TarEntry> byPath = new LinkedHashMap<>();
        files.forEach(file -> byPath.put("/" + stripSlash(file.name()), file));

        // deploy/compose runs: java -cp /opt/care/healthcheck care.healthcheck.HealthCheck http://127.0.0.1:<port>/readyz
        TarEntry healthCheck = byPath.get("/opt/care/healthcheck/care/healthcheck/HealthCheck.class");
        assertThat(healthCheck).as("the health check class in the image").isNotNull();
        assertThat(healthCheck.content()).as("a class file").startsWith((byte) 0xCA, (byte) 0xFE, (byte) 0xBA,
                (byte) 0xBE);
        assertThat(healthCheck.mode() & 0444).as("readable by the application's user").isEqualTo(0444);
        assertThat(byPath.keySet().stream().filter(path -> path.startsWith("/opt/care/healthcheck/"))
                .filter(path -> path.endsWith(".class")))
                .containsExactly("/opt/care/healthcheck/care/healthcheck/HealthCheck.class");

        String classPath = new String(byPath.get("/app/jib-classpath-file").content(), StandardCharsets.UTF_8);
        assertThat(classPath).doesNotContain("healthcheck");
        assertThat(byPath.keySet()).noneMatch(path -> path.startsWith("/app/") && path.contains("healthcheck"));
    }

    @Test
    void needsNoWritableFileOutsideTmp() {
        JsonNode container = config.path("config");
        assertThat(container.path("WorkingDir").asText()).isEqualTo("/app");
        assertThat(container.path("Volumes")).isEmpty();
        List<String> entrypoint = new ArrayList<>();
        container.path("Entrypoint").forEach(part -> entrypoint.add(part.asText()));
        // The JVM's own files (temporary files, Tomcat's work folder, crash reports) go to the emptyDir.
        assertThat(entrypoint).contains("-Djava.io.tmpdir=/tmp").anyMatch(flag -> flag.startsWith("-XX:ErrorFile=/tmp/"));

        // Everything sits under /app and /opt/care (nothing under /tmp that the emptyDir would hide), belongs to
        // root and is writable by no one else: user 10001 reads the application and cannot change it.
        assertThat(files).isNotEmpty().allSatisfy(file -> {
            assertThat(stripSlash(file.name())).as("path").matches("app(/.*)?|opt|opt/care(/healthcheck(/.*)?)?");
            assertThat(file.uid()).as(file.name() + " uid").isZero();
            assertThat(file.gid()).as(file.name() + " gid").isZero();
            assertThat(file.mode() & 0022).as(file.name() + " group/other write bits").isZero();
            assertThat(file.mode() & 06000).as(file.name() + " setuid/setgid bits").isZero();
        });
    }

    @Test
    void everyApplicationDeclaresItsMainClassAndPortsForItsImage() throws Exception {
        for (ServiceApp app : DevStack.APPS) {
            Element jib = jibPlugin(ROOT.resolve(app.module()).resolve("pom.xml"));
            assertThat(jib).as(app.module() + " declares jib-maven-plugin").isNotNull();
            List<String> ports = texts(jib, "port");
            assertThat(ports).as(app.module() + " ports")
                    .containsExactly(String.valueOf(app.port()), String.valueOf(app.managementPort()));
            String mainClass = texts(jib, "mainClass").getFirst();
            assertThat(ROOT.resolve(app.module()).resolve("src/main/java")
                    .resolve(mainClass.replace('.', '/') + ".java")).as(app.module() + " main class").isRegularFile();
        }
    }

    private static Element jibPlugin(Path pom) throws Exception {
        NodeList plugins = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile())
                .getDocumentElement().getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            if (texts(plugin, "artifactId").contains("jib-maven-plugin")) {
                return plugin;
            }
        }
        return null;
    }

    private static List<String> texts(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent().strip());
        }
        return texts;
    }

    private static byte[] blob(String digest) {
        assertThat(digest).startsWith("sha256:");
        byte[] content = blobs.get("blobs/sha256/" + digest.substring("sha256:".length()));
        assertThat(content).as(digest).isNotNull();
        assertThat(sha256(content)).as("content of " + digest).isEqualTo(digest);
        return content;
    }

    private static String sha256(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static String stripSlash(String name) {
        String path = name.startsWith("./") ? name.substring(2) : name;
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** One entry of a tar archive: its path, owner, permission bits, modification time (s) and content. */
    record TarEntry(String name, long uid, long gid, int mode, long mtime, byte[] content) {
    }

    /**
     * The regular files and directories of a tar stream: ustar headers with the PAX extended headers
     * (long paths, large ids) that Jib's layers use and GNU long names, enough for reading image layers.
     */
    static List<TarEntry> readTar(InputStream in) throws IOException {
        List<TarEntry> entries = new ArrayList<>();
        Map<String, String> pax = new HashMap<>();
        String longName = null;
        while (true) {
            byte[] header = in.readNBytes(512);
            if (header.length < 512 || isZero(header)) {
                return entries;
            }
            char type = (char) header[156];
            long size = pax.containsKey("size") ? Long.parseLong(pax.get("size")) : number(header, 124, 12);
            byte[] content = in.readNBytes(Math.toIntExact(size));
            if (content.length != size) {
                throw new EOFException("truncated tar entry");
            }
            in.skipNBytes((512 - size % 512) % 512);
            switch (type) {
                case 'x' -> pax.putAll(paxRecords(content));
                case 'g' -> { }
                case 'L' -> longName = text(content, 0, content.length);
                default -> {
                    String name = text(header, 0, 100);
                    if ("ustar".equals(text(header, 257, 5)) && header[345] != 0) {
                        name = text(header, 345, 155) + "/" + name;
                    }
                    name = pax.getOrDefault("path", longName != null ? longName : name);
                    long uid = pax.containsKey("uid") ? Long.parseLong(pax.get("uid")) : number(header, 108, 8);
                    long gid = pax.containsKey("gid") ? Long.parseLong(pax.get("gid")) : number(header, 116, 8);
                    long mtime = pax.containsKey("mtime") ? (long) Double.parseDouble(pax.get("mtime"))
                            : number(header, 136, 12);
                    entries.add(new TarEntry(name, uid, gid, (int) number(header, 100, 8), mtime, content));
                    pax.clear();
                    longName = null;
                }
            }
        }
    }

    private static Map<String, String> paxRecords(byte[] content) {
        Map<String, String> records = new HashMap<>();
        int at = 0;
        while (at < content.length) {
            int space = at;
            while (content[space] != ' ') {
                space++;
            }
            int length = Integer.parseInt(new String(content, at, space - at, StandardCharsets.US_ASCII));
            String record = new String(content, space + 1, at + length - space - 2, StandardCharsets.UTF_8);
            int equals = record.indexOf('=');
            records.put(record.substring(0, equals), record.substring(equals + 1));
            at += length;
        }
        return records;
    }

    private static long number(byte[] header, int offset, int length) {
        if ((header[offset] & 0x80) != 0) {
            long value = 0;
            for (int i = offset + 1; i < offset + length; i++) {
                value = (value << 8) | (header[i] & 0xff);
            }
            return value;
        }
        String octal = text(header, offset, length).strip();
        return octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
    }

    private static String text(byte[] bytes, int offset, int length) {
        int end = offset;
        while (end < offset + length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
