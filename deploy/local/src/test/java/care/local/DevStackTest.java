package care.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevStackTest {

    @Test
    void redactsPasswordsInConnectionStrings() {
        assertThat(DevStack.redact("mongodb://care:s3cret@db.internal:27017/care")).isEqualTo(
                "mongodb://care:***@db.internal:27017/care");
        assertThat(DevStack.redact("mongodb://localhost:27017")).isEqualTo("mongodb://localhost:27017");
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
        Map<String, String> local = new DevStack(root, Map.of(), new PrintStream(OutputStream.nullOutputStream()))
                .addresses();
        assertThat(local).containsEntry("INTAKE_SERVICE_URL", "http://127.0.0.1:8081")
                .containsEntry("NOTIFICATION_SERVICE_URL", "http://127.0.0.1:8085")
                .containsEntry("CARE_JWT_JWK_SET_URI", "http://127.0.0.1:8080/dev/jwks")
                .containsEntry("WEB_URL", "http://127.0.0.1:8086")
                .containsEntry("CARE_GATEWAY_URL", "http://127.0.0.1:8080").hasSize(8);
        Map<String, String> elsewhere = new DevStack(root, Map.of("CARE_BIND_ADDRESS", "10.1.2.3",
                "SESSION_SERVICE_URL", "http://sessions.internal"), new PrintStream(OutputStream.nullOutputStream()))
                .addresses();
        assertThat(elsewhere).containsEntry("INTAKE_SERVICE_URL", "http://10.1.2.3:8081")
                .containsEntry("CARE_JWT_JWK_SET_URI", "http://10.1.2.3:8080/dev/jwks")
                .doesNotContainKey("SESSION_SERVICE_URL");
    }

    private static String warnings(Path root, Map<String, String> environment) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        new DevStack(root, environment, new PrintStream(printed, true, StandardCharsets.UTF_8)).warnIfOnNetwork();
        return printed.toString(StandardCharsets.UTF_8);
    }
}
