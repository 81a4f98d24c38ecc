package care.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One Spring Boot application of the platform, as the launcher runs it: its public port (API and the probes
 * {@code /livez}, {@code /readyz}) and its management port (the actuator: health, info, Prometheus).
 */
record ServiceApp(String name, int port, int managementPort, String module) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    Path jar(Path root) {
        return root.resolve(module).resolve("target").resolve(module + ".jar");
    }

    /** The public address on this host name (or IP literal, IPv6 in brackets). */
    String url(String host) {
        return "http://" + host + ":" + port;
    }

    /** The management server's address on this host name. */
    String managementUrl(String host) {
        return "http://" + host + ":" + managementPort;
    }

    /** True when the readiness probe {@code /readyz} on the public port answers UP. */
    boolean isUp(String host) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url(host) + "/readyz"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"status\":\"UP\"");
        } catch (Exception notYet) {
            if (notYet instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }
}
