package care.gateway.dev;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The development token issuer, switched on only in local mode (profile {@code local}).
 *
 * @param enabled       whether {@code /dev/tokens} and {@code /dev/jwks} exist at all
 * @param issuer        the {@code iss} claim; services are configured to trust exactly this issuer
 * @param audience      the {@code aud} claim the services require
 * @param keyFile       where the signing key is kept so tokens survive restarts; none keeps it in memory
 * @param tokenLifetime how long a token is valid
 * @param networkExposureAnyoneCanBeAdmin lets the gateway start with development tokens on an address other
 *                      people can reach; anyone who can reach it can then mint an ADMIN token
 */
@ConfigurationProperties("care.dev-identity")
public record DevIdentityProperties(boolean enabled, String issuer, String audience, Path keyFile,
        Duration tokenLifetime, boolean networkExposureAnyoneCanBeAdmin) {

    public DevIdentityProperties {
        issuer = issuer == null ? "http://localhost:8080/dev" : issuer;
        audience = audience == null ? "care-platform" : audience;
        tokenLifetime = tokenLifetime == null ? Duration.ofHours(1) : tokenLifetime;
    }
}
