package care.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** One Spring Boot application of the platform, as the launcher runs it. */
record ServiceApp(String name, int port, String module) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    Path jar(Path root) {
        return root.resolve(module).resolve("target").resolve(module + ".jar");
    }

    String url() {
        return "http://localhost:" + port;
    }

    /** True when {@code /actuator/health} answers UP. */
    boolean isUp() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/health"))
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
