package care.local;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import care.local.MessageStandIns.Channel;

/** The message stand-ins' HTTP plumbing: JSON in and out, problem JSON for errors, query parameters. */
final class StandInHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger log = LoggerFactory.getLogger(StandInHttp.class);
    private static final String PROBLEM = "urn:care:problem:";

    private StandInHttp() {
    }

    interface Handler {
        void run() throws IOException;
    }

    /** Runs the handler, answers 500 when it fails unexpectedly, and closes the exchange in any case. */
    static void handle(HttpExchange exchange, Handler handler) throws IOException {
        try {
            handler.run();
        } catch (RuntimeException e) {
            log.warn("Message stand-in failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            problem(exchange, 500, "internal", "Internal error", e.getClass().getSimpleName());
        } finally {
            exchange.close();
        }
    }

    /** The request body as a JSON object, or null after answering 400 when it is not one. */
    static JsonNode readObject(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JacksonException malformed) {
            // answered below
        }
        problem(exchange, 400, "malformed-body", "Malformed body", "The body must be a JSON object.");
        return null;
    }

    /** A field's text, or null when it is missing, not a string or blank. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    /**
     * A query parameter, decoded, where a space stands for {@code +}: no address contains a space, and
     * {@code ?to=+15555550123} typed as is reaches this server with the plus as a literal {@code +}
     * directly, or as {@code %20} through the gateway, which form-decodes it.
     */
    static String queryParameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            if (key.equals(name) && equals >= 0) {
                String value = URLDecoder.decode(pair.substring(equals + 1).replace("+", "%2B"), StandardCharsets.UTF_8)
                        .replace(' ', '+');
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    /** 405 with {@code Allow} on the stand-ins' own paths, 404 elsewhere. */
    static void notFoundOrNotAllowed(HttpExchange exchange, String allowed) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/messages") || path.equals("/messages/outage") || path.equals("/sms/messages")
                || path.equals("/push/messages")) {
            exchange.getResponseHeaders().set("Allow", allowed);
            problem(exchange, 405, "method-not-allowed", "Method not allowed", "Use " + allowed + ".");
        } else {
            notFound(exchange);
        }
    }

    static void notFound(HttpExchange exchange) throws IOException {
        problem(exchange, 404, "not-found", "Not found", "No such endpoint on the message stand-in.");
    }

    static void problem(HttpExchange exchange, int status, String type, String title, String detail)
            throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", PROBLEM + type);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        send(exchange, status, "application/problem+json", JSON.writeValueAsBytes(problem));
    }

    static void json(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json", JSON.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** The channel as it appears in paths: {@code sms}, {@code push}. */
    static String lower(Channel channel) {
        return channel.name().toLowerCase(Locale.ROOT);
    }
}
