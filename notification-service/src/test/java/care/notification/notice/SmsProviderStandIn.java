package care.notification.notice;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The external text-message provider's HTTP API, as the tests need it: it keeps every accepted message,
 * honours idempotency keys like a real provider (the same key is the same message), and can be made to
 * fail with 503 for a while.
 */
final class SmsProviderStandIn implements AutoCloseable {

    record Accepted(String id, String key, String to, String body) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final Map<String, Accepted> byKey = new ConcurrentHashMap<>();
    private final List<Accepted> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean failing = new AtomicBoolean();
    private final java.util.Set<String> invalidNumbers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger refusedCalls = new AtomicInteger();

    SmsProviderStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/sms/messages", this::message);
        server.start();
    }

    String baseUrl() {
        return "http://localhost:" + server.getAddress().getPort() + "/sms";
    }

    /** Refuses messages to this number with 400, as a provider does for a number that does not exist. */
    void invalid(String phone) {
        invalidNumbers.add(phone);
    }

    void failing(boolean fail) {
        failing.set(fail);
    }

    int calls() {
        return calls.get();
    }

    int refusedCalls() {
        return refusedCalls.get();
    }

    List<Accepted> to(String phone) {
        synchronized (accepted) {
            return accepted.stream().filter(a -> a.to().equals(phone)).toList();
        }
    }

    List<Accepted> all() {
        synchronized (accepted) {
            return List.copyOf(accepted);
        }
    }

    private void message(HttpExchange exchange) throws IOException {
        calls.incrementAndGet();
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] raw = in.readAllBytes();
            if (failing.get()) {
                refusedCalls.incrementAndGet();
                respond(exchange, 503, "{\"title\":\"unavailable\"}");
                return;
            }
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (key == null || auth == null || !auth.startsWith("Bearer ")) {
                respond(exchange, 400, "{\"title\":\"bad request\"}");
                return;
            }
            JsonNode body = JSON.readTree(raw);
            if (invalidNumbers.contains(body.path("to").asString())) {
                refusedCalls.incrementAndGet();
                respond(exchange, 400, "{\"title\":\"invalid number\"}");
                return;
            }
            synchronized (byKey) {
                accept(exchange, key, body);
            }
        }
    }

    private void accept(HttpExchange exchange, String key, JsonNode body) throws IOException {
        {
            Accepted known = byKey.get(key);
            if (known != null) {
                respond(exchange, 200, "{\"id\":\"" + known.id() + "\",\"status\":\"queued\"}");
                return;
            }
            Accepted message = new Accepted("m-" + (byKey.size() + 1) + "-" + key.substring(0, 8), key,
                    body.path("to").asString(), body.path("body").asString());
            byKey.put(key, message);
            accepted.add(message);
            respond(exchange, 201, "{\"id\":\"" + message.id() + "\",\"status\":\"queued\"}");
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
