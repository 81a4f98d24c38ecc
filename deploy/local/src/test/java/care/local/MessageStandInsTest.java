package care.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@org.junit.jupiter.api.Tag("integration")
class MessageStandInsTest {

    private static final String SECRET = "test-webhook-secret";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A delivery report as the notification service would receive it. */
    record Callback(String path, String signature, String body) {
    }

    private final BlockingQueue<Callback> callbacks = new LinkedBlockingQueue<>();
    private HttpServer notificationService;
    private MessageStandIns standIns;
    private int smtpPort;
    private String url;

    @BeforeEach
    void start() throws Exception {
        notificationService = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        notificationService.createContext("/", exchange -> {
            callbacks.add(new Callback(exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("X-Care-Signature"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        notificationService.start();
        smtpPort = MongoStoreTest.freePort();
        standIns = new MessageStandIns(smtpPort, MongoStoreTest.freePort(),
                "http://localhost:" + notificationService.getAddress().getPort() + "/api/notifications/webhooks", SECRET);
        standIns.start();
        url = standIns.url();
    }

    @AfterEach
    void stop() {
        standIns.stop();
        notificationService.stop(0);
    }

    @Test
    void listsEmailReceivedOverSmtpForItsRecipient() throws Exception {
        sendEmail("patient@example.test", "Session tomorrow", "See you at 10:00.\r\nYour care team\r\n");
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Plain version", "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setContent("<p>HTML version</p>", "text/html; charset=UTF-8");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        sendEmail("coach@example.test", "Check-in due", alternative);

        JsonNode forPatient = list("?to=patient@example.test");
        assertThat(forPatient).hasSize(1);
        assertThat(forPatient.get(0).path("channel").asText()).isEqualTo("EMAIL");
        assertThat(forPatient.get(0).path("to").asText()).isEqualTo("patient@example.test");
        assertThat(forPatient.get(0).path("subject").asText()).isEqualTo("Session tomorrow");
        assertThat(forPatient.get(0).path("body").asText()).isEqualTo("See you at 10:00.\r\nYour care team");
        assertThat(Instant.parse(forPatient.get(0).path("receivedAt").asText())).isBeforeOrEqualTo(Instant.now());

        JsonNode all = list("");
        assertThat(all).hasSize(2);
        assertThat(all.get(1).path("to").asText()).isEqualTo("coach@example.test");
        assertThat(all.get(1).path("body").asText()).isEqualTo("Plain version");
        assertThat(list("?to=nobody@example.test")).isEmpty();
    }

    @Test
    void sameIdempotencyKeyGivesTheSameIdAndRecordsOneMessage() throws Exception {
        String sms = "{\"to\":\"+15555550123\",\"body\":\"Reminder: session at 10:00\",\"reference\":\"n-1\"}";
        HttpResponse<String> first = send("/sms/messages", "key-1", sms);
        HttpResponse<String> again = send("/sms/messages", "key-1", sms);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(200);
        String id = JSON.readTree(first.body()).path("id").asText();
        assertThat(id).isNotBlank();
        assertThat(JSON.readTree(first.body()).path("status").asText()).isEqualTo("queued");
        assertThat(JSON.readTree(again.body()).path("id").asText()).isEqualTo(id);

        JsonNode listed = list("?to=+15555550123");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("channel").asText()).isEqualTo("SMS");
        assertThat(listed.get(0).path("body").asText()).isEqualTo("Reminder: session at 10:00");
        assertThat(listed.get(0).has("subject")).isFalse();
        assertThat(list("?to=%2B15555550123")).hasSize(1);
        assertThat(list("?to=%2015555550123")).as("a plus the gateway form-decoded to a space").hasSize(1);

        assertThat(send("/sms/messages", "key-2", sms).statusCode()).isEqualTo(201);
        assertThat(list("?to=+15555550123")).hasSize(2);
    }

    @Test
    void reportsDeliveryToTheStatusCallbackSignedWithTheSecret() throws Exception {
        HttpResponse<String> accepted = send("/push/messages", "key-push",
                "{\"to\":\"device-token-1\",\"body\":\"Time for your check-in\",\"reference\":\"n-42\"}");
        assertThat(accepted.statusCode()).isEqualTo(201);
        String id = JSON.readTree(accepted.body()).path("id").asText();

        Callback callback = callbacks.poll(10, TimeUnit.SECONDS);
        assertThat(callback).as("delivery report within 10 s").isNotNull();
        assertThat(callback.path()).isEqualTo("/api/notifications/webhooks/push/status");
        JsonNode report = JSON.readTree(callback.body());
        assertThat(report.path("id").asText()).isEqualTo(id);
        assertThat(report.path("reference").asText()).isEqualTo("n-42");
        assertThat(report.path("status").asText()).isEqualTo("delivered");

        Matcher signature = Pattern.compile("t=(\\d+),v1=([0-9a-f]{64})").matcher(callback.signature());
        assertThat(signature.matches()).as(callback.signature()).isTrue();
        long timestamp = Long.parseLong(signature.group(1));
        assertThat(Math.abs(Instant.now().getEpochSecond() - timestamp)).isLessThan(30);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal((timestamp + "." + callback.body())
                .getBytes(StandardCharsets.UTF_8)));
        assertThat(signature.group(2)).isEqualTo(expected);

        assertThat(send("/sms/messages", "key-sms", "{\"to\":\"+15555550123\",\"body\":\"x\",\"reference\":\"n-43\"}")
                .statusCode()).isEqualTo(201);
        Callback sms = callbacks.poll(10, TimeUnit.SECONDS);
        assertThat(sms).isNotNull();
        assertThat(sms.path()).isEqualTo("/api/notifications/webhooks/sms/status");
        assertThat(JSON.readTree(sms.body()).path("reference").asText()).isEqualTo("n-43");
    }

    @Test
    void providerRejectsRequestsWithoutKeyIdempotencyKeyOrValidBody() throws Exception {
        String sms = "{\"to\":\"+15555550123\",\"body\":\"hi\",\"reference\":\"n-1\"}";
        HttpResponse<String> noKey = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/sms/messages"))
                .header("Idempotency-Key", "k").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(sms)).build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(noKey, 401);
        HttpResponse<String> noIdempotencyKey = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/sms/messages"))
                .header("Authorization", "Bearer local").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(sms)).build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(noIdempotencyKey, 400);
        assertProblem(send("/sms/messages", "k1", "not json"), 400);
        assertProblem(send("/sms/messages", "k2", "{\"to\":\"+15555550123\"}"), 400);
        assertProblem(send("/push/messages", "k3", "{\"body\":\"hi\"}"), 400);

        assertThat(list("")).isEmpty();
        assertThat(callbacks.poll(500, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void smsOutageAnswers503AndRecordsNothingUntilItEnds() throws Exception {
        HttpResponse<String> outage = post("/messages/outage", "{\"channel\":\"SMS\",\"seconds\":1}");
        assertThat(outage.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(outage.body()).path("channel").asText()).isEqualTo("SMS");
        Instant until = Instant.parse(JSON.readTree(outage.body()).path("until").asText());
        assertThat(until).isAfter(Instant.now());

        String sms = "{\"to\":\"+15555550123\",\"body\":\"hi\",\"reference\":\"n-1\"}";
        assertProblem(send("/sms/messages", "during", sms), 503);
        assertThat(send("/push/messages", "push", "{\"to\":\"device-1\",\"body\":\"hi\"}").statusCode()).isEqualTo(201);
        assertThat(list("?to=+15555550123")).isEmpty();

        sleepUntil(until.plusMillis(100));
        assertThat(send("/sms/messages", "after", sms).statusCode()).isEqualTo(201);
        assertThat(list("?to=+15555550123")).hasSize(1);
    }

    @Test
    void emailOutageRefusesMailThenAcceptsItAgainKeepingEarlierMail() throws Exception {
        sendEmail("patient@example.test", "Before", "first");
        HttpResponse<String> outage = post("/messages/outage", "{\"channel\":\"EMAIL\",\"seconds\":1}");
        assertThat(outage.statusCode()).isEqualTo(202);
        Instant until = Instant.parse(JSON.readTree(outage.body()).path("until").asText());

        assertThatThrownBy(() -> sendEmail("patient@example.test", "During", "lost"))
                .isInstanceOf(MessagingException.class);

        sleepUntil(until.plusMillis(100));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                sendEmail("patient@example.test", "After", "second");
                break;
            } catch (MessagingException notYet) {
                assertThat(System.nanoTime()).as("SMTP back within 10 s after the outage").isLessThan(deadline);
                Thread.sleep(100);
            }
        }
        JsonNode listed = list("?to=patient@example.test");
        assertThat(listed).hasSize(2);
        assertThat(listed.get(0).path("subject").asText()).isEqualTo("Before");
        assertThat(listed.get(1).path("subject").asText()).isEqualTo("After");
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"channel\":\"FAX\",\"seconds\":60}", "{\"channel\":\"SMS\",\"seconds\":0}",
            "{\"channel\":\"SMS\",\"seconds\":3601}", "{\"channel\":\"SMS\",\"seconds\":\"60\"}",
            "{\"channel\":\"SMS\",\"seconds\":1.5}", "{\"seconds\":60}", "not json", "[]" })
    void rejectsBadOutageRequests(String body) throws Exception {
        assertProblem(post("/messages/outage", body), 400);
        assertThat(send("/sms/messages", "k", "{\"to\":\"+15555550123\",\"body\":\"hi\"}").statusCode()).isEqualTo(201);
    }

    private static void assertProblem(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asText()).startsWith("urn:care:problem:");
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
    }

    private void sendEmail(String to, String subject, Object content) throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "localhost");
        properties.put("mail.smtp.port", String.valueOf(smtpPort));
        properties.put("mail.smtp.connectiontimeout", "2000");
        properties.put("mail.smtp.timeout", "5000");
        MimeMessage message = new MimeMessage(Session.getInstance(properties));
        message.setFrom(new InternetAddress("care@example.test"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        if (content instanceof MimeMultipart multipart) {
            message.setContent(multipart);
        } else {
            message.setText(content.toString(), "UTF-8");
        }
        Transport.send(message);
    }

    private JsonNode list(String query) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/messages" + query)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode messages = JSON.readTree(response.body());
        assertThat(messages.isArray()).isTrue();
        return messages;
    }

    private HttpResponse<String> send(String path, String idempotencyKey, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url + path))
                .header("Authorization", "Bearer local-key")
                .header("Idempotency-Key", idempotencyKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void sleepUntil(Instant instant) throws InterruptedException {
        long millis = Duration.between(Instant.now(), instant).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
