package care.gateway.dev;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.rewritePath;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Local mode only: {@code GET /dev/messages?to=<address>} (what the email and SMS/push stand-ins of
 * {@code ./dev-stack up} received) and {@code POST /dev/messages/outage} (make a channel fail for a
 * while), forwarded to the stand-in at {@code care.dev-messages.url} as {@code /messages} and
 * {@code /messages/outage}. Without that property (everywhere but local mode) neither path exists.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("care.dev-messages.url")
class DevMessagesRoutes {

    @Bean
    RouterFunction<ServerResponse> devMessagesRoute(@Value("${care.dev-messages.url}") String url) {
        return route("dev-messages")
                .GET("/dev/messages", http())
                .POST("/dev/messages/outage", http())
                .before(uri(url))
                .before(rewritePath("^/dev/messages", "/messages"))
                .build();
    }
}
