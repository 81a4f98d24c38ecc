package care.web;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The web app's settings ({@code care.web}).
 *
 * @param gatewayUrl  where the gateway's API is reached from this process
 * @param clinicName  the name in every page's header
 * @param localSignIn local mode: the "Sign in as" page creates development identities through the gateway's
 *                    {@code /dev/tokens}
 * @param oidc        the identity provider for production sign-in (OpenID Connect, authorization code with PKCE)
 */
@ConfigurationProperties("care.web")
public record WebProperties(URI gatewayUrl, String clinicName, boolean localSignIn, Oidc oidc) {

    public WebProperties {
        gatewayUrl = gatewayUrl == null ? URI.create("http://127.0.0.1:8080") : gatewayUrl;
        clinicName = clinicName == null || clinicName.isBlank() ? "Care pathway clinic" : clinicName.strip();
        oidc = oidc == null ? new Oidc(null, null, null, null) : oidc;
    }

    /**
     * @param issuerUri    the provider's issuer (its discovery document is read at start-up)
     * @param clientId     this app's client id at the provider
     * @param clientSecret the client secret; blank for a public client, which relies on PKCE alone
     * @param redirectUri  where the provider sends the browser back, registered at the provider: the public
     *                     address, e.g. {@code https://clinic.example/login/oauth2/code/care}; by default built from
     *                     the request this app receives
     */
    public record Oidc(String issuerUri, String clientId, String clientSecret, String redirectUri) {

        public Oidc {
            issuerUri = blankToNull(issuerUri);
            clientId = blankToNull(clientId);
            clientSecret = blankToNull(clientSecret);
            redirectUri = redirectUri == null || redirectUri.isBlank() ? "{baseUrl}/login/oauth2/code/{registrationId}"
                    : redirectUri.strip();
        }

        public boolean configured() {
            return issuerUri != null;
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value.strip();
        }
    }
}
