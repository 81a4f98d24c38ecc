package care.gateway.dev;

import java.net.InetAddress;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Local mode: the development signing key, the gateway's own check of the tokens it issues (the same rules as
 * the services': RS256, issuer, audience, expiry), and the refusal to run the token endpoint on an address other
 * people can reach.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("care.dev-identity.enabled")
class DevIdentityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DevIdentityConfiguration.class);

    @Bean
    RSAKey devSigningKey(DevIdentityProperties properties, ServerProperties server) {
        requireLoopback(server.getAddress(), properties.networkExposureAnyoneCanBeAdmin());
        return DevSigningKey.loadOrCreate(properties.keyFile());
    }

    @Bean
    JwtDecoder devTokenDecoder(RSAKey devSigningKey, DevIdentityProperties properties,
            List<OAuth2TokenValidator<Jwt>> additionalValidators) throws JOSEException {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(devSigningKey.toRSAPublicKey())
                .signatureAlgorithm(SignatureAlgorithm.RS256).build();
        java.util.ArrayList<OAuth2TokenValidator<Jwt>> validators = new java.util.ArrayList<>();
        validators.add(JwtValidators.createDefaultWithIssuer(properties.issuer()));
        validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                audience -> audience != null && audience.contains(properties.audience())));
        validators.addAll(additionalValidators);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }

    /**
     * Development tokens on an address other people can reach would let anyone mint an ADMIN token: refuse to
     * start unless that was asked for by name.
     */
    static void requireLoopback(InetAddress address, boolean exposureAccepted) {
        if (address != null && address.isLoopbackAddress()) {
            return;
        }
        String where = address == null ? "every network interface" : address.getHostAddress();
        if (!exposureAccepted) {
            throw new IllegalStateException("Development tokens are enabled (local mode) and the gateway would listen on "
                    + where + ": anyone who can reach it could mint an ADMIN token. Bind to 127.0.0.1 "
                    + "(CARE_BIND_ADDRESS) or, if you really mean it, set CARE_DEV_TOKENS_ON_NETWORK_ANYONE_CAN_BE_ADMIN=true.");
        }
        log.warn("!!! Development tokens are served on {}: ANYONE who can reach this gateway can mint an ADMIN token "
                + "(CARE_DEV_TOKENS_ON_NETWORK_ANYONE_CAN_BE_ADMIN=true). Never do this with real data. !!!", where);
    }
}
