package care.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

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
 * <p>
 * This class wires and routes; the parts are {@link SmtpStandIn} (e-mail), {@link ProviderStandIn} (SMS and push),
 * {@link DeliveryReports} (the provider's signed webhooks), {@link ChannelOutages} and {@link ReceivedMessages}.
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

    private final int httpPort;
    private final ReceivedMessages received = new ReceivedMessages();
    /** Delivery reports and the ends of outages. */
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, task -> {
        Thread thread = new Thread(task, "message-stand-ins");
        thread.setDaemon(true);
        return thread;
    });
    private final SmtpStandIn smtp;
    private final DeliveryReports reports;
    private final ChannelOutages outages;
    private final ProviderStandIn provider;
    /** Guarded by this object. */
    private HttpServer http;

    MessageStandIns(int smtpPort, int httpPort, String callbackBaseUrl, String webhookSecret) {
        this.httpPort = httpPort;
        this.smtp = new SmtpStandIn(smtpPort, received);
        this.reports = new DeliveryReports(callbackBaseUrl, webhookSecret, scheduler);
        this.outages = new ChannelOutages(smtp, scheduler);
        this.provider = new ProviderStandIn(received, outages, reports);
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
        reports.reportTo(callbackBaseUrl);
    }

    int smtpPort() {
        return smtp.port();
    }

    int httpPort() {
        return httpPort;
    }

    synchronized void start() throws IOException {
        smtp.start();
        http = HttpServer.create(new InetSocketAddress(LocalNetwork.LOOPBACK, httpPort), 0);
        http.createContext("/sms/messages",
                exchange -> StandInHttp.handle(exchange, () -> provider.handle(exchange, Channel.SMS)));
        http.createContext("/push/messages",
                exchange -> StandInHttp.handle(exchange, () -> provider.handle(exchange, Channel.PUSH)));
        http.createContext("/messages", exchange -> StandInHttp.handle(exchange, () -> listOrOutage(exchange)));
        http.createContext("/", exchange -> StandInHttp.handle(exchange, () -> StandInHttp.notFound(exchange)));
        http.start();
    }

    /** Stops both servers for good; what they received is forgotten with this object. */
    synchronized void stop() {
        if (http != null) {
            http.stop(0);
            http = null;
        }
        scheduler.shutdownNow();
        outages.stopMail();
    }

    /** How many provider requests carried this Idempotency-Key on this channel, answered or refused. */
    int requests(Channel channel, String idempotencyKey) {
        return received.requests(channel, idempotencyKey);
    }

    /** Whether a message with this Idempotency-Key was accepted on this channel (it is recorded once). */
    boolean accepted(Channel channel, String idempotencyKey) {
        return received.accepted(channel, idempotencyKey);
    }

    /** What this address received on this channel, oldest first. */
    List<Message> received(Channel channel, String to) {
        return received.received(channel, to);
    }

    private void listOrOutage(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/messages") && exchange.getRequestMethod().equals("GET")) {
            String to = StandInHttp.queryParameter(exchange.getRequestURI().getRawQuery(), "to");
            StandInHttp.json(exchange, 200, received.to(to));
        } else if (path.equals("/messages/outage") && exchange.getRequestMethod().equals("POST")) {
            outages.handle(exchange);
        } else {
            StandInHttp.notFoundOrNotAllowed(exchange, path.equals("/messages") ? "GET" : "POST");
        }
    }
}
