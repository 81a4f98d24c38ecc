package care.local;

import java.io.IOException;
import java.time.Instant;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import care.local.MessageStandIns.Channel;
import care.local.MessageStandIns.Message;

/**
 * The e-mail stand-in: a real SMTP server (GreenMail, no authentication, accepts mail for any address) on the
 * loopback interface. Every recipient of every accepted e-mail becomes one EMAIL message in the received list.
 * It can be stopped and started again (an e-mail outage refuses connections).
 */
final class SmtpStandIn {

    private static final Logger log = LoggerFactory.getLogger(SmtpStandIn.class);

    private final int port;
    private final ReceivedMessages received;
    private GreenMail mail;

    SmtpStandIn(int port, ReceivedMessages received) {
        this.port = port;
        this.received = received;
    }

    int port() {
        return port;
    }

    synchronized void start() {
        GreenMail server = new GreenMail(new ServerSetup(port, LocalNetwork.LOOPBACK, ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        UserManager users = server.getUserManager();
        MessageDeliveryHandler mailbox = users.getMessageDeliveryHandler();
        users.setMessageDeliveryHandler((message, recipient) -> {
            received.record(email(message.getMessage(), recipient.getEmail()));
            return mailbox.handle(message, recipient);
        });
        server.start();
        mail = server;
    }

    synchronized void stop() {
        if (mail != null) {
            mail.stop();
            mail = null;
        }
    }

    synchronized boolean running() {
        return mail != null;
    }

    private static Message email(MimeMessage message, String to) {
        String subject = null;
        String body = "";
        try {
            subject = message.getSubject();
            String text = plainText(message);
            body = text == null ? "" : text.replaceAll("[\r\n]+$", "");
        } catch (MessagingException | IOException e) {
            // The address stays out of the log: it is a patient's.
            log.warn("Cannot read an email: {}", e.toString());
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
}
