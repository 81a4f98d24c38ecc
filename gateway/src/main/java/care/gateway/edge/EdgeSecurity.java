package care.gateway.edge;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * The gateway's door. Every {@code /api/**} request but the signed webhooks needs a valid bearer token (RS256, the
 * configured issuer and audience, not expired, with an {@code exp}), checked here before anything is routed and
 * again by the service. Refusals are problem details. Cross-origin calls are allowed only for the configured
 * origins; every answer carries the security headers; the per-caller rate limits apply to what was let in.
 */
@Configuration(proxyBeanMethods = false)
class EdgeSecurity {

    private static final Logger AUDIT = LoggerFactory.getLogger("care.audit.security");

    /** For JSON and problem answers: nothing may be loaded, framed or submitted from them. */
    static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    /** For the API documentation page: its own scripts and styles, calls to this origin only. */
    static final String DOCS_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    static final List<String> EXPOSED_HEADERS = List.of("Location", "Retry-After", "RateLimit-Limit",
            "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy", RequestIdFilter.REQUEST_ID,
            "X-Correlation-Id", "ETag");

    /** Tokens must say when they expire: one without {@code exp} would be valid forever. */
    @Bean
    JwtTimestampValidator expiryRequired() {
        JwtTimestampValidator validator = new JwtTimestampValidator();
        validator.setAllowEmptyExpiryClaim(false);
        return validator;
    }

    @Bean
    SecurityFilterChain edgeSecurityFilterChain(HttpSecurity http, EdgeProperties edge, RateLimitProperties limits,
            MeterRegistry meters) throws Exception {
        RequestMatcher signed = signedWebhooks(edge.signedPaths());
        RequestMatcher docsPage = new OrRequestMatcher(PathPatternRequestMatcher.pathPattern("/api-docs"),
                PathPatternRequestMatcher.pathPattern("/api-docs/**"),
                PathPatternRequestMatcher.pathPattern("/webjars/swagger-ui/**"));
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .securityContext(context -> context.requireExplicitSave(true))
                .anonymous(anonymous -> anonymous.principal("anonymous"))
                .addFilterBefore(corsFilter(edge.cors().allowedOrigins()), org.springframework.security.web
                        .context.SecurityContextHolderFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(signed).permitAll()
                        .requestMatchers(HttpMethod.OPTIONS, "/api/**").permitAll()
                        .requestMatchers("/api/**").authenticated()
                        // Everything else is public or does not exist (404): API documentation, probes, the
                        // development identity in local mode, and the web app's pages (it signs people in itself
                        // and keeps their tokens in its session).
                        .anyRequest().permitAll())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(Customizer.withDefaults())
                        .authenticationEntryPoint((request, response, failure) -> {
                            response.setHeader("WWW-Authenticate", failure instanceof InvalidBearerTokenException
                                    ? "Bearer error=\"invalid_token\"" : "Bearer");
                            AUDIT.warn("gateway refused a request without a valid token: {} {} ({})", request.getMethod(),
                                    request.getRequestURI(), failure.getClass().getSimpleName());
                            Problems.write(request, response, HttpStatus.UNAUTHORIZED, "unauthenticated",
                                    "Unauthorized", "A valid bearer token is required.");
                        }))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint((request, response, failure) -> {
                    response.setHeader("WWW-Authenticate", "Bearer");
                    Problems.write(request, response, HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthorized",
                            "A valid bearer token is required.");
                }))
                .headers(headers -> headers
                        .contentTypeOptions(options -> {
                        })
                        .frameOptions(frame -> frame.deny())
                        .httpStrictTransportSecurity(hsts -> hsts.maxAgeInSeconds(Duration.ofDays(365).toSeconds())
                                .includeSubDomains(true))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                        .addHeaderWriter(new StaticHeadersWriter("Cross-Origin-Opener-Policy", "same-origin"))
                        .addHeaderWriter(new StaticHeadersWriter("Cross-Origin-Resource-Policy", "same-origin"))
                        .addHeaderWriter(new StaticHeadersWriter("Permissions-Policy",
                                "camera=(), microphone=(), geolocation=(), payment=(), usb=()"))
                        .addHeaderWriter((request, response) -> {
                            if (!response.containsHeader("Content-Security-Policy")) {
                                response.setHeader("Content-Security-Policy",
                                        docsPage.matches(request) ? DOCS_POLICY : API_POLICY);
                            }
                        }))
                .addFilterAfter(new RateLimitFilter(limits, meters), AuthorizationFilter.class);
        return http.build();
    }

    private static RequestMatcher signedWebhooks(List<String> paths) {
        if (paths.isEmpty()) {
            // Never an empty matcher list: it would match every request.
            return request -> false;
        }
        return new OrRequestMatcher(paths.stream()
                .map(path -> (RequestMatcher) PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, path))
                .toList());
    }

    /**
     * Preflight and cross-origin calls: only from the listed origins, with credentials, answered here. A request
     * from any other origin is refused with a problem (403) and never reaches a service.
     */
    static CorsFilter corsFilter(List<String> allowedOrigins) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(allowedOrigins);
        cors.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept", "Idempotency-Key", "If-Match",
                RequestIdFilter.REQUEST_ID, RequestIdFilter.TRACEPARENT, "X-Correlation-Id"));
        cors.setExposedHeaders(EXPOSED_HEADERS);
        cors.setAllowCredentials(!allowedOrigins.isEmpty());
        cors.setMaxAge(Duration.ofHours(1));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", cors);
        source.registerCorsConfiguration("/v3/api-docs/**", cors);
        CorsFilter filter = new CorsFilter(source);
        filter.setCorsProcessor(new DefaultCorsProcessor() {
            @Override
            protected void rejectRequest(org.springframework.http.server.ServerHttpResponse response)
                    throws java.io.IOException {
                Problems.write(((ServletServerHttpResponse) response).getServletResponse(), HttpStatus.FORBIDDEN,
                        "origin-not-allowed", "Origin not allowed",
                        "This origin may not call the API from a browser.", null);
            }
        });
        return filter;
    }
}
