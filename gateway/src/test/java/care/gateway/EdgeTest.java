package care.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway as the door: tokens checked before routing, per-caller rate limits, CORS, security headers, body
 * limits, request ids, timeouts and circuit breakers per service. The services are HTTP stand-ins here; the same
 * door is exercised in front of the real service processes by the system tests (deploy/local).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "care.gateway.rate-limits.read.limit=1000", "care.gateway.rate-limits.write.limit=1000",
        "care.gateway.rate-limits.routes.scheduling.paths=/api/scheduling/**",
        "care.gateway.rate-limits.routes.scheduling.read.limit=3",
        "care.gateway.rate-limits.routes.scheduling.read.period=1m",
        "care.gateway.cors.allowed-origins=https://app.clinic.test",
        "care.gateway.limits.request-body=1KB", "care.gateway.limits.response-body=2KB",
        "care.gateway.services.session.timeout=500ms",
        "care.gateway.resilience.minimum-calls=4", "care.gateway.resilience.sliding-window=4",
        "care.gateway.resilience.open-for=60s",
        // As behind a TLS-terminating load balancer (docs/edge.md).
        "server.forward-headers-strategy=native" })
@org.junit.jupiter.api.Tag("integration")
class EdgeTest {

    private static final RecordingUpstream INTAKE = new RecordingUpstream("intake");
    private static final RecordingUpstream SCHEDULING = new RecordingUpstream("scheduling");
    private static final RecordingUpstream SLOW = new RecordingUpstream(200, 3000, "{}".getBytes(StandardCharsets.UTF_8));
    private static final RecordingUpstream FAILING = new RecordingUpstream(503, 0,
            "{\"status\":503}".getBytes(StandardCharsets.UTF_8));
    private static final RecordingUpstream LARGE = new RecordingUpstream(200, 0, new byte[4096]);
    private static final RecordingUpstream NOTIFICATION = new RecordingUpstream("notification");
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TestIssuer ISSUER = TestIssuer.get();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) throws IOException {
        TestIssuer.configure(registry);
        registry.add("care.gateway.services.intake.url", INTAKE::url);
        registry.add("care.gateway.services.scheduling.url", SCHEDULING::url);
        registry.add("care.gateway.services.session.url", SLOW::url);
        registry.add("care.gateway.services.integration.url", FAILING::url);
        registry.add("care.gateway.services.notification.url", NOTIFICATION::url);
        registry.add("care.gateway.services.large.url", LARGE::url);
        registry.add("care.gateway.services.large.paths", () -> "/api/large/**");
        String down = RecordingUpstream.nobodyListening();
        registry.add("care.gateway.services.unreachable.url", () -> down);
        registry.add("care.gateway.services.unreachable.paths", () -> "/api/unreachable/**");
    }

    @AfterAll
    static void stop() {
        for (RecordingUpstream upstream : new RecordingUpstream[] { INTAKE, SCHEDULING, SLOW, FAILING, LARGE, NOTIFICATION }) {
            upstream.close();
        }
    }

    @Test
    void refusesMissingAndInvalidTokensItselfWithProblemDetails() throws Exception {
        int before = INTAKE.calls();
        String[] refused = { null, "not-a-jwt", ISSUER.unsigned("u1"), ISSUER.forged("u1"),
                ISSUER.token(claims -> claims.subject("u1").issuedAt(Instant.now().minusSeconds(7200))
                        .notBefore(Instant.now().minusSeconds(7200)).expiresAt(Instant.now().minusSeconds(3600))),
                ISSUER.token(claims -> claims.subject("u1").audience(java.util.List.of("another-app"))),
                ISSUER.token(claims -> claims.subject("u1").issuer("https://elsewhere.test")),
                ISSUER.token(claims -> claims.subject("u1").claims(all -> all.remove("exp"))) };
        for (String token : refused) {
            HttpResponse<String> response = send(get("/api/intake/patients/p-1").headers(auth(token)));
            assertThat(response.statusCode()).as(String.valueOf(token)).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    value -> assertThat(value).startsWith("Bearer"));
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.path("type").asString()).isEqualTo("urn:care:problem:unauthenticated");
            assertThat(response.body()).doesNotContain("Exception", "trace");
            if (token != null) {
                assertThat(response.body()).doesNotContain(token);
            }
        }
        assertThat(INTAKE.calls()).as("nothing reached the service").isEqualTo(before);

        HttpResponse<String> valid = send(get("/api/intake/patients/p-1").headers(auth(ISSUER.token("u1", "PATIENT"))));
        assertThat(valid.statusCode()).isEqualTo(200);
    }

    @Test
    void signedWebhooksPassWithoutAUserToken() throws Exception {
        HttpResponse<String> webhook = send(HttpRequest.newBuilder(uri("/api/notifications/webhooks/sms/inbound"))
                .header("Content-Type", "application/json").header("X-Care-Signature", "t=1,v1=00")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        // Through to the service (here a stand-in), which verifies the signature; a GET there still needs a token.
        assertThat(webhook.statusCode()).isEqualTo(200);
        assertThat(webhook.body()).isEqualTo("{\"service\":\"notification\"}");
        assertThat(send(get("/api/notifications/webhooks/sms/inbound")).statusCode()).isEqualTo(401);
    }

    @Test
    void aCallerOverItsBudgetGets429WhileAnotherCallerIsServed() throws Exception {
        String greedy = ISSUER.token("greedy-caller", "PATIENT");
        String other = ISSUER.token("other-caller", "PATIENT");
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> ok = send(get("/api/scheduling/plans").headers(auth(greedy)));
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("RateLimit-Limit")).hasValue("3");
            assertThat(ok.headers().firstValue("RateLimit-Remaining")).hasValue(String.valueOf(2 - i));
            assertThat(ok.headers().firstValue("RateLimit-Policy")).hasValue("3;w=60");
        }
        int reached = SCHEDULING.calls();
        HttpResponse<String> limited = send(get("/api/scheduling/plans").headers(auth(greedy)));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));
        assertThat(limited.headers().firstValue("RateLimit-Remaining")).hasValue("0");
        assertThat(limited.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(limited.body()).path("type").asString()).isEqualTo("urn:care:problem:rate-limited");
        assertThat(SCHEDULING.calls()).as("the refused request never reached the service").isEqualTo(reached);

        assertThat(send(get("/api/scheduling/plans").headers(auth(other))).statusCode()).isEqualTo(200);
        // Writes and other routes have budgets of their own.
        assertThat(send(get("/api/intake/patients/p-1").headers(auth(greedy))).statusCode()).isEqualTo(200);

        HttpResponse<String> metrics = CLIENT.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).containsPattern(
                "care_gateway_rate_limited_total\\{[^}]*kind=\"read\"[^}]*route=\"scheduling\"[^}]*} 1\\.0");
        assertThat(metrics.body()).doesNotContain("greedy-caller");
    }

    @Test
    void preflightIsAnsweredForAListedOriginAndRefusedForAnother() throws Exception {
        int before = INTAKE.calls();
        HttpResponse<String> allowed = send(HttpRequest.newBuilder(uri("/api/intake/patients"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.clinic.test")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type, idempotency-key"));
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.clinic.test");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");

        HttpResponse<String> refused = send(HttpRequest.newBuilder(uri("/api/intake/patients"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(refused.body()).contains("urn:care:problem:origin-not-allowed");

        HttpResponse<String> actual = send(get("/api/intake/patients/p-1").header("Origin", "https://evil.example")
                .headers(auth(ISSUER.token("u1", "PATIENT"))));
        assertThat(actual.statusCode()).isEqualTo(403);
        assertThat(INTAKE.calls()).as("preflights and refused origins never reach the service").isEqualTo(before);

        HttpResponse<String> listed = send(get("/api/intake/patients/p-1").header("Origin", "https://app.clinic.test")
                .headers(auth(ISSUER.token("u1", "PATIENT"))));
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.clinic.test");
        assertThat(listed.headers().firstValue("Access-Control-Expose-Headers").orElse(""))
                .contains("Retry-After", "RateLimit-Remaining", "X-Request-Id");
    }

    @Test
    void everyAnswerCarriesTheSecurityHeadersAndApiAnswersAreNotStored() throws Exception {
        HttpResponse<String> routed = send(get("/api/intake/patients/p-1").headers(auth(ISSUER.token("u1", "PATIENT"))));
        HttpResponse<String> refused = send(get("/api/intake/patients/p-1"));
        HttpResponse<String> notFound = send(get("/nothing-here"));
        for (HttpResponse<String> response : java.util.List.of(routed, refused, notFound)) {
            var headers = response.headers();
            assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(headers.firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(headers.firstValue("Content-Security-Policy").orElse("")).contains("frame-ancestors 'none'");
            assertThat(headers.firstValue("Referrer-Policy")).hasValue("no-referrer");
            assertThat(headers.firstValue("X-Request-Id")).isPresent();
            // Plain HTTP here: HSTS only over TLS.
            assertThat(headers.firstValue("Strict-Transport-Security")).isEmpty();
        }
        assertThat(routed.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(refused.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
    }

    @Test
    void answersOverTlsCarryStrictTransportSecurity() throws Exception {
        HttpResponse<String> secure = send(get("/api/intake/patients/p-1").headers(auth(ISSUER.token("u1", "PATIENT")))
                .header("X-Forwarded-Proto", "https"));
        assertThat(secure.statusCode()).isEqualTo(200);
        assertThat(secure.headers().firstValue("Strict-Transport-Security"))
                .hasValue("max-age=31536000 ; includeSubDomains");
    }

    @Test
    void requestIdsAndTraceContextArePassedOnOrCreated() throws Exception {
        String token = ISSUER.token("u1", "PATIENT");
        INTAKE.clear();
        HttpResponse<String> given = send(get("/api/intake/patients/p-1").headers(auth(token))
                .header("X-Request-Id", "req-123")
                .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        assertThat(given.headers().firstValue("X-Request-Id")).hasValue("req-123");
        RecordingUpstream.Received received = INTAKE.next();
        assertThat(received.headers()).containsEntry("X-Request-Id", "req-123")
                .containsEntry("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .containsEntry("X-Correlation-Id", "req-123");

        HttpResponse<String> created = send(get("/api/intake/patients/p-1").headers(auth(token))
                .header("X-Request-Id", "bad id with spaces").header("traceparent", "garbage"));
        String id = created.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(id).matches("[0-9a-f-]{36}");
        RecordingUpstream.Received fresh = INTAKE.next();
        assertThat(fresh.headers().get("X-Request-Id")).isEqualTo(id);
        assertThat(fresh.headers().get("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    }

    @Test
    void bodiesOverTheLimitsStopAtTheGateway() throws Exception {
        String token = ISSUER.token("u1", "PATIENT");
        int before = INTAKE.calls();
        HttpResponse<String> tooLarge = send(HttpRequest.newBuilder(uri("/api/intake/patients"))
                .headers(auth(token)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"x\":\"" + "a".repeat(2000) + "\"}")));
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("urn:care:problem:body-too-large");
        assertThat(INTAKE.calls()).isEqualTo(before);

        HttpResponse<String> largeAnswer = send(get("/api/large/patients/p-1").headers(auth(token)));
        assertThat(largeAnswer.statusCode()).isEqualTo(502);
        assertThat(largeAnswer.body()).contains("urn:care:problem:upstream-response-too-large");
    }

    @Test
    void aSlowServiceIsATimeoutProblem() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = send(get("/api/sessions/s-1").headers(auth(ISSUER.token("u1", "PATIENT"))));
        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.body()).contains("urn:care:problem:upstream-timeout");
        assertThat(System.nanoTime() - started).as("answered at the timeout, not when the service finished")
                .isLessThan(2_500_000_000L);
    }

    @Test
    void aFailingServiceOpensItsCircuitAndIsNotCalledWhileOpen() throws Exception {
        String token = ISSUER.token("u1", "PATIENT");
        for (int i = 0; i < 4; i++) {
            assertThat(send(get("/api/integration/progress").headers(auth(token))).statusCode()).isEqualTo(503);
        }
        int reached = FAILING.calls();
        HttpResponse<String> open = send(get("/api/integration/progress").headers(auth(token)));
        assertThat(open.statusCode()).isEqualTo(503);
        assertThat(open.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(open.body()).contains("urn:care:problem:upstream-unavailable");
        assertThat(FAILING.calls()).as("not called while the circuit is open").isEqualTo(reached);
        // Other services are not affected.
        assertThat(send(get("/api/intake/patients/p-1").headers(auth(token))).statusCode()).isEqualTo(200);
    }

    @Test
    void anUnreachableServiceIsServiceUnavailable() throws Exception {
        HttpResponse<String> response = send(get("/api/unreachable/x").headers(auth(ISSUER.token("u1", "PATIENT"))));
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("urn:care:problem:upstream-unavailable").doesNotContain("Exception");
    }

    @Test
    void servesEveryServicesApiDocumentAndOneUi() throws Exception {
        INTAKE.clear();
        HttpResponse<String> document = send(get("/v3/api-docs/intake"));
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(INTAKE.next().pathAndQuery()).isEqualTo("/v3/api-docs");

        HttpResponse<String> page = send(get("/api-docs"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/webjars/swagger-ui/").doesNotContain("<script>");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'");
        HttpResponse<String> init = send(get("/api-docs/init.js"));
        for (String service : new String[] { "intake", "scheduling", "session", "integration", "notification" }) {
            assertThat(init.body()).contains("/v3/api-docs/" + service);
        }
        String bundle = page.body().replaceAll("(?s).*src=\"(/webjars/swagger-ui/[^\"]+bundle\\.js)\".*", "$1");
        assertThat(send(get(bundle)).statusCode()).isEqualTo(200);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET();
    }

    private static String[] auth(String token) {
        return token == null ? new String[] { "Accept", "application/json" }
                : new String[] { "Authorization", "Bearer " + token };
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
