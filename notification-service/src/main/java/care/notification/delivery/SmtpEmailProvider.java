package care.notification.delivery;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

import care.contracts.notification.Channel;
import care.contracts.notification.NotificationFailed;
import care.contracts.notification.NotificationSent;

/**
 * Email through SMTP (Spring's mail support, {@code spring.mail.*}). The notification id becomes the
 * Message-ID, so a message handed over twice is recognisable as one. An SMTP server that accepted the
 * message has it: that is {@code SENT}; SMTP reports nothing later.
 */
public class SmtpEmailProvider implements MessageProvider {

    private final JavaMailSenderImpl mail;
    private final String from;

    public SmtpEmailProvider(JavaMailSenderImpl mail, String from) {
        this.mail = mail;
        this.from = from;
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public Accepted send(OutgoingMessage message) {
        String messageId = "<" + message.idempotencyKey() + "@care-platform>";
        try {
            MimeMessage mime = new MimeMessage(mail.getSession()) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", messageId);
                }
            };
            MimeMessageHelper helper = new MimeMessageHelper(mime, StandardCharsets.UTF_8.name());
            helper.setFrom(from);
            helper.setTo(message.to());
            helper.setSubject(message.subject() == null ? "" : message.subject());
            helper.setText(message.body(), false);
            mail.send(mime);
            return new Accepted(messageId, NotificationSent.Status.SENT);
        } catch (MessagingException e) {
            throw ProviderFailure.refused(NotificationFailed.Failure.INVALID_DESTINATION, "message could not be built");
        } catch (MailAuthenticationException e) {
            throw ProviderFailure.retryable(NotificationFailed.Failure.PROVIDER_ERROR, "SMTP authentication failed", e);
        } catch (MailSendException e) {
            if (e.getFailedMessages().isEmpty()) {
                // Only closing the connection failed: the server had accepted the message. Sending it again
                // would deliver it twice.
                return new Accepted(messageId, NotificationSent.Status.SENT);
            }
            throw classify(e);
        } catch (MailException e) {
            throw ProviderFailure.retryable(NotificationFailed.Failure.PROVIDER_ERROR, "SMTP failure", e);
        }
    }

    private static ProviderFailure classify(MailSendException e) {
        for (Exception failed : e.getFailedMessages().values()) {
            for (Throwable cause = failed; cause != null; cause = cause.getCause()) {
                if (cause instanceof SendFailedException refused && refused.getInvalidAddresses() != null
                        && refused.getInvalidAddresses().length > 0) {
                    return ProviderFailure.refused(NotificationFailed.Failure.INVALID_DESTINATION,
                            "SMTP server refused the recipient");
                }
                if (cause instanceof SocketTimeoutException) {
                    return ProviderFailure.retryable(NotificationFailed.Failure.TIMEOUT, "SMTP timeout", e);
                }
                if (cause instanceof ConnectException) {
                    return ProviderFailure.retryable(NotificationFailed.Failure.PROVIDER_ERROR,
                            "SMTP server unavailable", e);
                }
            }
        }
        return ProviderFailure.retryable(NotificationFailed.Failure.PROVIDER_ERROR, "SMTP failure", e);
    }
}
