package care.notification;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import care.contracts.notification.Channel;
import care.notification.delivery.HttpMessageProvider;
import care.notification.delivery.ProviderSettings;
import care.notification.delivery.ResilientProvider;
import care.notification.delivery.SmtpEmailProvider;
import care.notification.notice.NotificationSettings;
import care.notification.notice.WebhookSignature;
import care.notification.policy.MessageTemplates;
import tools.jackson.databind.json.JsonMapper;

/**
 * The notification rules ({@code care.notification.*}), the providers' webhook signature, the message templates (checked at start-up
 * against the configured clinic name) and one resilient provider per configured channel
 * ({@code care.notification.providers.email|sms|push}; email is configured by {@code spring.mail.host}).
 */
@Configuration(proxyBeanMethods = false)
class NotificationConfiguration {

    @Bean
    NotificationSettings notificationSettings(Environment environment) {
        return Binder.get(environment).bindOrCreate("care.notification", NotificationSettings.class);
    }

    @Bean
    WebhookSignature webhookSignature(@Value("${care.notification.webhook-secret:}") String secret,
            @Value("${care.notification.webhook-tolerance:PT5M}") Duration tolerance) {
        return new WebhookSignature(secret, tolerance);
    }

    @Bean
    MessageTemplates messageTemplates(NotificationSettings settings) {
        return new MessageTemplates(settings.clinicName());
    }

    @Bean
    Map<Channel, ResilientProvider> messageProviders(Environment environment, ObjectProvider<JavaMailSenderImpl> mail,
            MeterRegistry meters) {
        Binder binder = Binder.get(environment);
        Map<Channel, ResilientProvider> providers = new EnumMap<>(Channel.class);
        JsonMapper json = JsonMapper.builder().build();
        for (Channel channel : Channel.values()) {
            String prefix = "care.notification.providers." + channel.name().toLowerCase(java.util.Locale.ROOT);
            ProviderSettings settings = binder.bind(prefix, ProviderSettings.class)
                    .orElseGet(() -> new ProviderSettings(null, null, null, null, null));
            if (channel == Channel.EMAIL) {
                JavaMailSenderImpl sender = mail.getIfAvailable();
                if (sender != null && sender.getHost() != null && !sender.getHost().isBlank()) {
                    String from = settings.from() == null ? "no-reply@clinic.example" : settings.from();
                    providers.put(channel, new ResilientProvider(new SmtpEmailProvider(sender, from),
                            settings.resilience(), meters));
                }
            } else if (settings.baseUrl() != null) {
                if (settings.apiKey() == null || settings.apiKey().isBlank()) {
                    throw new IllegalStateException(prefix + ".api-key is required with " + prefix + ".base-url");
                }
                providers.put(channel, new ResilientProvider(new HttpMessageProvider(channel, settings.baseUrl(),
                        settings.apiKey(), settings.timeout(), json), settings.resilience(), meters));
            }
        }
        return providers;
    }
}
