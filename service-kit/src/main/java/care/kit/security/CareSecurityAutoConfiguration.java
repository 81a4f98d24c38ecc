package care.kit.security;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;

import care.kit.audit.AuditTrail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every {@code /api/**} endpoint needs a verified RS256 bearer token (issuer, audience and expiry
 * checked by Spring Boot's resource-server support, configured in {@code care-defaults.properties});
 * a token without an expiry is refused. Roles come from the {@code roles} claim. The OpenAPI document
 * stays open for tooling; anything else is denied.
 * <p>
 * The actuator lives on the management port ({@code management.server.port}), whose requests pass
 * through this same filter chain: there only health, info and Prometheus are open, every other endpoint
 * is denied. On the public port only the probes {@code /livez} and {@code /readyz} are open, and
 * {@code /actuator/**} finds nothing (404).
 * <p>
 * Paths listed in {@code care.security.signed-paths} (e.g. a messaging provider's webhooks) carry no user
 * token: the service itself must verify their signature before acting on them.
 */
@AutoConfiguration
@EnableMethodSecurity
@Import({ CallerController.class, SecurityExceptionAdvice.class })
public class CareSecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    JwtAuthenticationConverter careJwtAuthenticationConverter() {
        JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
        authorities.setAuthoritiesClaimName(Caller.ROLES_CLAIM);
        authorities.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(authorities);
        return converter;
    }

    /**
     * Replaces the resource server's default timestamp check with one that also requires {@code exp}: a token
     * that never expires is refused even when correctly signed. Boot adds every {@code OAuth2TokenValidator<Jwt>}
     * bean to the validators of the decoder it builds from the {@code jwt} properties.
     */
    @Bean
    JwtTimestampValidator careJwtExpiryRequired() {
        JwtTimestampValidator validator = new JwtTimestampValidator();
        validator.setAllowEmptyExpiryClaim(false);
        return validator;
    }

    @Bean
    ProblemSecurityHandlers careProblemSecurityHandlers(JsonMapper json, ObjectProvider<AuditTrail> audit) {
        return new ProblemSecurityHandlers(json, audit);
    }

    @Bean
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    SecurityFilterChain careSecurityFilterChain(HttpSecurity http, ProblemSecurityHandlers problems,
            @Value("${care.security.signed-paths:}") String[] signedPaths) throws Exception {
        String[] signed = java.util.Arrays.stream(signedPaths).map(String::strip).filter(p -> !p.isEmpty())
                .toArray(String[]::new);
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests
                        // Management port (or the public one if a service shares it): probes, info and metrics.
                        .requestMatchers(EndpointRequest.to("health", "info", "prometheus")
                                .withHttpMethod(HttpMethod.GET))
                        .permitAll()
                        .requestMatchers(EndpointRequest.toAnyEndpoint()).denyAll()
                        // Public port: /livez and /readyz only.
                        .requestMatchers(EndpointRequest.toAdditionalPaths(WebServerNamespace.SERVER, "health")
                                .withHttpMethod(HttpMethod.GET))
                        .permitAll()
                        // Not an endpoint here (the actuator is on the management port): answered 404.
                        .requestMatchers("/actuator", "/actuator/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**").permitAll()
                        .requestMatchers("/error").permitAll()
                        // Never an empty pattern list here: requestMatchers(POST) alone would match every POST.
                        .requestMatchers(HttpMethod.POST, signed.length == 0 ? new String[] { "/error" } : signed)
                        .permitAll()
                        .requestMatchers("/api/**").authenticated()
                        .anyRequest().denyAll())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(Customizer.withDefaults())
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems));
        return http.build();
    }
}
