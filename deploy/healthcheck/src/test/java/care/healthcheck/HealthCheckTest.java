package care.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The health check against a real HTTP server of the JDK on the loopback address. */
@org.junit.jupiter.api.Tag("integration")
class HealthCheckTest {

    private static final Duration CONNECT = Duration.ofSeconds(2);
    private static final Duration TOTAL = Duration.ofMillis(800);

    private final CountDownLatch release = new CountDownLatch(1);
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/readyz", exchange -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/down", exchange -> {
            byte[] body = "secret-body-content".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", "/readyz");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/slow", exchange -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private int check(String url) {
        return HealthCheck.check(url, CONNECT, TOTAL, new PrintStream(output, true, StandardCharsets.UTF_8));
    }

    private String printed() {
        return output.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aTwoHundredAnswerIsHealthyAndPrintsNothing() {
        assertThat(check(url("/readyz"))).isZero();
        assertThat(printed()).isEmpty();
    }

    @Test
    void aServiceUnavailableAnswerIsUnhealthyWithTheStatusButNotTheBody() {
        assertThat(check(url("/down"))).isEqualTo(1);
        assertThat(printed()).contains("answered 503").doesNotContain("secret-body-content")
                .satisfies(line -> assertThat(line.lines()).hasSize(1));
    }

    @Test
    void aRedirectIsNotFollowedAndIsUnhealthy() {
        assertThat(check(url("/redirect"))).isEqualTo(1);
        assertThat(printed()).contains("answered 302");
    }

    @Test
    void aClosedPortIsUnhealthy() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        assertThat(check("http://127.0.0.1:" + closed + "/readyz")).isEqualTo(1);
        assertThat(printed()).contains("refused the connection").satisfies(line ->
                assertThat(line.lines()).hasSize(1));
    }

    @Test
    void aSlowAnswerIsUnhealthyOnceTheTimeIsUp() {
        long started = System.nanoTime();
        assertThat(check(url("/slow"))).isEqualTo(1);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(printed()).contains("no").contains(TOTAL.toMillis() + " ms");
        assertThat(took).isGreaterThanOrEqualTo(TOTAL).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void somethingThatIsNotAnHttpUrlIsUnhealthy() {
        assertThat(check("ftp://127.0.0.1/readyz")).isEqualTo(1);
        assertThat(check("not a url")).isEqualTo(1);
        assertThat(printed().lines()).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("unhealthy: "));
    }

    @Test
    void theDefaultLimitsAreTwoSecondsToConnectAndFourInAll() {
        assertThat(HealthCheck.CONNECT_TIMEOUT).isEqualTo(Duration.ofSeconds(2));
        assertThat(HealthCheck.TOTAL_TIMEOUT).isEqualTo(Duration.ofSeconds(4));
    }
}
