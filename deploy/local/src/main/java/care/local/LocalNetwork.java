package care.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where local mode listens. Everything binds to the loopback interface: the Kafka broker, the store and the
 * message stand-ins always (they have no authentication and exist for local mode alone), the gateway and the
 * services unless {@code CARE_BIND_ADDRESS} names another address (local mode's gateway issues development
 * tokens with which anyone can become ADMIN).
 */
final class LocalNetwork {

    static final String LOOPBACK = "127.0.0.1";
    static final String BIND_ADDRESS = "CARE_BIND_ADDRESS";

    private LocalNetwork() {
    }

    /** The address the applications bind to: {@code CARE_BIND_ADDRESS}, or the loopback address. */
    static String bindAddress(Map<String, String> environment) {
        String configured = environment.get(BIND_ADDRESS);
        return configured == null || configured.isBlank() ? LOOPBACK : configured.strip();
    }

    /** True when the address is a loopback one ({@code 127.0.0.0/8}, {@code ::1}, a name for them). */
    static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Where to reach an application bound to this address: the loopback address for a wildcard one. */
    static String connectHost(String bindAddress) {
        try {
            if (InetAddress.getByName(bindAddress).isAnyLocalAddress()) {
                return LOOPBACK;
            }
        } catch (UnknownHostException e) {
            // Not resolvable: reaching it fails the same way with the name, which says more.
        }
        return bindAddress.contains(":") && !bindAddress.startsWith("[") ? "[" + bindAddress + "]" : bindAddress;
    }

    /** The host name printed in addresses for people: {@code localhost} where that reaches the applications. */
    static String displayHost(String bindAddress) {
        String connect = connectHost(bindAddress);
        return connect.equals(LOOPBACK) || isLoopback(bindAddress) ? "localhost" : connect;
    }

    /**
     * What every application process gets on top of the launcher's environment: its ports and the bind address
     * for both its servers (public and management).
     */
    static Map<String, String> applicationEnvironment(ServiceApp app, String bindAddress) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("SERVER_ADDRESS", bindAddress);
        environment.put("SERVER_PORT", String.valueOf(app.port()));
        environment.put("MANAGEMENT_SERVER_ADDRESS", bindAddress);
        environment.put("MANAGEMENT_SERVER_PORT", String.valueOf(app.managementPort()));
        return environment;
    }

    /** True when nothing listens on this port of this address (nor on the wildcard address). */
    static boolean isFree(String address, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
