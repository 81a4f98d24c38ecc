package care.web.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The signed-in user's access token, kept in the server-side session and never sent to the browser: in local mode
 * the development token stored at sign-in, with OpenID Connect the access token of the authorized client (refreshed
 * by Spring Security when it can be).
 */
@Component
public class AccessTokens {

    /** The session attribute that holds the access token of a local-mode sign-in. */
    static final String SESSION_ATTRIBUTE = AccessTokens.class.getName() + ".token";

    private final ObjectProvider<OAuth2AuthorizedClientManager> authorizedClients;

    AccessTokens(ObjectProvider<OAuth2AuthorizedClientManager> authorizedClients) {
        this.authorizedClients = authorizedClients;
    }

    /** The current user's access token; {@link SignInRequired} when there is none (signed out, expired). */
    public String current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || authentication instanceof AnonymousAuthenticationToken
                || !authentication.isAuthenticated()) {
            throw new SignInRequired();
        }
        ServletRequestAttributes attributes = (ServletRequestAttributes) RequestContextHolder.currentRequestAttributes();
        HttpServletRequest request = attributes.getRequest();
        if (authentication instanceof OAuth2AuthenticationToken oauth) {
            OAuth2AuthorizedClientManager manager = authorizedClients.getIfAvailable();
            if (manager == null) {
                throw new SignInRequired();
            }
            OAuth2AuthorizedClient client = manager.authorize(OAuth2AuthorizeRequest
                    .withClientRegistrationId(oauth.getAuthorizedClientRegistrationId())
                    .principal(oauth)
                    .attribute(HttpServletRequest.class.getName(), request)
                    .attribute(HttpServletResponse.class.getName(), attributes.getResponse())
                    .build());
            if (client == null || client.getAccessToken() == null) {
                throw new SignInRequired();
            }
            return client.getAccessToken().getTokenValue();
        }
        HttpSession session = request.getSession(false);
        Object token = session == null ? null : session.getAttribute(SESSION_ATTRIBUTE);
        if (!(token instanceof String value) || value.isBlank()) {
            throw new SignInRequired();
        }
        return value;
    }

    /** Who the current user is, from their token's claims; null when nobody is signed in. */
    public CareUser currentUser() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || authentication instanceof AnonymousAuthenticationToken
                || !authentication.isAuthenticated()) {
            return null;
        }
        try {
            return CareUser.fromToken(current(), authentication.getName());
        } catch (SignInRequired none) {
            return null;
        }
    }

    static void store(HttpSession session, String token) {
        session.setAttribute(SESSION_ATTRIBUTE, token);
    }
}
