package care.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import care.contracts.notification.Channel;
import care.contracts.notification.NotificationFailed.Failure;
import care.contracts.notification.NotificationSent;

class SmtpEmailProviderTest {

    static OutgoingMessage message() {
        return new OutgoingMessage(UUID.randomUUID(), Channel.EMAIL, "alex@example.test", "Clinic: a reminder",
                "Hello Alex,\n\na reminder.");
    }

    /** An SMTP client whose exchange with the server ends as {@code outcome} says. */
    static JavaMailSenderImpl ending(RuntimeException outcome) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl() {
            @Override
            protected void doSend(MimeMessage[] mimeMessages, Object[] originalMessages) {
                throw outcome;
            }
        };
        sender.setHost("localhost");
        return sender;
    }

    @Test
    void aMessageGoesThroughARealSmtpServerWithTheNotificationAsItsMessageId() throws Exception {
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        try {
            JavaMailSenderImpl sender = new JavaMailSenderImpl();
            sender.setHost("localhost");
            sender.setPort(smtp.getSmtp().getPort());
            OutgoingMessage message = message();
            MessageProvider.Accepted accepted = new SmtpEmailProvider(sender, "no-reply@clinic.test").send(message);
            assertThat(accepted.status()).isEqualTo(NotificationSent.Status.SENT);
            assertThat(accepted.providerMessageId()).isEqualTo("<" + message.idempotencyKey() + "@care-platform>");
            MimeMessage received = smtp.getReceivedMessages()[0];
            assertThat(received.getMessageID()).isEqualTo(accepted.providerMessageId());
            assertThat(received.getSubject()).isEqualTo("Clinic: a reminder");
            assertThat(GreenMailUtil.getBody(received)).contains("a reminder.");
        } finally {
            smtp.stop();
        }
    }

    @Test
    void whenOnlyClosingTheConnectionFailedTheMessageWasSentAndIsNotSentAgain() {
        SmtpEmailProvider provider = new SmtpEmailProvider(ending(new MailSendException(
                "Failed to close server connection after message sending", new MessagingException("421 closing"))),
                "no-reply@clinic.test");
        assertThat(provider.send(message()).status()).isEqualTo(NotificationSent.Status.SENT);
    }

    @Test
    void anUnreachableServerIsRetryable() {
        SmtpEmailProvider provider = new SmtpEmailProvider(ending(new MailSendException("Mail server connection failed",
                new ConnectException("Connection refused"), Map.of(new Object(), new ConnectException("refused")))),
                "no-reply@clinic.test");
        assertThatThrownBy(() -> provider.send(message())).isInstanceOfSatisfying(ProviderFailure.class,
                failure -> assertThat(failure.retryable()).isTrue());
    }

    @Test
    void aRecipientTheServerRefusesIsNotRetried() throws Exception {
        SendFailedException refused = new SendFailedException("550 no such user", null, new Address[0],
                new Address[0], new Address[] { new InternetAddress("alex@example.test") });
        SmtpEmailProvider provider = new SmtpEmailProvider(ending(new MailSendException(Map.of(new Object(), refused))),
                "no-reply@clinic.test");
        assertThatThrownBy(() -> provider.send(message())).isInstanceOfSatisfying(ProviderFailure.class, failure -> {
            assertThat(failure.retryable()).isFalse();
            assertThat(failure.failure()).isEqualTo(Failure.INVALID_DESTINATION);
        });
    }
}
