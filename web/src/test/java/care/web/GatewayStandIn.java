package care.web;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An HTTP server standing in for the gateway in this module's tests: {@code POST /dev/tokens} issues a token with
 * the asked roles and patient id, {@code POST /api/intake/patients} refuses what intake refuses (a problem with
 * field errors) and {@code GET /api/intake/patients/{id}} answers the registration once made. Every request is
 * recorded; {@link #expireTokens()} makes the API answer 401 as for an expired token, and {@link #answer(String,
 * String, int, String)} sets the answer to any other API request.
 */
final class GatewayStandIn implements AutoCloseable {

    record Received(String method, String path, Map<String, String> headers, String body) {
    }

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final Map<String, String> registered = new ConcurrentHashMap<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private volatile boolean expired;
    private final Map<String, String> queries = new ConcurrentHashMap<>();

    GatewayStandIn() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    Received next() throws InterruptedException {
        Received next = received.poll(10, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("the gateway stand-in received nothing");
        }
        return next;
    }

    /** The next request within the time given, or null. */
    Received poll(long millis) throws InterruptedException {
        return received.poll(millis, TimeUnit.MILLISECONDS);
    }

    void clear() {
        received.clear();
    }

    private record Answer(int status, String body) {
    }

    /** From now on, {@code method path} is answered with this status and JSON (a problem from 400 on). */
    void answer(String method, String path, int status, String body) {
        answers.put(method + " " + path, new Answer(status, body));
    }

    /** Back to the answers above only. */
    void forgetAnswers() {
        answers.clear();
    }

    /** The query string of the last {@code method path} request ("null" when it had none). */
    String lastQuery(String method, String path) {
        return queries.get(method + " " + path);
    }

    void expireTokens(boolean expired) {
        this.expired = expired;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        received.add(new Received(method, path, headers, body));
        queries.put(method + " " + path, String.valueOf(exchange.getRequestURI().getRawQuery()));
        if (method.equals("POST") && path.equals("/dev/tokens")) {
            JsonNode request = JSON.readTree(body);
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(request.path("subject").asString())
                    .claim("roles", JSON.convertValue(request.path("roles"), List.class));
            if (request.hasNonNull("patientId")) {
                claims.claim("patient_id", request.path("patientId").asString());
            }
            String token = new PlainJWT(claims.build()).serialize();
            answer(exchange, 200, "application/json",
                    "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
            return;
        }
        if (path.startsWith("/api/") && (expired || !headers.getOrDefault("Authorization", "").startsWith("Bearer "))) {
            answer(exchange, 401, "application/problem+json", "{\"type\":\"urn:care:problem:unauthenticated\","
                    + "\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"A valid bearer token is required.\"}");
            return;
        }
        Answer scripted = answers.get(method + " " + path);
        if (scripted != null) {
            answer(exchange, scripted.status(), scripted.status() >= 400 ? "application/problem+json"
                    : "application/json", scripted.body());
            return;
        }
        if (method.equals("POST") && path.equals("/api/intake/patients")) {
            JsonNode registration = JSON.readTree(body);
            if (!registration.path("phone").asString("").matches("\\+[1-9][0-9]{7,14}")) {
                answer(exchange, 400, "application/problem+json", "{\"type\":\"urn:care:problem:validation\","
                        + "\"title\":\"Invalid request\",\"status\":400,\"detail\":\"The request has invalid fields.\","
                        + "\"errors\":[{\"field\":\"phone\",\"message\":\"must be an E.164 number such as +14155550123\"}]}");
                return;
            }
            String patientId = "6f1c2e0a-3b7d-4c1e-9a55-0d2b8f4e7a10";
            registered.put(patientId, body);
            answer(exchange, 201, "application/json", "{\"patientId\":\"" + patientId + "\"}");
            return;
        }
        if (method.equals("GET") && path.startsWith("/api/intake/patients/")) {
            String id = path.substring("/api/intake/patients/".length());
            String registration = registered.get(id);
            if (registration == null) {
                answer(exchange, 404, "application/problem+json", "{\"type\":\"urn:care:problem:not-found\","
                        + "\"title\":\"Not found\",\"status\":404}");
                return;
            }
            JsonNode stored = JSON.readTree(registration);
            answer(exchange, 200, "application/json", "{\"patientId\":\"" + id + "\",\"givenName\":\""
                    + stored.path("givenName").asString() + "\",\"familyName\":\"" + stored.path("familyName").asString()
                    + "\",\"jurisdiction\":\"US-CA\",\"timeZone\":\"UTC\",\"registeredAt\":\"2026-05-01T10:00:00Z\"}");
            return;
        }
        answer(exchange, 404, "application/problem+json", "{\"status\":404,\"title\":\"Not found\"}");
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
