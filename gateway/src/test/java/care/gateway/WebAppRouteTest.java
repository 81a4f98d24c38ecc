package care.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The web app behind the gateway: every path outside the API, the API documentation, the development identity
 * and the probes goes to it without a bearer token, and its answers come back with their own cookies, redirects,
 * caching and Content Security Policy. An HTTP stand-in plays the web app.
 */
@org.junit.jupiter.api.Tag("integration")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebAppRouteTest {

    static final String WEB_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    record Received(String method, String pathAndQuery, Map<String, String> headers, String body) {
    }

    private static final BlockingQueue<Received> RECEIVED = new LinkedBlockingQueue<>();
    private static final HttpServer WEB = webApp();
    private static final RecordingUpstream INTAKE = new RecordingUpstream("intake");
    private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) throws IOException {
        TestIssuer.configure(registry);
        registry.add("care.gateway.services.web.url", () -> "http://127.0.0.1:" + WEB.getAddress().getPort());
        registry.add("care.gateway.services.intake.url", INTAKE::url);
        for (String service : new String[] { "scheduling", "session", "integration", "notification" }) {
            String down = RecordingUpstream.nobodyListening();
            registry.add("care.gateway.services." + service + ".url", () -> down);
        }
    }

    @AfterAll
    static void stop() {
        WEB.stop(0);
        INTAKE.close();
    }

    @BeforeEach
    void forget() {
        RECEIVED.clear();
    }

    @Test
    void pagesGoToTheWebAppWithoutATokenAndComeBackWithItsCookiesAndPolicy() throws Exception {
        HttpResponse<String> page = CLIENT.send(HttpRequest.newBuilder(url("/program?tab=1"))
                .header("Cookie", "CARE_SESSION=abc123").GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).isEqualTo("<!DOCTYPE html><title>page</title>");
        assertThat(page.headers().allValues("Content-Security-Policy")).containsExactly(WEB_POLICY);
        assertThat(page.headers().allValues("Cache-Control")).containsExactly("no-store");
        assertThat(page.headers().allValues("Set-Cookie")).containsExactly(
                "CARE_SESSION=def456; Path=/; HttpOnly; SameSite=Lax");
        assertThat(page.headers().allValues("X-Frame-Options")).containsExactly("DENY");
        Received received = next();
        assertThat(received.method()).isEqualTo("GET");
        assertThat(received.pathAndQuery()).isEqualTo("/program?tab=1");
        assertThat(received.headers().get("Cookie")).isEqualTo("CARE_SESSION=abc123");
        assertThat(received.headers()).doesNotContainKey("Authorization");
        assertThat(received.headers().get("X-Request-Id")).isNotBlank();
    }

    @Test
    void formPostsAndTheirRedirectsPassThrough() throws Exception {
        HttpResponse<String> signIn = CLIENT.send(HttpRequest.newBuilder(url("/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "CARE_SESSION=abc123")
                .POST(HttpRequest.BodyPublishers.ofString("role=PATIENT&_csrf=t1")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(signIn.statusCode()).isEqualTo(302);
        assertThat(signIn.headers().firstValue("Location")).hasValue("/");
        Received received = next();
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.body()).isEqualTo("role=PATIENT&_csrf=t1");
        assertThat(received.headers().get("Content-Type")).startsWith("application/x-www-form-urlencoded");
    }

    @Test
    void assetsKeepTheirCachingAndTheRootGoesToTheWebApp() throws Exception {
        HttpResponse<String> css = CLIENT.send(HttpRequest.newBuilder(url("/css/site.css")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().allValues("Cache-Control")).containsExactly("max-age=3600");
        assertThat(next().pathAndQuery()).isEqualTo("/css/site.css");

        HttpResponse<String> root = CLIENT.send(HttpRequest.newBuilder(url("/")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(next().pathAndQuery()).isEqualTo("/");
    }

    @Test
    void theApiTheDocsTheDevelopmentIdentityAndTheProbesAreNotTheWebApps() throws Exception {
        HttpResponse<String> api = CLIENT.send(HttpRequest.newBuilder(url("/api/intake/patients/p-1")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).as("the API still needs a token").isEqualTo(401);
        assertThat(CLIENT.send(HttpRequest.newBuilder(url("/api-docs")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body()).contains("swagger-ui");
        assertThat(CLIENT.send(HttpRequest.newBuilder(url("/readyz")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body()).contains("\"status\":\"UP\"");
        for (String path : new String[] { "/dev/tokens", "/v3/api-docs/web", "/actuator/health" }) {
            assertThat(CLIENT.send(HttpRequest.newBuilder(url(path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as(path).isEqualTo(404);
        }
        assertThat(RECEIVED.poll(300, TimeUnit.MILLISECONDS)).as("nothing reached the web app").isNull();
        HttpResponse<String> docs = CLIENT.send(HttpRequest.newBuilder(url("/api-docs")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(docs.body()).doesNotContain("/v3/api-docs/web");
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static Received next() throws InterruptedException {
        Received received = RECEIVED.poll(10, TimeUnit.SECONDS);
        assertThat(received).as("the web app received a request").isNotNull();
        return received;
    }

    /** The web app's stand-in: pages with its own policy and session cookie, a redirect after a form post. */
    private static HttpServer webApp() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
            RECEIVED.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body));
            var answer = exchange.getResponseHeaders();
            byte[] bytes;
            int status;
            if (exchange.getRequestMethod().equals("POST")) {
                answer.add("Location", "/");
                status = 302;
                bytes = new byte[0];
            } else if (exchange.getRequestURI().getPath().startsWith("/css/")) {
                answer.add("Content-Type", "text/css");
                answer.add("Cache-Control", "max-age=3600");
                status = 200;
                bytes = "body{}".getBytes(StandardCharsets.UTF_8);
            } else {
                answer.add("Content-Type", "text/html;charset=UTF-8");
                answer.add("Content-Security-Policy", WEB_POLICY);
                answer.add("Cache-Control", "no-store");
                answer.add("X-Frame-Options", "DENY");
                answer.add("Set-Cookie", "CARE_SESSION=def456; Path=/; HttpOnly; SameSite=Lax");
                status = 200;
                bytes = "<!DOCTYPE html><title>page</title>".getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return server;
    }
}
