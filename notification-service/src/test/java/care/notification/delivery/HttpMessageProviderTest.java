package care.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import care.contracts.notification.Channel;
import care.contracts.notification.NotificationFailed.Failure;
import care.contracts.notification.NotificationSent;

/** The provider's HTTP API is an external system: a JDK HTTP server stands in for it. */
class HttpMessageProviderTest {

    static final String KEY = "test-api-key-123";
    static final JsonMapper JSON = JsonMapper.builder().build();

    record Received(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> String.join(",", e.getValue())).orElse(null);
        }
    }

    HttpServer server;
    ExecutorService handlers;
    final List<Received> received = new CopyOnWriteArrayList<>();
    volatile int status = 201;
    volatile String answer = "{\"id\":\"m-1\",\"status\":\"queued\"}";
    volatile long delayMillis = 0;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        handlers = Executors.newCachedThreadPool();
        server.setExecutor(handlers);
        server.createContext("/", exchange -> {
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            try {
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    exchange.getResponseBody().write(bytes);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        handlers.shutdownNow();
    }

    URI base(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    HttpMessageProvider provider(Duration timeout) {
        return new HttpMessageProvider(Channel.SMS, base("/v1/"), KEY, timeout, JSON);
    }

    static OutgoingMessage message() {
        return new OutgoingMessage(UUID.fromString("0b7c2a52-6f3e-4a8b-9c1d-2e3f4a5b6c7d"), Channel.SMS, "+15555550100",
                null, "Clinic: a reminder of your appointment. Reply STOP to opt out.");
    }

    @Test
    void postsTheMessageAndReadsTheProvidersId() {
        HttpMessageProvider provider = provider(Duration.ofSeconds(5));
        assertThat(provider.channel()).isEqualTo(Channel.SMS);

        assertThat(provider.send(message()))
                .isEqualTo(new MessageProvider.Accepted("m-1", NotificationSent.Status.QUEUED));

        assertThat(received).hasSize(1);
        Received request = received.getFirst();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/messages");
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(request.header("Idempotency-Key")).isEqualTo("0b7c2a52-6f3e-4a8b-9c1d-2e3f4a5b6c7d");
        assertThat(request.header("Content-Type")).startsWith("application/json");
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.path("to").asString()).isEqualTo("+15555550100");
        assertThat(body.path("body").asString()).isEqualTo("Clinic: a reminder of your appointment. Reply STOP to opt out.");
        assertThat(body.path("reference").asString()).isEqualTo("0b7c2a52-6f3e-4a8b-9c1d-2e3f4a5b6c7d");
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("to", "body", "reference");
    }

    @Test
    void aBaseUrlWithoutTrailingSlashOrPathWorksToo() {
        new HttpMessageProvider(Channel.PUSH, base(""), KEY, Duration.ofSeconds(5), JSON).send(message());
        new HttpMessageProvider(Channel.PUSH, base("/api"), KEY, Duration.ofSeconds(5), JSON).send(message());
        assertThat(received).extracting(Received::path).containsExactly("/messages", "/api/messages");
    }

    @ParameterizedTest
    @CsvSource({"queued, QUEUED", "sent, SENT", "SENT, SENT", "delivered, DELIVERED", "accepted, QUEUED"})
    void theProvidersStatusIsMapped(String providerStatus, NotificationSent.Status expected) {
        status = 200;
        answer = "{\"id\":\"m-2\",\"status\":\"" + providerStatus + "\"}";
        assertThat(provider(Duration.ofSeconds(5)).send(message()))
                .isEqualTo(new MessageProvider.Accepted("m-2", expected));
    }

    @Test
    void anAnswerWithoutStatusIsQueued() {
        answer = "{\"id\":\"m-3\"}";
        assertThat(provider(Duration.ofSeconds(5)).send(message()).status()).isEqualTo(NotificationSent.Status.QUEUED);
    }

    @Test
    void anAnswerWithoutIdIsARetryableFailure() {
        answer = "{\"status\":\"queued\"}";
        assertThatThrownBy(() -> provider(Duration.ofSeconds(5)).send(message()))
                .isInstanceOfSatisfying(ProviderFailure.class, failure -> {
                    assertThat(failure.retryable()).isTrue();
                    assertThat(failure.failure()).isEqualTo(Failure.PROVIDER_ERROR);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"OK", "<html>accepted</html>", "[1,2]", "\"m-1\""})
    void anAnswerThatIsNotTheExpectedJsonIsARetryableFailure(String unreadable) {
        status = 200;
        answer = unreadable;
        assertThatThrownBy(() -> provider(Duration.ofSeconds(5)).send(message()))
                .isInstanceOfSatisfying(ProviderFailure.class, failure -> {
                    assertThat(failure.retryable()).isTrue();
                    assertThat(failure.failure()).isEqualTo(Failure.PROVIDER_ERROR);
                });
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 429, 401, 403})
    void serverErrorsRateLimitsAndOurCredentialsAreRetryable(int code) {
        status = code;
        answer = "{\"error\":\"nope\"}";
        assertThatThrownBy(() -> provider(Duration.ofSeconds(5)).send(message()))
                .isInstanceOfSatisfying(ProviderFailure.class, failure -> {
                    assertThat(failure.retryable()).isTrue();
                    assertThat(failure.failure()).isEqualTo(Failure.PROVIDER_ERROR);
                    assertThat(failure.getMessage()).contains(String.valueOf(code));
                });
    }

    @ParameterizedTest
    @CsvSource({"400, INVALID_DESTINATION", "404, INVALID_DESTINATION", "422, INVALID_DESTINATION",
            "409, CARRIER_REJECTED", "410, CARRIER_REJECTED"})
    void otherClientErrorsRefuseTheMessage(int code, Failure expected) {
        status = code;
        answer = "{\"error\":\"invalid number\"}";
        assertThatThrownBy(() -> provider(Duration.ofSeconds(5)).send(message()))
                .isInstanceOfSatisfying(ProviderFailure.class, failure -> {
                    assertThat(failure.retryable()).isFalse();
                    assertThat(failure.failure()).isEqualTo(expected);
                });
    }

    @Test
    void aClosedPortIsRetryable() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        HttpMessageProvider provider = new HttpMessageProvider(Channel.SMS, URI.create("http://127.0.0.1:" + closed),
                KEY, Duration.ofSeconds(2), JSON);
        assertThatThrownBy(() -> provider.send(message())).isInstanceOfSatisfying(ProviderFailure.class, failure -> {
            assertThat(failure.retryable()).isTrue();
            assertThat(failure.failure()).isEqualTo(Failure.PROVIDER_ERROR);
            assertThat(failure.getCause()).isInstanceOf(IOException.class);
        });
    }

    @Test
    void aSlowProviderTimesOutRetryably() {
        delayMillis = 3_000;
        long started = System.nanoTime();
        assertThatThrownBy(() -> provider(Duration.ofMillis(300)).send(message()))
                .isInstanceOfSatisfying(ProviderFailure.class, failure -> {
                    assertThat(failure.retryable()).isTrue();
                    assertThat(failure.failure()).isEqualTo(Failure.TIMEOUT);
                    assertThat(failure.getCause()).isInstanceOf(HttpTimeoutException.class);
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_500));
    }

    @Test
    void theApiKeyAndTextNeverAppearInAFailure() {
        status = 400;
        assertThatThrownBy(() -> provider(Duration.ofSeconds(5)).send(message()))
                .isInstanceOf(ProviderFailure.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY).doesNotContain("+15555550100")
                        .doesNotContain("Reply STOP"));
        assertThat(message().toString()).doesNotContain("+15555550100").doesNotContain("Reply STOP");
    }
}
