package care.local;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local mode's stand-ins for the outside world the notification service talks to, run inside the
 * launcher: a real SMTP server (GreenMail, no authentication, accepts mail for any address) and an
 * HTTP server playing the SMS and push provider. Everything either of them receives is kept in memory,
 * in order, so a developer can read what a patient would have got. Both listen on the loopback
 * interface only.
 * <p>
 * The HTTP server answers:
 * <ul>
 * <li>{@code POST /sms/messages} and {@code POST /push/messages}, the provider API: headers
 * {@code Authorization: Bearer <any key>} and {@code Idempotency-Key}, body
 * {@code {"to":"+15555550123","body":"text","reference":"r-1"}}; {@code 201 {"id":"...","status":"queued"}},
 * or {@code 200} with the same id when the Idempotency-Key was seen before (nothing recorded twice).
 * About {@link #DELIVERY_DELAY} later it reports delivery to the status callback, signed like a real
 * provider: {@code X-Care-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}.</li>
 * <li>{@code GET /messages?to=<address>}: what was received for that address (all without {@code to}),
 * email included, oldest first.</li>
 * <li>{@code POST /messages/outage} with {@code {"channel":"EMAIL|SMS|PUSH","seconds":1..3600}}: that
 * channel fails for a while. The provider answers 503; the SMTP server is stopped, so connections are
 * refused, and started again afterwards.</li>
 * </ul>
 * Errors are problem JSON ({@code application/problem+json}).
 */
final class MessageStandIns {

    static final int SMTP_PORT = 3025;
    static final int HTTP_PORT = 8089;
    /** Where the notification service takes delivery reports in local mode; {@code /sms/status} or {@code /push/status} follows. */
    static final String CALLBACK_BASE_URL = "http://localhost:8085/api/notifications/webhooks";
    /** The shared secret that signs delivery reports in local mode; the notification service's local profile uses the same. */
    static final String WEBHOOK_SECRET = "local-dev-webhook-secret";
    static final Duration DELIVERY_DELAY = Duration.ofMillis(200);
    static final int MAX_OUTAGE_SECONDS = 3600;

    enum Channel {
        EMAIL, SMS, PUSH
    }

    /** One message as {@code GET /messages} lists it; {@code subject} only for email. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Message(Channel channel, String to, String subject, String body, String receivedAt) {
    }

    /** The provider's answer to an accepted message. */
    record Accepted(String id, String status) {
    }

    /** The body of a delivery report, exactly as signed. */
    record DeliveryReport(String id, String reference, String status) {
    }

    /** The answer to an outage request: which channel fails, and until when. */
    record Outage(Channel channel, String until) {
    }

    private static final Logger log = LoggerFactory.getLogger(MessageStandIns.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROBLEM = "urn:care:problem:";

    private final int smtpPort;
    private final int httpPort;
    private volatile String callbackBaseUrl;
    private final String webhookSecret;
    /** Everything received, oldest first; also guards {@link #accepted}. Never held while taking this object's lock. */
    private final List<Message> messages = new ArrayList<>();
    /** Provider message id by channel and Idempotency-Key. */
    private final Map<String, String> accepted = new HashMap<>();
    /** Provider requests by channel and Idempotency-Key, whatever the answer (an outage's 503 included). */
    private final Map<String, Integer> requests = new HashMap<>();
    /** Guarded by this object, like {@link #mail} and {@link #http}. */
    private final Map<Channel, Instant> outages = new EnumMap<>(Channel.class);
    private final HttpClient callbacks = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Delivery reports and the ends of outages. */
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, task -> {
        Thread thread = new Thread(task, "message-stand-ins");
        thread.setDaemon(true);
        return thread;
    });
    private HttpServer http;
    private GreenMail mail;

    MessageStandIns(int smtpPort, int httpPort, String callbackBaseUrl, String webhookSecret) {
        this.smtpPort = smtpPort;
        this.httpPort = httpPort;
        this.callbackBaseUrl = callbackBaseUrl;
        this.webhookSecret = webhookSecret;
    }

    /** The stand-ins on their local-mode ports, reporting delivery to the local notification service. */
    static MessageStandIns local() {
        return new MessageStandIns(SMTP_PORT, HTTP_PORT, CALLBACK_BASE_URL, WEBHOOK_SECRET);
    }

    String url() {
        return "http://localhost:" + httpPort;
    }

    /** Sends later delivery reports here (e.g. through a gateway whose port was chosen after the start). */
    void reportTo(String callbackBaseUrl) {
        this.callbackBaseUrl = callbackBaseUrl;
    }

    int smtpPort() {
        return smtpPort;
    }

    int httpPort() {
        return httpPort;
    }

    synchronized void start() throws IOException {
        startMail();
        http = HttpServer.create(new InetSocketAddress(LocalNetwork.LOOPBACK, httpPort), 0);
        http.createContext("/sms/messages", exchange -> handle(exchange, () -> provider(exchange, Channel.SMS)));
        http.createContext("/push/messages", exchange -> handle(exchange, () -> provider(exchange, Channel.PUSH)));
        http.createContext("/messages", exchange -> handle(exchange, () -> listOrOutage(exchange)));
        http.createContext("/", exchange -> handle(exchange,
                () -> problem(exchange, 404, "not-found", "Not found", "No such endpoint on the message stand-in.")));
        http.start();
    }

    /** Stops both servers for good; what they received is forgotten with this object. */
    synchronized void stop() {
        if (http != null) {
            http.stop(0);
            http = null;
        }
        scheduler.shutdownNow();
        stopMail();
    }

    // ---- email -------------------------------------------------------------------------------------

    /** Starts GreenMail; every recipient of every accepted email becomes one EMAIL message in the list. */
    private synchronized void startMail() {
        GreenMail server = new GreenMail(new ServerSetup(smtpPort, LocalNetwork.LOOPBACK, ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        UserManager users = server.getUserManager();
        MessageDeliveryHandler mailbox = users.getMessageDeliveryHandler();
        users.setMessageDeliveryHandler((message, recipient) -> {
            record(email(message.getMessage(), recipient.getEmail()));
            return mailbox.handle(message, recipient);
        });
        server.start();
        mail = server;
    }

    private synchronized void stopMail() {
        if (mail != null) {
            mail.stop();
            mail = null;
        }
    }

    private static Message email(MimeMessage message, String to) {
        String subject = null;
        String body = "";
        try {
            subject = message.getSubject();
            String text = plainText(message);
            body = text == null ? "" : text.replaceAll("[\r\n]+$", "");
        } catch (MessagingException | IOException e) {
            log.warn("Cannot read an email to {}: {}", to, e.toString());
        }
        return new Message(Channel.EMAIL, to, subject == null ? "" : subject, body, Instant.now().toString());
    }

    /** The text/plain content of a message or of the first text/plain part inside it; null if none. */
    private static String plainText(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            return part.getContent().toString();
        }
        if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                String text = plainText(child);
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }

    // ---- SMS and push provider ----------------------------------------------------------------------

    private void provider(HttpExchange exchange, Channel channel) throws IOException {
        if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals(
                "/" + lower(channel) + "/messages")) {
            notFoundOrNotAllowed(exchange, "POST");
            return;
        }
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        synchronized (messages) {
            requests.merge(channel + " " + key, 1, Integer::sum);
        }
        Instant outageUntil = outageUntil(channel);
        if (outageUntil != null) {
            problem(exchange, 503, "provider-unavailable", "Provider unavailable",
                    "Simulated " + channel + " outage until " + outageUntil + ".");
            return;
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ") || authorization.substring(7).isBlank()) {
            problem(exchange, 401, "unauthenticated", "Unauthenticated", "Send Authorization: Bearer <API key>.");
            return;
        }
        String idempotencyKey = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            problem(exchange, 400, "invalid-request", "Invalid request", "The Idempotency-Key header is required.");
            return;
        }
        JsonNode request = readObject(exchange);
        if (request == null) {
            return;
        }
        String to = text(request, "to");
        String body = text(request, "body");
        if (to == null || body == null) {
            problem(exchange, 400, "invalid-request", "Invalid request", "'to' and 'body' must be non-empty strings.");
            return;
        }
        String reference = request.path("reference").isTextual() ? request.path("reference").asText() : null;
        String id;
        boolean repeated;
        synchronized (messages) {
            id = accepted.get(channel + " " + idempotencyKey);
            repeated = id != null;
            if (!repeated) {
                id = lower(channel) + "-" + UUID.randomUUID();
                accepted.put(channel + " " + idempotencyKey, id);
                messages.add(new Message(channel, to, null, body, Instant.now().toString()));
            }
        }
        if (repeated) {
            json(exchange, 200, new Accepted(id, "queued"));
            return;
        }
        String providerId = id;
        scheduler.schedule(() -> reportDelivery(channel, providerId, reference), DELIVERY_DELAY.toMillis(),
                TimeUnit.MILLISECONDS);
        json(exchange, 201, new Accepted(id, "queued"));
    }

    /** How many provider requests carried this Idempotency-Key on this channel, answered or refused. */
    int requests(Channel channel, String idempotencyKey) {
        synchronized (messages) {
            return requests.getOrDefault(channel + " " + idempotencyKey, 0);
        }
    }

    /** Whether a message with this Idempotency-Key was accepted on this channel (it is recorded once). */
    boolean accepted(Channel channel, String idempotencyKey) {
        synchronized (messages) {
            return accepted.containsKey(channel + " " + idempotencyKey);
        }
    }

    /** What this address received on this channel, oldest first. */
    List<Message> received(Channel channel, String to) {
        synchronized (messages) {
            return messages.stream().filter(message -> message.channel() == channel && message.to().equalsIgnoreCase(to))
                    .toList();
        }
    }

    /** Posts a signed "delivered" report to the channel's status callback; a failure is only logged. */
    private void reportDelivery(Channel channel, String id, String reference) {
        DeliveryReport report = new DeliveryReport(id, reference, "delivered");
        String url = callbackBaseUrl + "/" + lower(channel) + "/status";
        try {
            String body = JSON.writeValueAsString(report);
            long timestamp = Instant.now().getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json")
                    .header("X-Care-Signature", "t=" + timestamp + ",v1=" + sign(webhookSecret, timestamp + "." + body))
                    .timeout(Duration.ofSeconds(5))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
            callbacks.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                if (failure != null) {
                    log.warn("Delivery report for {} {} to {} failed: {}", channel, id, url, failure.toString());
                } else if (response.statusCode() >= 300) {
                    log.warn("Delivery report for {} {} to {} answered {}", channel, id, url, response.statusCode());
                }
            });
        } catch (RuntimeException | IOException e) {
            log.warn("Delivery report for {} {} to {} failed: {}", channel, id, url, e.toString());
        }
    }

    /** Lowercase hex HMAC-SHA256 of the payload with this secret, as in {@code X-Care-Signature}'s {@code v1}. */
    static String sign(String secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    // ---- listing and outages -------------------------------------------------------------------------

    private void listOrOutage(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/messages") && exchange.getRequestMethod().equals("GET")) {
            String to = queryParameter(exchange.getRequestURI().getRawQuery(), "to");
            List<Message> found;
            synchronized (messages) {
                found = messages.stream().filter(message -> to == null || message.to().equalsIgnoreCase(to)).toList();
            }
            json(exchange, 200, found);
        } else if (path.equals("/messages/outage") && exchange.getRequestMethod().equals("POST")) {
            outage(exchange);
        } else {
            notFoundOrNotAllowed(exchange, path.equals("/messages") ? "GET" : "POST");
        }
    }

    private void outage(HttpExchange exchange) throws IOException {
        JsonNode request = readObject(exchange);
        if (request == null) {
            return;
        }
        Channel channel = null;
        for (Channel candidate : Channel.values()) {
            if (candidate.name().equals(text(request, "channel"))) {
                channel = candidate;
            }
        }
        JsonNode seconds = request.path("seconds");
        if (channel == null || !seconds.canConvertToInt() || !seconds.isIntegralNumber() || seconds.asInt() < 1
                || seconds.asInt() > MAX_OUTAGE_SECONDS) {
            problem(exchange, 400, "invalid-request", "Invalid request",
                    "Send {\"channel\":\"EMAIL\"|\"SMS\"|\"PUSH\",\"seconds\":1.." + MAX_OUTAGE_SECONDS + "}.");
            return;
        }
        Instant until = Instant.now().plusSeconds(seconds.asInt());
        synchronized (this) {
            outages.put(channel, until);
            if (channel == Channel.EMAIL) {
                stopMail();
            }
        }
        log.info("Simulated {} outage until {}", channel, until);
        Channel ended = channel;
        scheduler.schedule(() -> endOutage(ended), seconds.asLong(), TimeUnit.SECONDS);
        json(exchange, 202, new Outage(channel, until.toString()));
    }

    /** Ends the channel's outage once it is over (a later request may have moved its end). */
    private synchronized void endOutage(Channel channel) {
        Instant until = outages.get(channel);
        if (until == null || scheduler.isShutdown()) {
            return;
        }
        long left = Duration.between(Instant.now(), until).toMillis();
        if (left > 0) {
            scheduler.schedule(() -> endOutage(channel), left, TimeUnit.MILLISECONDS);
            return;
        }
        outages.remove(channel);
        if (channel == Channel.EMAIL && mail == null) {
            try {
                startMail();
            } catch (RuntimeException e) {
                log.warn("Cannot restart the SMTP server on port {}, retrying in 1 s: {}", smtpPort, e.toString());
                outages.put(channel, Instant.now());
                scheduler.schedule(() -> endOutage(channel), 1, TimeUnit.SECONDS);
                return;
            }
        }
        log.info("Simulated {} outage over", channel);
    }

    private synchronized Instant outageUntil(Channel channel) {
        Instant until = outages.get(channel);
        return until != null && Instant.now().isBefore(until) ? until : null;
    }

    private void record(Message message) {
        synchronized (messages) {
            messages.add(message);
        }
    }

    // ---- HTTP helpers -------------------------------------------------------------------------------

    private interface Handler {
        void run() throws IOException;
    }

    private static void handle(HttpExchange exchange, Handler handler) throws IOException {
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
    private static JsonNode readObject(HttpExchange exchange) throws IOException {
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

    private static String text(JsonNode node, String field) {
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

    private static void notFoundOrNotAllowed(HttpExchange exchange, String allowed) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/messages") || path.equals("/messages/outage") || path.equals("/sms/messages")
                || path.equals("/push/messages")) {
            exchange.getResponseHeaders().set("Allow", allowed);
            problem(exchange, 405, "method-not-allowed", "Method not allowed", "Use " + allowed + ".");
        } else {
            problem(exchange, 404, "not-found", "Not found", "No such endpoint on the message stand-in.");
        }
    }

    private static void problem(HttpExchange exchange, int status, String type, String title, String detail)
            throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", PROBLEM + type);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        send(exchange, status, "application/problem+json", JSON.writeValueAsBytes(problem));
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json", JSON.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String lower(Channel channel) {
        return channel.name().toLowerCase(Locale.ROOT);
    }
}
