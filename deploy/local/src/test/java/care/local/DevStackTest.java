package care.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@org.junit.jupiter.api.Tag("integration")
class DevStackTest {

    @Test
    void redactsPasswordsInConnectionStrings() {
        assertThat(StackConsole.redact("mongodb://care:s3cret@db.internal:27017/care")).isEqualTo(
                "mongodb://care:***@db.internal:27017/care");
        assertThat(StackConsole.redact("mongodb://localhost:27017")).isEqualTo("mongodb://localhost:27017");
    }

    @Test
    void seesWhetherAPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("localhost"))) {
            assertThat(DevStack.isFree(taken.getLocalPort())).isFalse();
        }
    }

    @Test
    void everyApplicationHasItsOwnPortsAndTheGatewayIs8080() {
        List<Integer> ports = new ArrayList<>(DevStack.APPS.stream().map(ServiceApp::port).toList());
        ports.addAll(DevStack.APPS.stream().map(ServiceApp::managementPort).toList());
        assertThat(new HashSet<>(ports)).hasSize(2 * DevStack.APPS.size());
        assertThat(DevStack.APPS).anyMatch(app -> app.name().equals("gateway") && app.port() == 8080
                && app.managementPort() == 9080);
        assertThat(DevStack.APPS).allMatch(app -> app.managementPort() == app.port() + 1000);
    }

    @Test
    void applicationsBindToLoopbackUnlessCareBindAddressSaysOtherwise() {
        ServiceApp intake = DevStack.APPS.getFirst();
        assertThat(LocalNetwork.bindAddress(Map.of())).isEqualTo("127.0.0.1");
        assertThat(LocalNetwork.bindAddress(Map.of("CARE_BIND_ADDRESS", " "))).isEqualTo("127.0.0.1");
        assertThat(LocalNetwork.bindAddress(Map.of("CARE_BIND_ADDRESS", "0.0.0.0"))).isEqualTo("0.0.0.0");
        assertThat(LocalNetwork.applicationEnvironment(intake, "127.0.0.1")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "SERVER_ADDRESS", "127.0.0.1", "SERVER_PORT", "8081",
                "MANAGEMENT_SERVER_ADDRESS", "127.0.0.1", "MANAGEMENT_SERVER_PORT", "9081"));

        assertThat(LocalNetwork.isLoopback("127.0.0.1")).isTrue();
        assertThat(LocalNetwork.isLoopback("::1")).isTrue();
        assertThat(LocalNetwork.isLoopback("0.0.0.0")).isFalse();
        assertThat(LocalNetwork.isLoopback("192.168.1.20")).isFalse();
        assertThat(LocalNetwork.connectHost("0.0.0.0")).isEqualTo("127.0.0.1");
        assertThat(LocalNetwork.connectHost("::1")).isEqualTo("[::1]");
        assertThat(LocalNetwork.connectHost("192.168.1.20")).isEqualTo("192.168.1.20");
        assertThat(LocalNetwork.displayHost("127.0.0.1")).isEqualTo("localhost");
        assertThat(LocalNetwork.displayHost("0.0.0.0")).isEqualTo("localhost");
        assertThat(LocalNetwork.displayHost("192.168.1.20")).isEqualTo("192.168.1.20");
    }

    @Test
    void warnsLoudlyOnlyWhenTheApplicationsAreReachableFromTheNetwork(@TempDir Path root) {
        assertThat(warnings(root, Map.of())).isEmpty();
        assertThat(warnings(root, Map.of("CARE_BIND_ADDRESS", "127.0.0.1"))).isEmpty();
        assertThat(warnings(root, Map.of("CARE_BIND_ADDRESS", "0.0.0.0")))
                .startsWith("!!! WARNING: CARE_BIND_ADDRESS=0.0.0.0 is not a loopback address")
                .contains("reachable from the network");
    }

    @Test
    void pointsTheGatewayAndTheServicesAtTheAddressTheyListenOn(@TempDir Path root) {
        Map<String, String> local = new StackConfig(root, root.resolve(".dev-stack"), Map.of()).addresses();
        assertThat(local).containsEntry("INTAKE_SERVICE_URL", "http://127.0.0.1:8081")
                .containsEntry("NOTIFICATION_SERVICE_URL", "http://127.0.0.1:8085")
                .containsEntry("CARE_JWT_JWK_SET_URI", "http://127.0.0.1:8080/dev/jwks")
                .containsEntry("WEB_URL", "http://127.0.0.1:8086")
                .containsEntry("CARE_GATEWAY_URL", "http://127.0.0.1:8080").hasSize(8);
        Map<String, String> elsewhere = new StackConfig(root, root.resolve(".dev-stack"), Map.of("CARE_BIND_ADDRESS",
                "10.1.2.3", "SESSION_SERVICE_URL", "http://sessions.internal")).addresses();
        assertThat(elsewhere).containsEntry("INTAKE_SERVICE_URL", "http://10.1.2.3:8081")
                .containsEntry("CARE_JWT_JWK_SET_URI", "http://10.1.2.3:8080/dev/jwks")
                .doesNotContainKey("SESSION_SERVICE_URL");
    }

    /**
     * The launcher as a process, as a terminal runs it: in its own process group, Ctrl-C (SIGINT to the whole group)
     * a few seconds after the applications were started, while they are still starting. The launcher and every
     * process it started are gone, and every port is free again, within 15 s.
     */
    @Test
    @Timeout(180)
    void ctrlCWhileTheApplicationsStartStopsEverythingWithin15Seconds(@TempDir Path state) throws Exception {
        for (ServiceApp app : DevStack.APPS) {
            assumeTrue(java.nio.file.Files.isRegularFile(app.jar(LocalPlatform.ROOT)), app.name() + " is not packaged");
        }
        assumeTrue(java.nio.file.Files.isExecutable(Path.of("/usr/bin/setsid")), "setsid is needed");
        List<Integer> ports = new ArrayList<>(List.of(KafkaBroker.PORT, KafkaBroker.CONTROLLER_PORT, MongoStore.PORT,
                MessageStandIns.SMTP_PORT, MessageStandIns.HTTP_PORT));
        DevStack.APPS.forEach(app -> ports.addAll(List.of(app.port(), app.managementPort())));
        assumeTrue(ports.stream().allMatch(DevStack::isFree), "the local stack's ports are free");

        ProcessBuilder builder = new ProcessBuilder("/usr/bin/setsid",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Dcare.root=" + LocalPlatform.ROOT, "-Dcare.state=" + state,
                "-cp", System.getProperty("java.class.path"), DevStack.class.getName(), "up")
                .redirectErrorStream(true);
        builder.environment().put("CARE_STARTUP_CACHE", "off");
        Process launcher = builder.start();
        StringBuffer console = new StringBuffer();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (var lines = launcher.inputReader(StandardCharsets.UTF_8)) {
                lines.lines().forEach(line -> console.append(line).append('\n'));
            } catch (java.io.IOException ignored) {
                // the launcher ended
            }
        });
        try {
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(150).toNanos();
            while (!console.toString().contains("7 applications, logs in")) {
                assertThat(launcher.isAlive()).as("launcher running; console:%n%s", console).isTrue();
                assertThat(System.nanoTime()).as("applications started; console:%n%s", console).isLessThan(deadline);
                Thread.sleep(100);
            }
            Thread.sleep(3000);
            List<ProcessHandle> children = launcher.descendants().toList();
            assertThat(children).as("broker and applications").hasSizeGreaterThanOrEqualTo(1 + DevStack.APPS.size());
            assertThat(console.toString()).doesNotContain("All 7 applications are UP");

            long signalled = System.nanoTime();
            // A JVM started with SIGINT ignored (a background job of a script) passes that on: SIGTERM then.
            String signal = ignoresInterrupt() ? "-TERM" : "-INT";
            new ProcessBuilder("kill", signal, "--", "-" + launcher.pid()).inheritIO().start().waitFor();

            assertThat(launcher.waitFor(15, java.util.concurrent.TimeUnit.SECONDS))
                    .as("launcher gone within 15 s; console:%n%s", console).isTrue();
            while (children.stream().anyMatch(ProcessHandle::isAlive)
                    && System.nanoTime() - signalled < java.time.Duration.ofSeconds(15).toNanos()) {
                Thread.sleep(100);
            }
            assertThat(children).as("children gone; console:%n%s", console).noneMatch(ProcessHandle::isAlive);
            assertThat(ports).as("ports free").allMatch(DevStack::isFree);
            reader.join(2000);
            System.out.printf("Launcher gone %.1f s after %s:%n%s", (System.nanoTime() - signalled) / 1e9, signal,
                    console);
            assertThat(console.toString()).contains("Stopping...").containsPattern("Stopped in \\d+\\.\\d s")
                    .doesNotContain("FAILED");
        } finally {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
    }

    /** True when this JVM was started with SIGINT ignored, which its children inherit. */
    private static boolean ignoresInterrupt() throws java.io.IOException {
        for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << 1)) != 0;
            }
        }
        return false;
    }

    private static String warnings(Path root, Map<String, String> environment) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        new StackConsole(new StackConfig(root, root.resolve(".dev-stack"), environment),
                new PrintStream(printed, true, StandardCharsets.UTF_8)).warnIfOnNetwork();
        return printed.toString(StandardCharsets.UTF_8);
    }
}
