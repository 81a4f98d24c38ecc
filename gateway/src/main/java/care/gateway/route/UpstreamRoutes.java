package care.gateway.route;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.setPath;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;
import static org.springframework.cloud.gateway.server.mvc.predicate.GatewayRequestPredicates.path;
import static org.springframework.cloud.gateway.server.mvc.predicate.GatewayRequestPredicates.method;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The routes to the services, one per service from {@code care.gateway.services}, each behind its own
 * {@link UpstreamGuard}: the service's API paths unchanged, its OpenAPI document at
 * {@code /v3/api-docs/<name>}, and one alias (the integration API's coach assignment goes to intake, which owns
 * the care team). Every answer to an API call is marked {@code Cache-Control: no-store}: it is personal data.
 */
@Configuration(proxyBeanMethods = false)
class UpstreamRoutes {

    /** The paths the gateway itself answers or routes to a service. */
    static final List<String> NOT_THE_WEB_APP = List.of("/api/**", "/dev/**", "/v3/api-docs/**", "/api-docs",
            "/api-docs/**", "/webjars/swagger-ui/**", "/livez", "/readyz", "/actuator/**");

    @Bean
    CircuitBreakerRegistry upstreamCircuitBreakers(MeterRegistry meters) {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
        return registry;
    }

    @Bean
    Map<String, UpstreamGuard> upstreamGuards(UpstreamProperties properties, CircuitBreakerRegistry breakers) {
        Map<String, UpstreamGuard> guards = new LinkedHashMap<>();
        properties.services().forEach((name, service) -> guards.put(name,
                new UpstreamGuard(name, service, properties.resilience(), breakers)));
        return guards;
    }

    @Bean
    RouterFunction<ServerResponse> serviceRoutes(UpstreamProperties properties, Map<String, UpstreamGuard> guards) {
        RouterFunction<ServerResponse> routes = null;
        UpstreamProperties.Service intake = properties.services().get("intake");
        if (intake != null) {
            // The patient's coach is a member of the care team, which intake owns (one source of truth).
            routes = route("coach-assignment")
                    .route(method(HttpMethod.PUT).and(path("/api/integration/patients/{patientId}/coach")), http())
                    .before(uri(intake.url()))
                    .before(setPath("/api/intake/patients/{patientId}/coach"))
                    .filter(guards.get("intake"))
                    .after(UpstreamRoutes::noStore)
                    .build();
        }
        for (Map.Entry<String, UpstreamProperties.Service> entry : properties.apiServices().entrySet()) {
            String name = entry.getKey();
            UpstreamProperties.Service service = entry.getValue();
            UpstreamGuard guard = guards.get(name);
            RouterFunction<ServerResponse> docs = route(name + "-api-docs")
                    .GET("/v3/api-docs/" + name, http())
                    .before(uri(service.url()))
                    .before(setPath("/v3/api-docs"))
                    .filter(guard)
                    .build();
            routes = routes == null ? docs : routes.and(docs);
            if (!service.paths().isEmpty()) {
                routes = routes.and(route(name)
                        .route(path(service.paths().toArray(String[]::new)), http())
                        .before(uri(service.url()))
                        .filter(guard)
                        .after(UpstreamRoutes::noStore)
                        .build());
            }
        }
        if (routes == null) {
            throw new IllegalStateException("care.gateway.services lists no service");
        }
        return routes;
    }

    /**
     * The web app gets everything that is not the API's, the API documentation's, the development identity's, a
     * probe's or the actuator's, unchanged and with its own headers: cookies both ways, {@code Location}, its
     * {@code Cache-Control} and its Content Security Policy (the edge adds its own only where an answer has none).
     * Ordered last, after the API routes.
     */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    RouterFunction<ServerResponse> webAppRoute(UpstreamProperties properties, Map<String, UpstreamGuard> guards) {
        UpstreamProperties.Service web = properties.web().orElse(null);
        if (web == null) {
            // Nothing but the API: every other path is 404.
            return route("web-app").route(request -> false, http()).build();
        }
        RequestPredicate notTheWebApp = path(NOT_THE_WEB_APP.toArray(String[]::new));
        return route("web-app")
                .route(notTheWebApp.negate(), http())
                .before(uri(web.url()))
                .filter(guards.get(UpstreamProperties.WEB))
                .build();
    }

    private static ServerResponse noStore(ServerRequest request, ServerResponse response) {
        response.headers().set("Cache-Control", "no-store");
        response.headers().remove("Pragma");
        response.headers().remove("Expires");
        return response;
    }
}
