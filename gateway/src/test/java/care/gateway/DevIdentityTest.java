package care.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@org.junit.jupiter.api.Tag("integration")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
class DevIdentityTest {

    @TempDir
    static Path keys;

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void keyFile(DynamicPropertyRegistry registry) {
        registry.add("care.dev-identity.key-file", () -> keys.resolve("signing-key.json").toString());
        // No intake service behind this gateway: a port nobody listens on.
        String down = RecordingUpstream.nobodyListening();
        registry.add("care.gateway.services.intake.url", () -> down);
    }

    @Test
    void issuesRs256TokenThatVerifiesAgainstPublishedKeys() throws Exception {
        HttpResponse<String> response = postToken(
                "{\"subject\":\"u1\",\"roles\":[\"PATIENT\"],\"patientId\":\"2F1C8A3E-5B8D-4C1A-9E7F-0A1B2C3D4E5F\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("token_type").asString()).isEqualTo("Bearer");
        assertThat(body.path("expires_in").asLong()).isEqualTo(3600);

        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri("http://127.0.0.1:" + port + "/dev/jwks").build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer("http://localhost:8080/dev"),
                new JwtClaimValidator<java.util.List<String>>("aud", aud -> aud.contains("care-platform"))));
        Jwt jwt = decoder.decode(body.path("access_token").asString());
        assertThat(jwt.getHeaders()).containsEntry("alg", "RS256");
        assertThat(jwt.getSubject()).isEqualTo("u1");
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("PATIENT");
        assertThat(jwt.getClaimAsString("patient_id")).isEqualTo("2f1c8a3e-5b8d-4c1a-9e7f-0a1b2c3d4e5f");
        assertThat(Duration.between(jwt.getIssuedAt(), jwt.getExpiresAt())).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void theGatewayLetsItsOwnTokensThroughAndNoOthers() throws Exception {
        String token = JSON.readTree(postToken("{\"subject\":\"u1\",\"roles\":[\"ADMIN\"]}").body())
                .path("access_token").asString();
        // Let in: the service behind it is not running here, so the gateway says so (not 401).
        assertThat(callApi(token).statusCode()).isEqualTo(503);
        String[] parts = token.split("\\.");
        String tampered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"sub\":\"u1\",\"roles\":[\"ADMIN\"],\"iss\":\"http://localhost:8080/dev\"}".getBytes()) + "." + parts[2];
        assertThat(callApi(tampered).statusCode()).isEqualTo(401);
        assertThat(callApi(TestIssuer.get().token("u1", "ADMIN")).statusCode()).as("another issuer's key").isEqualTo(401);
    }

    private HttpResponse<String> callApi(String token) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/intake/caller"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void keepsTheSigningKeyInTheConfiguredFileWithoutGroupOrOtherAccess() throws Exception {
        Path file = keys.resolve("signing-key.json");
        assertThat(file).exists();
        assertThat(Files.getPosixFilePermissions(file).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
        String publicKeys = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/dev/jwks"))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(publicKeys).contains("\"kty\":\"RSA\"").doesNotContain("\"d\":", "\"p\":", "\"q\":");
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"roles\":[\"PATIENT\"]}", "{\"subject\":\"u1\",\"roles\":[]}",
            "{\"subject\":\"u1\",\"roles\":[\"SUPERUSER\"]}", "{\"subject\":\"u1\",\"roles\":[\"PATIENT\"],\"patientId\":\"123\"}",
            "{\"subject\":\"a b\",\"roles\":[\"ADMIN\"]}", "not json" })
    void rejectsBadRequestsWithProblemDetails(String body) throws Exception {
        HttpResponse<String> response = postToken(body);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).doesNotContain("access_token", "Exception", "trace");
    }

    private HttpResponse<String> postToken(String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/dev/tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
