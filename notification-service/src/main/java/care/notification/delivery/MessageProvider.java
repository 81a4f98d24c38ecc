package care.notification.delivery;

import care.contracts.notification.Channel;
import care.contracts.notification.NotificationSent;

/**
 * A messaging provider for one channel: SMTP for email, an HTTP API for text messages and push. Calls are
 * made through {@link ResilientProvider}, never directly.
 */
public interface MessageProvider {

    /** The channel this provider delivers. */
    Channel channel();

    /**
     * Hands the message over.
     *
     * @return what the provider answered
     * @throws ProviderFailure when it did not take the message
     */
    Accepted send(OutgoingMessage message);

    /** The provider took the message: its own id for it (for delivery callbacks) and the status it reported. */
    record Accepted(String providerMessageId, NotificationSent.Status status) {
    }
}
