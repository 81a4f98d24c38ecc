package care.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@org.junit.jupiter.api.Tag("integration")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayRoutingTest {

    private static final Map<String, RecordingUpstream> UPSTREAMS = Map.of(
            "intake", new RecordingUpstream("intake"),
            "scheduling", new RecordingUpstream("scheduling"),
            "session", new RecordingUpstream("session"),
            "integration", new RecordingUpstream("integration"));
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static final String TOKEN = TestIssuer.get().token("clinician-1", "CLINICIAN");
    private static final String BEARER = "Bearer " + TOKEN;

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) throws IOException {
        TestIssuer.configure(registry);
        UPSTREAMS.forEach((name, upstream) -> registry.add("care.gateway.services." + name + ".url", upstream::url));
        String down = RecordingUpstream.nobodyListening();
        registry.add("care.gateway.services.notification.url", () -> down);
    }

    @AfterAll
    static void stopUpstreams() {
        UPSTREAMS.values().forEach(RecordingUpstream::close);
    }

    @ParameterizedTest
    @CsvSource({ "/api/intake/patients/p-1?page=2, intake", "/api/scheduling/appointments, scheduling",
            "/api/sessions/s-9/checks, session", "/api/integration/journal, integration" })
    void routesEachPrefixUnchangedWithAuthorization(String path, String service) throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", BEARER)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"x\":1}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"service\":\"" + service + "\"}");
        RecordingUpstream.Received received = UPSTREAMS.get(service).next();
        assertThat(received).isNotNull();
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.pathAndQuery()).isEqualTo(path);
        assertThat(received.authorization()).isEqualTo(BEARER);
        assertThat(received.body()).isEqualTo("{\"x\":1}");
    }

    @Test
    void assigningACoachThroughTheIntegrationPathGoesToTheCareTeamOwner() throws Exception {
        String patientId = "6f1c2e0a-3b7d-4c1e-9a55-0d2b8f4e7a10";
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/integration/patients/" + patientId + "/coach"))
                .header("Authorization", BEARER)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"coachId\":\"c-1\"}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"service\":\"intake\"}");
        RecordingUpstream.Received received = UPSTREAMS.get("intake").next();
        assertThat(received.method()).isEqualTo("PUT");
        assertThat(received.pathAndQuery()).isEqualTo("/api/intake/patients/" + patientId + "/coach");
        assertThat(received.authorization()).isEqualTo(BEARER);
        assertThat(received.body()).isEqualTo("{\"coachId\":\"c-1\"}");

        // Reading the integration data of the patient still goes to integration.
        CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/integration/patients/"
                + patientId + "/progress")).header("Authorization", BEARER).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(UPSTREAMS.get("integration").next().pathAndQuery())
                .isEqualTo("/api/integration/patients/" + patientId + "/progress");
    }

    @Test
    void unreachableServiceIsServiceUnavailableProblem() throws Exception {
        HttpResponse<String> response = CLIENT.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/notifications/x"))
                        .header("Authorization", BEARER).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("urn:care:problem:upstream-unavailable").doesNotContain("Exception");
    }

    @Test
    void devTokenEndpointsDoNotExistOutsideLocalMode() throws Exception {
        HttpResponse<String> tokens = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/dev/tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"subject\":\"u1\",\"roles\":[\"ADMIN\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tokens.statusCode()).isEqualTo(404);
        assertThat(tokens.body()).doesNotContain("access_token");
        HttpResponse<String> jwks = CLIENT.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/dev/jwks")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(jwks.statusCode()).isEqualTo(404);
    }

    @Test
    void probesOnThePublicPortActuatorOnlyOnTheManagementPort() throws Exception {
        for (String probe : new String[] { "/readyz", "/livez" }) {
            HttpResponse<String> health = get(port, probe);
            assertThat(health.statusCode()).as(probe).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"");
        }
        for (String endpoint : new String[] { "/actuator/prometheus", "/actuator/health", "/actuator/info" }) {
            assertThat(get(port, endpoint).statusCode()).as(endpoint).isEqualTo(404);
        }
        assertThat(managementPort).isNotEqualTo(port);
        HttpResponse<String> metrics = get(managementPort, "/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("application=\"gateway\"");
        assertThat(get(managementPort, "/actuator/health").body()).contains("\"status\":\"UP\"");
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
