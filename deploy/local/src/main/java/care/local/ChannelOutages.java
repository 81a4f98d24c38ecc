package care.local;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import care.local.MessageStandIns.Channel;

/**
 * Simulated outages, asked for with {@code POST /messages/outage} and
 * {@code {"channel":"EMAIL|SMS|PUSH","seconds":1..3600}}: the provider answers 503 on that channel meanwhile;
 * for e-mail the SMTP server is stopped, so connections are refused, and started again afterwards. Its lock is
 * taken before the SMTP server's, never after.
 */
final class ChannelOutages {

    /** The answer to an outage request: which channel fails, and until when. */
    record Outage(Channel channel, String until) {
    }

    private static final Logger log = LoggerFactory.getLogger(ChannelOutages.class);

    private final Map<Channel, Instant> outages = new EnumMap<>(Channel.class);
    private final SmtpStandIn smtp;
    private final ScheduledExecutorService scheduler;

    ChannelOutages(SmtpStandIn smtp, ScheduledExecutorService scheduler) {
        this.smtp = smtp;
        this.scheduler = scheduler;
    }

    void handle(HttpExchange exchange) throws IOException {
        JsonNode request = StandInHttp.readObject(exchange);
        if (request == null) {
            return;
        }
        Channel channel = null;
        for (Channel candidate : Channel.values()) {
            if (candidate.name().equals(StandInHttp.text(request, "channel"))) {
                channel = candidate;
            }
        }
        JsonNode seconds = request.path("seconds");
        if (channel == null || !seconds.canConvertToInt() || !seconds.isIntegralNumber() || seconds.asInt() < 1
                || seconds.asInt() > MessageStandIns.MAX_OUTAGE_SECONDS) {
            StandInHttp.problem(exchange, 400, "invalid-request", "Invalid request",
                    "Send {\"channel\":\"EMAIL\"|\"SMS\"|\"PUSH\",\"seconds\":1.." + MessageStandIns.MAX_OUTAGE_SECONDS
                            + "}.");
            return;
        }
        Instant until = Instant.now().plusSeconds(seconds.asInt());
        synchronized (this) {
            outages.put(channel, until);
            if (channel == Channel.EMAIL) {
                smtp.stop();
            }
        }
        log.info("Simulated {} outage until {}", channel, until);
        Channel ended = channel;
        scheduler.schedule(() -> end(ended), seconds.asLong(), TimeUnit.SECONDS);
        StandInHttp.json(exchange, 202, new Outage(channel, until.toString()));
    }

    /** Until when the channel fails, or null when it does not. */
    synchronized Instant until(Channel channel) {
        Instant until = outages.get(channel);
        return until != null && Instant.now().isBefore(until) ? until : null;
    }

    /** Stops the SMTP server for good; call once the scheduler is shut down, so no outage's end restarts it. */
    synchronized void stopMail() {
        smtp.stop();
    }

    /** Ends the channel's outage once it is over (a later request may have moved its end). */
    private synchronized void end(Channel channel) {
        Instant until = outages.get(channel);
        if (until == null || scheduler.isShutdown()) {
            return;
        }
        long left = Duration.between(Instant.now(), until).toMillis();
        if (left > 0) {
            scheduler.schedule(() -> end(channel), left, TimeUnit.MILLISECONDS);
            return;
        }
        outages.remove(channel);
        if (channel == Channel.EMAIL && !smtp.running()) {
            try {
                smtp.start();
            } catch (RuntimeException e) {
                log.warn("Cannot restart the SMTP server on port {}, retrying in 1 s: {}", smtp.port(), e.toString());
                outages.put(channel, Instant.now());
                scheduler.schedule(() -> end(channel), 1, TimeUnit.SECONDS);
                return;
            }
        }
        log.info("Simulated {} outage over", channel);
    }
}
