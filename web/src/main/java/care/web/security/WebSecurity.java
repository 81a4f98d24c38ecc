package care.web.security;

import java.util.ArrayList;
import java.util.List;

import care.web.WebProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;

/**
 * The web app's security: a server-side session per signed-in user (its cookie is HttpOnly, SameSite=Lax and
 * Secure outside local mode, see application.yml), CSRF tokens on every form and htmx request, a strict Content
 * Security Policy and {@code no-store} pages. Sign-in is OpenID Connect (authorization code with PKCE) when an
 * issuer is configured, the "Sign in as" page of local mode otherwise; without either the app does not start.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class WebSecurity {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    /** The registration id of the identity provider: {@code /oauth2/authorization/care} starts sign-in. */
    static final String REGISTRATION_ID = "care";

    @Bean
    SecurityContextRepository securityContextRepository() {
        return new HttpSessionSecurityContextRepository();
    }

    @Bean
    SecurityFilterChain webSecurityFilterChain(HttpSecurity http, WebProperties properties,
            SecurityContextRepository contexts, ObjectProvider<ClientRegistrationRepository> registrations,
            @Value("${server.servlet.session.cookie.name:JSESSIONID}") String sessionCookie) throws Exception {
        if (!properties.localSignIn() && !properties.oidc().configured()) {
            throw new IllegalStateException("No way to sign in: set CARE_OIDC_ISSUER_URI and CARE_OIDC_CLIENT_ID "
                    + "(OpenID Connect), or run in local mode (profile 'local', ./dev-stack up).");
        }
        http.securityContext(context -> context.securityContextRepository(contexts))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/webjars/**", "/css/**", "/js/**", "/favicon.ico", "/livez", "/readyz",
                                "/error").permitAll()
                        // The actuator, on the management port only (never routed, not public).
                        .requestMatchers("/actuator/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/sign-in").permitAll()
                        .requestMatchers(HttpMethod.POST, "/sign-in").permitAll()
                        .anyRequest().authenticated())
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint((request, response, failure) -> {
                    // A relative redirect works behind the gateway; htmx follows HX-Redirect with a full page load.
                    if (request.getHeader("HX-Request") != null) {
                        response.setHeader("HX-Redirect", request.getContextPath() + "/sign-in");
                        response.setStatus(204);
                    } else {
                        response.sendRedirect(request.getContextPath() + "/sign-in");
                    }
                }))
                .logout(logout -> logout.logoutUrl("/sign-out")
                        .logoutSuccessUrl("/sign-in?signed-out")
                        .invalidateHttpSession(true)
                        .clearAuthentication(true)
                        .deleteCookies(sessionCookie))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                        .addHeaderWriter(new StaticHeadersWriter("Cross-Origin-Opener-Policy", "same-origin"))
                        .addHeaderWriter(new StaticHeadersWriter("Permissions-Policy",
                                "camera=(), microphone=(), geolocation=(), payment=(), usb=()")));
        ClientRegistrationRepository repository = registrations.getIfAvailable();
        if (repository != null) {
            DefaultOAuth2AuthorizationRequestResolver resolver = new DefaultOAuth2AuthorizationRequestResolver(
                    repository, "/oauth2/authorization");
            resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
            http.oauth2Login(login -> login
                    .loginPage("/sign-in")
                    .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(resolver))
                    .userInfoEndpoint(userInfo -> userInfo.oidcUserService(oidcUserService()))
                    .defaultSuccessUrl("/", true)
                    .failureUrl("/sign-in?failed"));
        }
        return http.build();
    }

    /** The user's authorities are the roles in the access token the API will check (the ID token's as a fallback). */
    private static OAuth2UserService<OidcUserRequest, OidcUser> oidcUserService() {
        OidcUserService delegate = new OidcUserService();
        return request -> {
            OidcUser user = delegate.loadUser(request);
            CareUser care = CareUser.fromToken(request.getAccessToken().getTokenValue(), user.getSubject());
            if (care.roles().isEmpty()) {
                care = CareUser.fromClaims(user.getSubject(), user.getClaims().get("roles"),
                        user.getClaims().get("patient_id"));
            }
            return new DefaultOidcUser(new ArrayList<>(care.authorities()), user.getIdToken(), user.getUserInfo());
        };
    }

    /** OpenID Connect sign-in, only when an issuer is configured ({@code CARE_OIDC_ISSUER_URI}). */
    @Configuration(proxyBeanMethods = false)
    @Conditional(OidcConfigured.class)
    static class OidcSignIn {

        @Bean
        ClientRegistrationRepository clientRegistrationRepository(WebProperties properties) {
            WebProperties.Oidc oidc = properties.oidc();
            if (oidc.clientId() == null) {
                throw new IllegalStateException("CARE_OIDC_ISSUER_URI is set but CARE_OIDC_CLIENT_ID is not");
            }
            ClientRegistration.Builder builder = ClientRegistrations.fromIssuerLocation(oidc.issuerUri())
                    .registrationId(REGISTRATION_ID)
                    .clientId(oidc.clientId())
                    .scope(List.of("openid", "profile", "email"))
                    .redirectUri(oidc.redirectUri());
            if (oidc.clientSecret() == null) {
                builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
            } else {
                builder.clientSecret(oidc.clientSecret())
                        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
            }
            return new InMemoryClientRegistrationRepository(builder.build());
        }

        /** The authorized clients (and so the access tokens) live in the user's session. */
        @Bean
        OAuth2AuthorizedClientRepository authorizedClientRepository() {
            return new HttpSessionOAuth2AuthorizedClientRepository();
        }

        @Bean
        OAuth2AuthorizedClientManager authorizedClientManager(ClientRegistrationRepository registrations,
                OAuth2AuthorizedClientRepository authorizedClients) {
            DefaultOAuth2AuthorizedClientManager manager = new DefaultOAuth2AuthorizedClientManager(registrations,
                    authorizedClients);
            manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
                    .authorizationCode()
                    .refreshToken()
                    .build());
            return manager;
        }
    }
}
