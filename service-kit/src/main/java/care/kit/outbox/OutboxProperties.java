package care.kit.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the outbox relay ({@code care.outbox.*}).
 *
 * @param enabled      whether this instance runs a relay at all
 * @param pollInterval how often to look for pending events when not woken by a local write
 * @param batchSize    how many aggregates one round reads
 * @param leaseTime    how long one instance holds the publishing lease without renewing it
 * @param sendTimeout  how long to wait for the broker to acknowledge a round
 * @param linger       how long a relay woken by a local write waits for more writes before reading, so that a burst
 *                     of writes is published in few rounds (each round is one read per collection)
 */
@ConfigurationProperties("care.outbox")
public record OutboxProperties(Boolean enabled, Duration pollInterval, Integer batchSize, Duration leaseTime,
        Duration sendTimeout, Duration linger) {

    public OutboxProperties {
        enabled = enabled == null || enabled;
        pollInterval = pollInterval == null ? Duration.ofMillis(500) : pollInterval;
        batchSize = batchSize == null ? 1000 : batchSize;
        leaseTime = leaseTime == null ? Duration.ofSeconds(15) : leaseTime;
        sendTimeout = sendTimeout == null ? Duration.ofSeconds(30) : sendTimeout;
        linger = linger == null ? Duration.ofMillis(25) : linger;
    }
}
