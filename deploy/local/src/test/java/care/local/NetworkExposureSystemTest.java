package care.local;

import static care.local.LocalPlatform.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpResponse;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Local mode is closed to the network: on the shared platform (gateway, the five services, the Kafka broker
 * process, the store and the message stand-ins), every listening socket of every port the platform uses is
 * bound to a loopback address, read from the kernel's socket tables ({@code /proc/net/tcp}, {@code tcp6}; Linux
 * only). And each application serves its actuator on its management port only, keeping the probes on its
 * public port.
 */
@org.junit.jupiter.api.Tag("integration")
class NetworkExposureSystemTest {

    private static final String LISTEN = "0A";

    private static LocalPlatform platform;

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = SystemPlatform.get();
    }

    @Test
    void nothingTheLocalPlatformRunsListensBeyondLoopback() throws IOException {
        Path tcp = Path.of("/proc/net/tcp");
        Path tcp6 = Path.of("/proc/net/tcp6");
        assumeTrue(Files.isReadable(tcp), "the kernel's socket tables are only readable on Linux");
        Map<String, Integer> ports = new LinkedHashMap<>(platform.ports());
        MessageStandIns messages = SystemPlatform.messages();
        ports.put("SMTP stand-in", messages.smtpPort());
        ports.put("text-provider stand-in", messages.httpPort());

        List<Listener> listeners = new ArrayList<>(listeners(tcp));
        if (Files.isReadable(tcp6)) {
            listeners.addAll(listeners(tcp6));
        }
        InetAddress loopback4 = InetAddress.getByName("127.0.0.1");
        InetAddress loopback6 = InetAddress.getByName("::1");
        ports.forEach((what, port) -> {
            List<InetAddress> bound = listeners.stream().filter(listener -> listener.port() == port)
                    .map(Listener::address).toList();
            assertThat(bound).as("%s listens on port %d", what, port).isNotEmpty();
            assertThat(bound).as("addresses %s listens on (port %d)", what, port)
                    .allMatch(address -> address.equals(loopback4) || address.equals(loopback6));
        });
    }

    @Test
    void theActuatorIsOnTheManagementPortsAndOnlyTheProbesOnThePublicOnes() throws Exception {
        for (ServiceApp app : platform.apps.values()) {
            String management = platform.managementUrl(app.module());
            String publicUrl = app.url(LocalNetwork.LOOPBACK);
            HttpResponse<String> health = send("GET", management + "/actuator/health", null, null);
            assertThat(health.statusCode()).as("%s health", app.name()).isEqualTo(200);
            assertThat(health.body()).as(app.name()).contains("\"status\":\"UP\"");
            HttpResponse<String> metrics = send("GET", management + "/actuator/prometheus", null, null);
            assertThat(metrics.statusCode()).as("%s metrics", app.name()).isEqualTo(200);
            assertThat(metrics.body()).as(app.name()).contains("application=\"");

            for (String probe : List.of("/livez", "/readyz")) {
                HttpResponse<String> response = send("GET", publicUrl + probe, null, null);
                assertThat(response.statusCode()).as("%s %s", app.name(), probe).isEqualTo(200);
                assertThat(response.body()).as("%s %s", app.name(), probe).contains("\"status\":\"UP\"");
            }
            for (String path : List.of("/actuator/health", "/actuator/prometheus")) {
                assertThat(send("GET", publicUrl + path, null, null).statusCode()).as("%s %s on the public port",
                        app.name(), path).isEqualTo(404);
            }
        }
    }

    @Test
    void readsTheKernelsAddressNotation() throws Exception {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "examples written on a little-endian machine");
        assertThat(address("0100007F")).isEqualTo(InetAddress.getByName("127.0.0.1"));
        assertThat(address("00000000")).isEqualTo(InetAddress.getByName("0.0.0.0"));
        assertThat(address("00000000000000000000000001000000")).isEqualTo(InetAddress.getByName("::1"));
        assertThat(address("0000000000000000FFFF00000100007F")).isEqualTo(InetAddress.getByName("127.0.0.1"));
        assertThat(address("00000000000000000000000000000000")).isEqualTo(InetAddress.getByName("::"));
    }

    /** One listening socket: its local address and port. */
    record Listener(InetAddress address, int port) {
    }

    /** The listening sockets of one of the kernel's tables (header line first, then one socket a line). */
    static List<Listener> listeners(Path table) throws IOException {
        List<Listener> listeners = new ArrayList<>();
        for (String line : Files.readAllLines(table).stream().skip(1).toList()) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 3 && fields[3].equals(LISTEN)) {
                String[] local = fields[1].split(":");
                listeners.add(new Listener(address(local[0]), Integer.parseInt(local[1], 16)));
            }
        }
        return listeners;
    }

    /**
     * An address as the kernel prints it: 4 or 16 bytes in hex, each 32-bit word in the machine's byte order.
     * An IPv4-mapped IPv6 address (a Java socket bound to an IPv4 address) comes back as the IPv4 address.
     */
    static InetAddress address(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            for (int word = 0; word < bytes.length; word += 4) {
                for (int i = 0; i < 2; i++) {
                    byte swapped = bytes[word + i];
                    bytes[word + i] = bytes[word + 3 - i];
                    bytes[word + 3 - i] = swapped;
                }
            }
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + hex, e);
        }
    }
}
