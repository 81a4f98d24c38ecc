package care.notification.delivery;

import java.util.Objects;
import java.util.UUID;

import care.contracts.notification.Channel;

/**
 * One message to hand to a provider. The notification id is its idempotency key: a provider that sees the
 * same key twice (a retry after a lost answer, a second instance after a crash) sends it once.
 */
public record OutgoingMessage(UUID idempotencyKey, Channel channel, String to, String subject, String body) {

    public OutgoingMessage {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(body, "body");
    }

    /** Masks the address and the text: they must not reach a log. */
    @Override
    public String toString() {
        return "OutgoingMessage[idempotencyKey=" + idempotencyKey + ", channel=" + channel + ", to=***, body=***]";
    }
}
