package care.local;

import static care.local.LocalPlatform.HTTP;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.RSAPrivateKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/**
 * The edge as operators run it, with real processes: the system platform's services behind two gateway processes,
 * the local one ({@code ./dev-stack up}'s, with development tokens) and one configured as outside local mode (no
 * {@code /dev}, tokens from the local one's issuer, small rate limits, one allowed browser origin).
 */
@org.junit.jupiter.api.Tag("integration")
class EdgeSystemTest {

    private static final String ALLOWED_ORIGIN = "https://app.clinic.test";
    private static LocalPlatform platform;
    private static ChildProcess edgeProcess;
    private static String edge;
    private static String edgeManagement;

    @BeforeAll
    static void startAnEdgeGatewayOutsideLocalMode() throws Exception {
        platform = SystemPlatform.get();
        int port = MongoStoreTest.freePort();
        int management = MongoStoreTest.freePort();
        Map<String, String> environment = new java.util.HashMap<>();
        for (String service : List.of("intake", "scheduling", "session", "integration", "notification")) {
            environment.put(service.toUpperCase() + "_SERVICE_URL",
                    "http://localhost:" + platform.apps.get(service + "-service").port());
        }
        environment.put("CARE_JWT_JWK_SET_URI", platform.gateway + "/dev/jwks");
        environment.put("SERVER_ADDRESS", "127.0.0.1");
        environment.put("MANAGEMENT_SERVER_ADDRESS", "127.0.0.1");
        environment.put("SPRING_APPLICATION_JSON", "{\"care\":{\"gateway\":{\"rate-limits\":{\"read\":{\"limit\":5,"
                + "\"period\":\"PT1M\"}},\"cors\":{\"allowed-origins\":\"" + ALLOWED_ORIGIN + "\"}}}}");
        Path state = Path.of("target", "system-platform", "edge").toAbsolutePath();
        Files.createDirectories(state);
        edgeProcess = new ChildProcess("edge-gateway", state, state);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        edgeProcess.start(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx192m", "-jar",
                LocalPlatform.ROOT.resolve("gateway/target/gateway.jar").toString(), "--server.port=" + port,
                "--management.server.port=" + management), environment, state);
        edge = "http://127.0.0.1:" + port;
        edgeManagement = "http://127.0.0.1:" + management;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!ready(edge + "/readyz")) {
            assertThat(edgeProcess.isAlive()).as("edge gateway running: %s", edgeProcess.logTail(20)).isTrue();
            assertThat(System.nanoTime()).as("edge gateway ready in 90 s").isLessThan(deadline);
            Thread.sleep(300);
        }
    }

    @AfterAll
    static void stopEdge() throws InterruptedException {
        if (edgeProcess != null) {
            edgeProcess.requestStop();
            edgeProcess.awaitStop(Duration.ofSeconds(20));
        }
    }

    @Test
    void refusesRequestsWithoutAValidTokenAtTheGateway() throws Exception {
        DevKey key = DevKey.load();
        long now = Instant.now().getEpochSecond();
        String valid = key.sign("{\"iss\":\"http://localhost:8080/dev\",\"aud\":[\"care-platform\"],\"sub\":\"admin-e\","
                + "\"roles\":[\"ADMIN\"],\"iat\":" + now + ",\"exp\":" + (now + 600) + "}");
        Map<String, String> refused = Map.of(
                "unsigned (alg none)", unsigned("{\"iss\":\"http://localhost:8080/dev\",\"aud\":[\"care-platform\"],"
                        + "\"sub\":\"admin-e\",\"roles\":[\"ADMIN\"],\"exp\":" + (now + 600) + "}"),
                "expired", key.sign("{\"iss\":\"http://localhost:8080/dev\",\"aud\":[\"care-platform\"],\"sub\":\"a\","
                        + "\"roles\":[\"ADMIN\"],\"iat\":" + (now - 7200) + ",\"exp\":" + (now - 3600) + "}"),
                "wrong audience", key.sign("{\"iss\":\"http://localhost:8080/dev\",\"aud\":[\"another-app\"],"
                        + "\"sub\":\"a\",\"roles\":[\"ADMIN\"],\"iat\":" + now + ",\"exp\":" + (now + 600) + "}"),
                "without exp", key.sign("{\"iss\":\"http://localhost:8080/dev\",\"aud\":[\"care-platform\"],"
                        + "\"sub\":\"a\",\"roles\":[\"ADMIN\"],\"iat\":" + now + "}"),
                "not a token", "not-a-jwt");
        for (String gateway : List.of(platform.gateway, edge)) {
            assertThat(status(get(gateway + "/api/intake/caller", valid))).as(gateway).isEqualTo(200);
            HttpResponse<String> none = get(gateway + "/api/intake/caller");
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            refused.forEach((what, token) -> {
                HttpResponse<String> response = get(gateway + "/api/intake/caller", token);
                assertThat(response.statusCode()).as("%s at %s", what, gateway).isEqualTo(401);
                assertThat(response.body()).contains("urn:care:problem:unauthenticated").doesNotContain(token);
            });
        }
    }

    @Test
    void aCallerOverItsBudgetIsRefusedWhileAnotherIsServed() throws Exception {
        String greedy = platform.token("{\"subject\":\"greedy-admin\",\"roles\":[\"ADMIN\"]}");
        String other = platform.token("{\"subject\":\"patient-admin\",\"roles\":[\"ADMIN\"]}");
        for (int i = 0; i < 5; i++) {
            assertThat(status(get(edge + "/api/scheduling/caller", greedy))).isEqualTo(200);
        }
        HttpResponse<String> limited = get(edge + "/api/scheduling/caller", greedy);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));
        assertThat(limited.headers().firstValue("RateLimit-Remaining")).hasValue("0");
        assertThat(limited.body()).contains("urn:care:problem:rate-limited");
        HttpResponse<String> served = get(edge + "/api/scheduling/caller", other);
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("RateLimit-Remaining")).hasValue("4");
        assertThat(get(edgeManagement + "/actuator/prometheus").body())
                .containsPattern("care_gateway_rate_limited_total\\{[^}]*kind=\"read\"[^}]*} [1-9]");
    }

    @Test
    void corsPreflightForTheListedOriginOnly() throws Exception {
        HttpResponse<String> allowed = preflight(ALLOWED_ORIGIN);
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED_ORIGIN);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        HttpResponse<String> refused = preflight("https://elsewhere.example");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void answersFromTheServicesCarryTheSecurityHeaders() throws Exception {
        String admin = platform.token("{\"subject\":\"headers-admin\",\"roles\":[\"ADMIN\"]}");
        for (String gateway : List.of(platform.gateway, edge)) {
            HttpResponse<String> response = get(gateway + "/api/intake/staff?role=CLINICIAN", admin);
            assertThat(response.statusCode()).isEqualTo(200);
            var headers = response.headers();
            assertThat(headers.firstValue("Cache-Control")).hasValue("no-store");
            assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(headers.firstValue("Content-Security-Policy").orElse("")).contains("frame-ancestors 'none'");
            assertThat(headers.firstValue("Referrer-Policy")).hasValue("no-referrer");
            assertThat(headers.firstValue("X-Request-Id")).isPresent();
            assertThat(headers.allValues("X-Content-Type-Options")).hasSize(1);
        }
    }

    @Test
    void managementOnlyOnTheManagementPortAndDevOnlyInLocalMode() throws Exception {
        for (String gateway : List.of(platform.gateway, edge)) {
            assertThat(status(get(gateway + "/actuator/prometheus"))).as(gateway).isEqualTo(404);
            assertThat(status(get(gateway + "/actuator/health"))).as(gateway).isEqualTo(404);
            assertThat(status(get(gateway + "/readyz"))).isEqualTo(200);
        }
        assertThat(get(edgeManagement + "/actuator/prometheus").body()).contains("application=\"gateway\"");
        assertThat(get(platform.managementUrl("gateway") + "/actuator/prometheus").statusCode()).isEqualTo(200);
        for (String service : List.of("intake", "scheduling", "session", "integration", "notification")) {
            String url = "http://127.0.0.1:" + platform.apps.get(service + "-service").port();
            assertThat(status(get(url + "/actuator/prometheus"))).as(service).isEqualTo(404);
        }
        // Outside local mode nothing under /dev exists.
        assertThat(status(post(edge + "/dev/tokens", "{\"subject\":\"x\",\"roles\":[\"ADMIN\"]}", Map.of())))
                .isEqualTo(404);
        assertThat(status(get(edge + "/dev/jwks"))).isEqualTo(404);
        assertThat(status(get(edge + "/dev/messages"))).isEqualTo(404);
    }

    @Test
    void everyServicesOpenApiDocumentIsValid() throws Exception {
        for (String service : List.of("intake", "scheduling", "session", "integration", "notification")) {
            HttpResponse<String> document = get(platform.gateway + "/v3/api-docs/" + service);
            assertThat(document.statusCode()).as(service).isEqualTo(200);
            SwaggerParseResult parsed = new OpenAPIParser().readContents(document.body(), null, null);
            assertThat(parsed.getMessages()).as(service).isEmpty();
            assertThat(parsed.getOpenAPI().getPaths()).as(service).isNotEmpty();
            assertThat(parsed.getOpenAPI().getComponents().getSecuritySchemes()).containsKey("bearer");
        }
        HttpResponse<String> ui = get(platform.gateway + "/api-docs");
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui");
    }

    @Test
    void aSignedWebhookIsAcceptedOnceAndItsReplayRefused() throws Exception {
        String body = "{\"from\":\"+14155550199\",\"body\":\"START\"}";
        long t = Instant.now().getEpochSecond();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SystemPlatform.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = "t=" + t + ",v1=" + HexFormat.of().formatHex(
                mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));
        String url = platform.gateway + "/api/notifications/webhooks/sms/inbound";
        HttpResponse<String> first = post(url, body, Map.of("X-Care-Signature", signature));
        assertThat(first.statusCode()).as(first.body()).isBetween(200, 299);
        HttpResponse<String> replay = post(url, body, Map.of("X-Care-Signature", signature));
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.body()).doesNotContain(signature);
    }

    private static boolean ready(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception notYet) {
            return false;
        }
    }

    private static HttpResponse<String> preflight(String origin) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(edge + "/api/intake/patients"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url) {
        return get(url, null);
    }

    private static HttpResponse<String> get(String url, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("GET " + url + " failed", e);
        }
    }

    private static HttpResponse<String> post(String url, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int status(HttpResponse<String> response) {
        return response.statusCode();
    }

    private static String unsigned(String claims) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".";
    }

    /** The local gateway's development signing key, from its key file, to sign tokens the gateway would never issue. */
    private record DevKey(String keyId, PrivateKey key) {

        static DevKey load() throws Exception {
            String jwk = Files.readString(Path.of("target", "system-platform", "signing-key.json"));
            BigInteger modulus = new BigInteger(1, Base64.getUrlDecoder().decode(member(jwk, "n")));
            BigInteger exponent = new BigInteger(1, Base64.getUrlDecoder().decode(member(jwk, "d")));
            return new DevKey(member(jwk, "kid"),
                    KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateKeySpec(modulus, exponent)));
        }

        private static String member(String json, String name) {
            Matcher value = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
            assertThat(value.find()).as("%s in the key file", name).isTrue();
            return value.group(1);
        }

        String sign(String claims) throws Exception {
            Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
            String signingInput = encoder.encodeToString(("{\"alg\":\"RS256\",\"kid\":\"" + keyId + "\"}")
                    .getBytes(StandardCharsets.UTF_8)) + "." + encoder.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(key);
            signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + encoder.encodeToString(signer.sign());
        }
    }
}
