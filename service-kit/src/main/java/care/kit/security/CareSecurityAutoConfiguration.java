package care.kit.security;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;

import care.kit.audit.AuditTrail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every {@code /api/**} endpoint needs a verified RS256 bearer token (issuer, audience and expiry
 * checked by Spring Boot's resource-server support, configured in {@code care-defaults.properties}).
 * Roles come from the {@code roles} claim. Health, Prometheus and the OpenAPI document stay open for
 * the platform's probes and tooling; anything else is denied.
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
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**", "/actuator/info",
                                "/actuator/prometheus", "/v3/api-docs", "/v3/api-docs/**")
                        .permitAll()
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
